// Explicit instantiations, which libclang 14 does not show (ccdll probes
// for them): of function templates, of members, of member templates, of
// classes (their members defined outside the class body, not the inline
// ones), in namespaces and out, with names deduced, with conventions; and
// the ones that export nothing here (extern, #if'd out, not dllexport).
#define API __declspec(dllexport)
namespace ns {
template <typename T> T twice(T x) { return x + x; }
template <typename T> T twice(T x, T y) { return x + y; }
template API int twice<int>(int);    // a comment after it
template API long twice(long, long); /* and another */

template <typename T> struct API Vec {
  Vec(T);
  Vec(T, T);
  T sum() const;
  Vec operator+(const Vec &) const;
  operator bool() const;
  template <typename U> U as() const;
  static T zero;
  T inline_get() const { return v; }
  inline void later();
private:
  void hidden();
  T v;
};
template <typename T> Vec<T>::Vec(T x) : v(x) {}
template <typename T> Vec<T>::Vec(T x, T y) : v(x + y) {}
template <typename T> T Vec<T>::sum() const { return v; }
template <typename T> Vec<T> Vec<T>::operator+(const Vec &o) const { return Vec(v + o.v); }
template <typename T> Vec<T>::operator bool() const { return v != 0; }
template <typename T> template <typename U> U Vec<T>::as() const { return U(v); }
template <typename T> T Vec<T>::zero = T();
template <typename T> void Vec<T>::later() {}
template <typename T> void Vec<T>::hidden() {}
template Vec<short>::Vec(short);
template short Vec<short>::sum() const;
template API double Vec<int>::as<double>() const;
} // namespace ns
template class ns::Vec<char>;

// An abstract class template: GCC exports the complete-object
// constructor (C1) too, which clang does not list for an abstract class.
template <typename T> class Shape {
public:
  Shape(T);
  virtual ~Shape();
  virtual T area() const = 0;
  virtual T scale(T) const = 0;
};
template <typename T> Shape<T>::Shape(T) {}
template <typename T> Shape<T>::~Shape() {}
template <typename T> T Shape<T>::scale(T k) const { return k; }
template class API Shape<double>;
template class Shape<float>;

#if 0
template API int ns::twice<int>(int, int);
#endif
extern template API char ns::twice<char>(char);

template <typename T> API T __stdcall sc(T x) { return x; }
template int __stdcall sc<int>(int);
template <typename T> API T __fastcall fc(T x, T y) { return x + y; }
template int __fastcall fc<int>(int, int);
template <typename T> bool operator<(const ns::Vec<T> &, const ns::Vec<T> &) { return true; }
template API bool operator< <int>(const ns::Vec<int> &, const ns::Vec<int> &);

// Members defined after the instantiation: the static data member, which
// libclang shows only when it is defined before.
template <typename T> struct API Late { static T count; void bump(); };
template struct Late<int>;
template <typename T> T Late<T>::count = T(1);
template <typename T> void Late<T>::bump() { ++count; }

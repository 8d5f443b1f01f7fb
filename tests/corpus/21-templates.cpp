// Explicit instantiations of exported templates.
#define API __declspec(dllexport)
template <typename T> T twice(T x) { return x + x; }
template API int twice<int>(int);
template API double twice<double>(double);

template <typename T> class API Box {
public:
  explicit Box(T v) : v_(v) {}
  T get() const { return v_; }
  void set(T v);
private:
  T v_;
};
template <typename T> void Box<T>::set(T v) { v_ = v; }
template class API Box<int>;
template class API Box<char>;

// exports.cc - C++ exports for the plugin tests: an exported class (ctors,
// virtual dtor, static data, stdcall and fastcall members), multiple
// inheritance (GCC exports the thunks too), explicit instantiations of a
// class and a function template, extern "C", namespaces.
#define API __declspec(dllexport)

struct Pod { int a, b, c; };
struct NonTrivial { NonTrivial(const NonTrivial &); int x[3]; };

class API Widget {
public:
  Widget();
  explicit Widget(int v);
  virtual ~Widget();
  int get() const;
  static int count;
  static const char *label();
  int __stdcall add(int a, Pod p);
  int __fastcall twice(int a);
  virtual void paint();
  int inlineGet() const { return value_; }
private:
  int value_;
};

Widget::Widget() : value_(0) { ++count; }
Widget::Widget(int v) : value_(v) { ++count; }
Widget::~Widget() { --count; }
int Widget::get() const { return value_; }
int Widget::count = 0;
const char *Widget::label() { return "widget"; }
int __stdcall Widget::add(int a, Pod p) { return value_ + a + p.a; }
int __fastcall Widget::twice(int a) { return 2 * a; }
void Widget::paint() {}

struct API Base1 { virtual ~Base1(); virtual int f(); int one; };
struct API Base2 { virtual ~Base2(); virtual int g(); int two; };
struct API Both : Base1, Base2 { ~Both(); int g(); };
Base1::~Base1() {}
int Base1::f() { return 1; }
Base2::~Base2() {}
int Base2::g() { return 2; }
Both::~Both() {}
int Both::g() { return 3; }

template <class T> class Box {
public:
  Box();
  T get() const;
  static T zero;
private:
  T t_;
};
template <class T> Box<T>::Box() : t_() {}
template <class T> T Box<T>::get() const { return t_; }
template <class T> T Box<T>::zero = T();
template class API Box<int>;

template <class T> T twice(T x) { return x + x; }
template API int twice<int>(int);
template API double twice<double>(double);

extern "C" API int __stdcall CStd(int a, Pod p) { return a + p.a; }
extern "C" API int __fastcall CFast(int a, int b) { return a + b; }
API int __stdcall CxxStd(long double d, const Pod &r, NonTrivial n) { return (int)d + r.a + n.x[0]; }
API Pod __stdcall MakePod(int a) { Pod p = {a, a, a}; return p; }
API inline int InlineFn(int a) { return a * 2; }
namespace ns {
API int Value = 7;
API int __stdcall Nested(short s) { return s; }
}

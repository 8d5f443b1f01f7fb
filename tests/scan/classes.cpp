// classes.cpp - C++ exports for tests/scan/cxx.sh: every exported member is
// defined here, so that the compilers' export directives list them all.
#define API __declspec(dllexport)

class API Widget {
public:
  Widget(int);
  virtual ~Widget();
  virtual int get() const;
  int __stdcall sget(int);
  static int count;
  static void reset();
  int inl() { return 1; }   // inline: MinGW exports no inline member
private:
  int x;
};
Widget::Widget(int v) : x(v) {}
Widget::~Widget() {}
int Widget::get() const { return x; }
int __stdcall Widget::sget(int a) { return a + x; }
int Widget::count;
void Widget::reset() {}

template <class T> struct Box {
  T v;
  T get() const { return v; }
};
template <> struct API Box<char> {
  char v;
  char get() const;
};
char Box<char>::get() const { return v; }

extern "C" API int __stdcall cfunc(int a, const char *s[]) { return a + !s; }
extern "C" API int __fastcall ffunc(int a, long long b) { return a + (int)b; }
extern "C" API int cvar;
int cvar = 1;

namespace ns {
API void nsf(double) {}
API int nsvar = 2;
}

struct Plain {
  API void m();
  void n();
};
void Plain::m() {}
void Plain::n() {}

template <class T> T twice(T x) { return x + x; }
template <> API long twice<long>(long x) { return x; }

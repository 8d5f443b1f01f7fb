// widget.h - the C++ DLL of cxx.sh: an exported class, extern "C"
// functions (stdcall and cdecl) and data.
#ifndef WIDGET_H
#define WIDGET_H
#ifdef BUILDING_WIDGET
#define WIDGET_API __declspec(dllexport)
#else
#define WIDGET_API __declspec(dllimport)
#endif

class WIDGET_API Widget {
public:
  explicit Widget(int size);
  virtual ~Widget();
  int size() const;
  virtual int area() const;
  static int live;
private:
  int size_;
};

extern "C" {
WIDGET_API int __stdcall widget_twice(int x);
WIDGET_API int widget_plain(int x);
WIDGET_API extern int widget_data;
}
#endif

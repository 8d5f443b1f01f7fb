/* accel.h - the fixture library of the accelerator tests: stdcall,
   fastcall and cdecl functions, data and a C++ class, exported by
   __declspec(dllexport) from several files. */
#ifndef ACCEL_H
#define ACCEL_H

#ifdef __cplusplus
extern "C" {
#endif

struct Point { int x, y; };

__declspec(dllexport) int __stdcall Add(int a, int b);
__declspec(dllexport) double __stdcall Scale(double v, int by);
__declspec(dllexport) int __stdcall Manhattan(struct Point p);
__declspec(dllexport) int __fastcall FastSum(int a, int b, int c);
__declspec(dllexport) long long __fastcall FastWide(long long v);
__declspec(dllexport) int __cdecl Count(const char *s);
__declspec(dllexport) int Plain(void);
__declspec(dllexport) extern int accel_version;
__declspec(dllexport) extern const char accel_name[];
__declspec(dllexport) extern struct Point accel_origin;

#ifdef __cplusplus
}

class __declspec(dllexport) Counter {
public:
  Counter(int start);
  virtual ~Counter();
  virtual int next();
  int __stdcall peek() const;
  static int made;
private:
  int value;
};
#endif

#endif

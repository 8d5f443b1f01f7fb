// paths.c - functions whose code gendef must walk: many return paths,
// loops, tail calls, switches, calls that never return, and functions
// that only jump elsewhere.
#include <stdlib.h>
#define API __declspec(dllexport)

struct big { int a[5]; };

API int __stdcall many_returns(int a, int b, int c) {
  if (a > b) return a;
  if (b > c) return b * 3;
  if (c == 7) return 0;
  for (int i = 0; i < a; i++)
    if (i * i == c) return i;
  return -1;
}
API int __stdcall loops(const int *v, int n) {
  int s = 0;
  for (int i = 0; i < n; i++)
    while (v[i] > s) s += v[i] & 3;
  return s;
}
API int __stdcall tail_target(int a, int b) { return a * 31 + b; }
API int __stdcall tail_caller(int a, int b) { return tail_target(b, a); }
API int tail_cdecl(int a) { return abs(a) + 1; }
API int __stdcall by_value(struct big s, int k) { return s.a[0] + s.a[4] + k; }
API long long __stdcall wide(long long a, double d) { return a + (long long)d; }
API int __stdcall switcher(int k, int v) {
  switch (k) {
  case 0: return v;
  case 1: return v + 1;
  case 2: return v * 2;
  case 3: return v - 7;
  case 4: return v ^ 5;
  case 5: return v << 2;
  case 6: return v / 3;
  default: return 0;
  }
}
API void __stdcall never(int code) { exit(code); }
API int __stdcall maybe_never(int code) { if (code < 0) abort(); return code * 2; }
API void noargs(void) { }
API int __cdecl cdecl_many(int a, int b, int c, int d) { return a ? b : c ? d : a + b + c + d; }
API int cdecl_variadic(int n, ...) { return n; }
API float __stdcall floats(float a, float b) { return a * b; }

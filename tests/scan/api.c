/* api.c - the DLL of tests/scan (see api.h). */
#include "api.h"

int __stdcall Foo(int a) { return a + 1; }
int __fastcall Fast(int a, long long b) { return a + (int)b; }
int cdeclfn(const char *format, ...) { return !format; }
int Var = 42;
int __stdcall Attr(double d, char c[], struct Triple s) { return (int)d + c[0] + s.x[0]; }
API_FUNCTION(ViaMacro) { return s; }
int notexported(int x) { return x; }

/* exports.c - C exports for the plugin tests: each calling convention,
   parameters of many types, struct and long double by value, variadic
   functions, a K&R definition, data, and dllexport behind macros. */
#include "api.h"

struct Small { char c; };
struct Big { int a[5]; };
enum Color { RED, GREEN };
typedef float v4sf __attribute__((vector_size(16)));

API int __stdcall StdFoo(int x) { return x; }
API int __fastcall FastFoo(int a, int b) { return a + b; }
API int CdeclFoo(int a) { return a; }
API int __cdecl ExplicitCdecl(int a, int b) { return a - b; }
API int __stdcall ByValue(struct Big b, long double d) { return b.a[0] + (int)d; }
API int __stdcall Mixed(char c, short s, _Bool b, enum Color e, long long ll, float f, double d)
{
  return c + s + b + (int)e + (int)ll + (int)f + (int)d;
}
API int __fastcall FastMixed(char c, long long ll, struct Small s) { return c + (int)ll + s.c; }
API int __stdcall Pointers(int *p, int a[10], int (*fn)(void), const char *s) { return *p + a[0] + fn() + *s; }
API double __stdcall Numbers(_Complex double z, float f) { return __real__ z + f; }
API struct Big __stdcall ReturnsBig(int x) { struct Big b = {{x}}; return b; }
API int __stdcall StdVariadic(int n, ...) { return n; }
API int Printf(const char *fmt, ...) { return *fmt; }
API int __stdcall Empty(void) { return 0; }
API int __stdcall KnR(a, b) int a; long b; { return a + (int)b; }
__attribute__((dllexport)) int __attribute__((stdcall)) GnuSpelling(int a) { return a; }

EXPORTED_STDCALL(FromMacro)
int __stdcall DeclaredInHeader(int x) { return x; }

API int Counter = 1;
API int Buffer[16];
API const char *const Name = "exports";
API int Tentative;
extern int Tentative;

static int hidden(int x) { return x; }
int NotExported(int x) { return hidden(x); }

/* defs.c - C corner cases for tests/scan/parity.sh: every export is
   defined, so the GCC plugin (which records what GCC emits) and ccdll scan
   (which records declarations) see the same ones. */
#define API __declspec(dllexport)
#define DEFINE(name) API int __stdcall name(int a)

API int __stdcall knr(a, b) int a; long long b; { return a + (int)b; }  /* K&R: GCC @0 */
API int __stdcall variadic(int a, ...) { return a; }                  /* stdcall ignored */
API int __stdcall later(int a);
int unrelated;
API int __stdcall later(int a) { return a; }                          /* placed at the definition */
API int __stdcall arrays(int x[], char y[10], int z[][4]) { return x[0] + y[0] + z[0][0]; }
API int __fastcall fast(char c, short s, int i, long long l) { return c + s + i + (int)l; }
struct Big { double d[3]; };
API struct Big __stdcall big(struct Big b, float f, double d, long double ld) { (void)f; (void)d; (void)ld; return b; }
API int __stdcall fnptr(int (*f)(int), int g(int)) { return f(1) + g(2); }
DEFINE(made_by_macro) { return a; }
API int tentative;
API int initialized = 1;
API const char *const message = "x";

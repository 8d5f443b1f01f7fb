/* foo.h - what foo.dll exports. FOO_API is dllexport while foo.dll is
   built (FOO_BUILDING, the target's DEFINE_SYMBOL) and dllimport in its
   clients. On i386 the stdcall functions are the symbols _foo_add@8 and
   _foo_scale@12; cc-dll exports them as foo_add and foo_scale, and its
   import library libfoo.dll.a links a client's _foo_add@8 to them. */
#ifndef FOO_H
#define FOO_H

#ifdef FOO_BUILDING
#define FOO_API __declspec(dllexport)
#else
#define FOO_API __declspec(dllimport)
#endif

#ifdef __cplusplus
extern "C" {
#endif

FOO_API int __stdcall foo_add(int a, int b);          /* stdcall: foo_add@8 */
FOO_API double __stdcall foo_scale(double x, int k);  /* stdcall: foo_scale@12 */
FOO_API const char *foo_version(void);                /* cdecl */
FOO_API int foo_sum(int n, ...);                      /* cdecl, variadic */
FOO_API extern int foo_calls;                         /* data: calls so far */

#ifdef __cplusplus
}
#endif

#endif

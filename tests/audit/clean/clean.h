/* clean.h - what clean.dll exports: stdcall, fastcall, cdecl and variadic
   functions, a struct passed by value, data. Built by cc-dll, audited
   against its own DLL, import library and .def, nothing may be found. */
#ifndef CLEAN_H
#define CLEAN_H
#ifdef BUILDING_CLEAN
#define CLEAN_API __declspec(dllexport)
#else
#define CLEAN_API __declspec(dllimport)
#endif

struct pair { int a, b; };

CLEAN_API int __stdcall Add(int a, int b);
CLEAN_API double __stdcall Scale(double x, float f);
CLEAN_API int __fastcall Fast(int a, int b, int c);
CLEAN_API int Sum(int n, ...);
CLEAN_API long long __cdecl Wide(long long a);
CLEAN_API int __stdcall ByValue(struct pair p, char c);
CLEAN_API void __stdcall NoArgs(void);
CLEAN_API int __stdcall Branches(int a, int b);
CLEAN_API extern int counter;
CLEAN_API extern const char *const version;
#endif

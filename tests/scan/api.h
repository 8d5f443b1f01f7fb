/* api.h - the interface of tests/scan's DLL: every kind of export, through
   the usual macro. BUILDING_API (the DLL's own compile flags) makes the
   macro dllexport; a client sees dllimport, and nothing is exported. */
#ifndef API_H
#define API_H
#ifdef BUILDING_API
#define API __declspec(dllexport)
#else
#define API __declspec(dllimport)
#endif
struct Triple { int x[3]; };
#define API_FUNCTION(name) API int __stdcall name(short s)

API int __stdcall Foo(int a);
API int __fastcall Fast(int a, long long b);
API int cdeclfn(const char *format, ...);
API extern int Var;
int __attribute__((dllexport)) __stdcall Attr(double d, char c[], struct Triple s);
API_FUNCTION(ViaMacro);
int notexported(int);
#endif

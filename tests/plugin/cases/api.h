/* api.h - the export macros of the C plugin tests: dllexport behind a
   macro, and a macro that declares a whole exported function. */
#define API __declspec(dllexport)
#define EXPORTED_STDCALL(name) API int __stdcall name(int x) { return x + 1; }

API int __stdcall DeclaredInHeader(int x);  /* defined without API */
API int NeverDefined(int x);                /* not in this object */

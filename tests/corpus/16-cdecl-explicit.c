// Explicit cdecl and the default: no decoration either way.
#define API __declspec(dllexport)
API int __cdecl c_explicit(int a, double b) { return a + (int)b; }
API int c_default(int a, double b) { return a + (int)b; }
API void c_void(void) {}

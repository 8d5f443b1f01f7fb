// Floating-point parameters: float 4, double 8, long double 12 on mingw
// i386 and 16 on x86_64 (where stdcall is not decorated anyway).
#define API __declspec(dllexport)
API float __stdcall f_float(float a) { return a; }
API double __stdcall f_double(double a, float b) { return a + b; }
API long double __stdcall f_ldouble(long double a) { return a; }
API long double __stdcall f_mixed(int a, long double b, double c) { return a + b + c; }

// extern "C" in C++: C names, C decorations.
#define API __declspec(dllexport)
extern "C" {
API int __stdcall cpp_c_std(int a, int b) { return a + b; }
API int cpp_c_plain(const char *s) { return s[0]; }
API int cpp_c_data = 4;
}
extern "C" API double __fastcall cpp_c_fast(double d) { return d; }

// GCC's spelling of the same attributes.
__attribute__((dllexport)) int gnu_plain(int a) { return a; }
__attribute__((dllexport, stdcall)) int gnu_std(int a, int b) { return a + b; }
__attribute__((stdcall)) __attribute__((dllexport)) int gnu_std2(double a) { return (int)a; }
__attribute__((dllexport)) __attribute__((fastcall)) int gnu_fast(int a, int b, int c) { return a + b + c; }
__attribute__((dllexport)) int gnu_var = 5;

// fastcall: @name@N, every parameter counted even those in ECX and EDX.
#define API __declspec(dllexport)
API int __fastcall fc0(void) { return 0; }
API int __fastcall fc1(int a) { return a; }
API int __fastcall fc3(int a, char b, short c) { return a + b + c; }
API double __fastcall fcd(double a, int b) { return a + b; }
API long long __fastcall fcll(long long a) { return a; }

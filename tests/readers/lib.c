/* lib.c - the exports of the readers tests: stdcall, fastcall, cdecl,
   data (variable and constant) and two functions exported by ordinal only
   (lib.def), beside a forwarder to kernel32.Sleep. */
__declspec(dllexport) int __stdcall StdFn(int a, int b) { return a + b; }
__declspec(dllexport) int __fastcall FastFn(int a, int b, int c) { return a + b + c; }
__declspec(dllexport) int CdeclFn(int a) { return a; }
__declspec(dllexport) int DataVar = 42;
__declspec(dllexport) const int ConstVar = 7;
int Hidden1(void) { return 1; }
int Hidden2(void) { return 2; }
int Zeta(void) { return 3; }

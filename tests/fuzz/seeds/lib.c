/* lib.c - the DLLs and objects of the fuzz seeds: stdcall, fastcall,
   cdecl, data, a function exported by ordinal only (lib.def), a thunk
   that jumps to another export, and an import from kernel32. */
__declspec(dllimport) void __stdcall Sleep(unsigned long ms);
__declspec(dllexport) int __stdcall StdFn(int a, int b) { return a + b; }
__declspec(dllexport) int __fastcall FastFn(int a, int b, int c) { return a * b + c; }
__declspec(dllexport) int CdeclFn(int a) { return a + 1; }
__declspec(dllexport) int __stdcall Waits(int ms) { Sleep((unsigned long)ms); return ms ? StdFn(ms, 1) : 0; }
__declspec(dllexport) int DataVar = 42;
int Hidden(void) { return 1; }
int Zeta(void) { return 3; }

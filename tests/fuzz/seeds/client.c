/* client.c - a program with imports by name (kernel32, lib.dll), by
   ordinal (Hidden, NONAME in lib.def) and, linked with lld, delay-loaded. */
__declspec(dllimport) int CdeclFn(int);
__declspec(dllimport) int Hidden(void);
__declspec(dllimport) void __stdcall Sleep(unsigned long);
int main(void) { Sleep(0); return CdeclFn(1) + Hidden(); }

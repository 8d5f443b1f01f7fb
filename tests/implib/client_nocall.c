/* client_nocall.c - linked against testlib.dll's delay-load library but
   never calls it: runs where the DLL does not exist. */
__declspec(dllimport) void __stdcall ExitProcess(unsigned status);
int __stdcall Foo(int);
int (__stdcall *volatile keep)(int) = Foo;
void entry(void) { ExitProcess(0); }

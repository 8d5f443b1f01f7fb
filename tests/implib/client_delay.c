/* client_delay.c - calls testlib.dll through a delay-load library: the DLL
   is not loaded before the first call, is after it, and every argument
   (integers in registers for fastcall, floating point) arrives intact. */
__declspec(dllimport) void __stdcall ExitProcess(unsigned status);
__declspec(dllimport) void *__stdcall GetModuleHandleA(const char *name);
int __stdcall Foo(int);
int __fastcall Fast(int, int, int);
int Cdecl(int);
double Scale(double, double, float, double);

void entry(void) {
  if (GetModuleHandleA("testlib.dll"))
    ExitProcess(10);   /* loaded at start: not delayed */
  if (Foo(1) != 2)
    ExitProcess(1);
  if (!GetModuleHandleA("testlib.dll"))
    ExitProcess(11);
  if (Fast(1, 2, 3) != 123)
    ExitProcess(2);
  if (Cdecl(4) != 12)
    ExitProcess(3);
  if (Scale(1.5, 2.0, 3.0f, 4.0) != 36.0)
    ExitProcess(4);
  ExitProcess(0);
}

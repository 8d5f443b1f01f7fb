/* getproc.c - loads testdll.dll and calls every export it finds with
   GetProcAddress: by name, by ordinal (7, exported without a name), and
   through the two forwarders to other.dll. Exits with 0 when each gives
   its value, else with the number of the first check that failed. */
typedef int (__stdcall *Stdcall)(int);
typedef int (__fastcall *Fastcall)(int, int);
typedef int (*Cdecl)(int);
typedef int (*NoArgs)(void);
__declspec(dllimport) void __stdcall ExitProcess(unsigned status);
__declspec(dllimport) void *__stdcall LoadLibraryA(const char *name);
__declspec(dllimport) void *__stdcall GetProcAddress(void *module, const char *name);

static void *get(void *dll, const char *name, unsigned failure) {
  void *p = GetProcAddress(dll, name);
  if (!p)
    ExitProcess(failure);
  return p;
}

void entry(void) {
  void *dll = LoadLibraryA("testdll.dll");
  if (!dll)
    ExitProcess(100);
  if (((Stdcall)get(dll, "Foo", 101))(1) != 2)
    ExitProcess(1);
  if (((Stdcall)get(dll, "Bar", 102))(3) != 6)
    ExitProcess(2);
  if (((Fastcall)get(dll, "Fast", 103))(2, 3) != 23)
    ExitProcess(3);
  if (((Cdecl)get(dll, "Cdecl", 104))(4) != 12)
    ExitProcess(4);
  if (*(int *)get(dll, "Var", 105) != 42)
    ExitProcess(5);
  if (((NoArgs)get(dll, (const char *)7, 106))() != 7)   /* by ordinal */
    ExitProcess(6);
  if (((Cdecl)get(dll, "Fwd", 107))(5) != 50)
    ExitProcess(7);
  if (((NoArgs)get(dll, "FwdOrd", 108))() != 3)
    ExitProcess(8);
  if (GetProcAddress(dll, "Foo@4") || GetProcAddress(dll, "Hidden"))
    ExitProcess(9);   /* no decorated name, no name for Hidden */
  ExitProcess(0);
}

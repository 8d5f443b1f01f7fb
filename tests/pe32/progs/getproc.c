// getproc.exe: the built-in kernel32 at run time: LoadLibraryA,
// GetModuleHandleA, GetProcAddress (by name, by ordinal, through forwarders),
// FreeLibrary and ExitProcess.
#include "common.h"

typedef WINAPI int StdFn(int);
typedef int IntFn(void);
typedef int CdeFn(int);
typedef WINAPI void PutFn(const char *);

int start(void) {
  put("getproc: start\n");
  void *a = LoadLibraryA("A"); // ".dll" is appended; b.dll is loaded first
  show("LoadLibraryA(\"A\") != 0", a != 0);
  show("GetModuleHandleA(\"a.DLL\") == it", GetModuleHandleA("a.DLL") == a);
  show("GetModuleHandleA(\"b\") != 0", GetModuleHandleA("b") != 0);
  show("GetModuleHandleA(NULL) == GetModuleHandleA(\"getproc.exe\")",
       GetModuleHandleA(0) == GetModuleHandleA("getproc.exe"));
  show("GetModuleHandleA(\"nowhere.dll\")", GetModuleHandleA("nowhere.dll") != 0);
  show("LoadLibraryA(\"nowhere.dll\")", LoadLibraryA("nowhere.dll") != 0);

  StdFn *std = (StdFn *)GetProcAddress(a, "Std");
  show("GetProcAddress(a, \"Std\")(1)", std ? std(1) : -1);
  std = (StdFn *)GetProcAddress(a, "Std@4");
  show("GetProcAddress(a, \"Std@4\")(2)", std ? std(2) : -1);
  IntFn *secret = (IntFn *)GetProcAddress(a, (const char *)7);
  show("GetProcAddress(a, #7)()", secret ? secret() : -1);
  CdeFn *fwd = (CdeFn *)GetProcAddress(a, "Fwd");
  show("GetProcAddress(a, \"Fwd\")(5)", fwd ? fwd(5) : -1);
  show("GetProcAddress(a, \"Fwd\") == GetProcAddress(b, \"Target\")",
       (void *)fwd == GetProcAddress(GetModuleHandleA("b.dll"), "Target"));
  IntFn *third = (IntFn *)GetProcAddress(GetModuleHandleA("b.dll"), (const char *)3);
  show("GetProcAddress(b, #3)()", third ? third() : -1);
  show("GetProcAddress(a, \"Nope\")", GetProcAddress(a, "Nope") != 0);
  show("GetProcAddress(a, #999)", GetProcAddress(a, (const char *)999) != 0);

  PutFn *out = (PutFn *)GetProcAddress(GetModuleHandleA("KERNEL32.DLL"), "OutputDebugStringA");
  if (out)
    out("through GetProcAddress(kernel32, \"OutputDebugStringA\")\n");
  show("FreeLibrary(a)", FreeLibrary(a));
  ExitProcess(3);
  put("not reached\n");
  return 0;
}

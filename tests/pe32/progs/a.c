// a.dll: one export of each kind, imported by calls.exe and getproc.exe.
#include "common.h"

IMPORT WINAPI int BAdd(int a, int b); // from b.dll

int counter = 5;

WINAPI int Std(int a) { return a + counter; }
WINAPI int Std2(int a, int b) { return a + b; }
__attribute__((fastcall)) int Fast(int a, int b, int c) { return a * b + c; }
int Cde(int a, int b) { return a - b; }
int Secret(void) { return 42; }
int AddB(int a, int b) { return BAdd(a, b); }

WINAPI int DllMain(void *self, unsigned reason, void *reserved) {
  (void)self, (void)reserved;
  if (reason == 1) {
    counter = 10;
    put("a: attach, ");
    show("BAdd(2, 3)", BAdd(2, 3)); // -1 when b.dll is not attached yet
  } else if (reason == 0) {
    put("a: detach\n");
  }
  return 1;
}

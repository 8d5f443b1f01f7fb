// unbal.exe: calls a.dll's Std, which takes one int and pops 4 bytes,
// through an import library with another decoration (see unbal-*.def):
//   default    stdcall Std@8: the caller expects 8 bytes popped
//   -DCDECL    cdecl Std: the caller expects 0
//   -DFAST     fastcall @Fast@16 for a.dll's @Fast@12: expects 16 - 8 = 8, gets 4
#include "common.h"

#if defined(CDECL)
IMPORT int Std(int a);
#define CALL Std(1)
#elif defined(FAST)
IMPORT __attribute__((fastcall)) int Fast(int a, int b, int c, int d);
#define CALL Fast(1, 2, 3, 4)
#else
IMPORT WINAPI int Std(int a, int b);
#define CALL Std(1, 2)
#endif

int start(void) {
  put("unbal: start\n");
  show("call", CALL);
  return 0;
}

// The DLLs of the error scenarios, each built with one -D:
//   -DFAIL      DllMain returns FALSE
//   -DCDECL     the entry point is cdecl: pops 0 bytes where 12 are due
//   -DBAD_IMPORT  DllMain calls b.dll's BAdd (stdcall, pops 8) through an
//               import library that says BAdd@4
//   none        a plain Hello (its .def may make it a forwarder instead)
#include "common.h"

int Hello(void) { return 1; }

#ifdef BAD_IMPORT
IMPORT WINAPI int BAdd(int a);
#endif

#ifdef CDECL
int CdeclMain(void *self, unsigned reason, void *reserved) {
#else
WINAPI int DllMain(void *self, unsigned reason, void *reserved) {
#endif
  (void)self, (void)reserved;
#ifdef BAD_IMPORT
  if (reason == 1)
    BAdd(1);
#endif
#ifdef FAIL
  return reason != 1;
#else
  (void)reason;
  return 1;
#endif
}

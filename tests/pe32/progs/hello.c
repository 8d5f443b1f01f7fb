// hello.exe: imports Hello from x.dll (by name, or by ordinal 99 with
// x-ord.def); each error scenario puts a different DLL there as x.dll.
#include "common.h"

IMPORT int Hello(void);

int start(void) {
  show("Hello()", Hello());
  return 0;
}

// k32.exe: imports a kernel32 function the loader does not provide.
#include "common.h"

IMPORT WINAPI void Sleep(unsigned ms);

int start(void) {
  Sleep(1);
  return 0;
}

// k32.exe: imports a kernel32 function the loader does not provide.
#include "common.h"

IMPORT WINAPI int Beep(unsigned freq, unsigned ms);

int start(void) {
  Beep(440, 1);
  return 0;
}

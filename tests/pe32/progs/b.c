// b.dll: the target of a.dll's forwarders and of its DLL-to-DLL call.
#include "common.h"

static int ready;

int Target(int x) { return x * 3; }    // a.dll's Fwd = b.Target
int Third(void) { return 333; }         // ordinal 3: a.dll's FwdOrd = b.#3

// stdcall, called by a.dll's DllMain: b.dll must be initialised first.
WINAPI int BAdd(int a, int b) { return ready ? a + b : -1; }

WINAPI int DllMain(void *self, unsigned reason, void *reserved) {
  (void)self, (void)reserved;
  if (reason == 1) {
    ready = 1;
    put("b: attach\n");
  } else if (reason == 0) {
    put("b: detach\n");
  }
  return 1;
}

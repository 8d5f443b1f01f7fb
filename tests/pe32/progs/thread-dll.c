// thread-dll.c, tdll.dll: counts its DLL_THREAD_ATTACH and DLL_THREAD_DETACH calls (in
// the thread that starts or ends) and checks that they do not overlap (the
// loader lock).
#include "common.h"

IMPORT WINAPI unsigned GetCurrentThreadId(void);

static volatile int attaches, detaches, inside, overlaps;
static volatile unsigned last_attach;

int TAttaches(void) { return attaches; }
int TDetaches(void) { return detaches; }
int TOverlaps(void) { return overlaps; }
unsigned TLastAttach(void) { return last_attach; }

WINAPI int DllMain(void *self, unsigned reason, void *reserved) {
  (void)self, (void)reserved;
  if (reason == 2 || reason == 3) {
    if (__atomic_fetch_add(&inside, 1, __ATOMIC_SEQ_CST))
      overlaps++;
    for (volatile int i = 0; i < 100000; i++) {}   // give others a chance to overlap
    if (reason == 2) {
      attaches++;
      last_attach = GetCurrentThreadId();
    } else {
      detaches++;
    }
    __atomic_fetch_sub(&inside, 1, __ATOMIC_SEQ_CST);
  }
  return 1;
}

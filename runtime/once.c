// once.c - ccdll_once: a one-time initialisation, on Windows' own
// InitOnceExecuteOnce (Vista and later; wine's RtlRunOnceExecuteOnce):
// one caller runs the function while the others block, and a failed run
// leaves the state as it was, so that the next caller tries again.
// A member of its own in the library: only DLLs that call it import it.
#define _WIN32_WINNT 0x0600
#include <windows.h>

#include "ccdll.h"

_Static_assert(sizeof(CcdllOnce) == sizeof(INIT_ONCE), "CcdllOnce is an INIT_ONCE");

typedef struct {
  int (*fn)(void *);
  void *arg;
} Call;

static BOOL CALLBACK run(PINIT_ONCE once, PVOID param, PVOID *context) {
  (void)once, (void)context;
  Call *c = param;
  return c->fn(c->arg) != 0;
}

int ccdll_once(CcdllOnce *once, int (*fn)(void *), void *arg) {
  Call c = {fn, arg};
  return InitOnceExecuteOnce((PINIT_ONCE)once, run, &c, NULL) != 0;
}

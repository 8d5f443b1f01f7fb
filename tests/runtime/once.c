/* once.c - once.dll: ccdll_once from the runtime library. once_get runs
   init once, however many threads call it; init takes its time so that
   the others must wait for it, and only sets the value at its end.
   once_retry's function fails the first time: ccdll_once returns 0, then
   1, 1. */
#include <windows.h>

#include <ccdll.h>

static CcdllOnce once = CCDLL_ONCE_INIT;
static volatile LONG runs;
static int value;

static int init(void *arg) {
  InterlockedIncrement(&runs);
  Sleep(200);
  value = *(int *)arg;
  return 1;
}

CCDLL_EXPORT int once_get(void) {
  static int answer = 42;
  return ccdll_once(&once, init, &answer) ? value : -1;
}

CCDLL_EXPORT int once_runs(void) {
  return runs;
}

static CcdllOnce retry = CCDLL_ONCE_INIT;
static int tries;

static int flaky(void *arg) {
  (void)arg;
  return ++tries >= 2;
}

CCDLL_EXPORT int once_retry(void) {
  return ccdll_once(&retry, flaky, 0);
}

CCDLL_EXPORT int once_tries(void) {
  return tries;
}

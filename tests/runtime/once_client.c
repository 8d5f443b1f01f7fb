/* once_client.c - races 8 threads into once.dll's once_get, all released at
   once by one event, and prints what each got and how often the
   initialisation ran; then ccdll_once after a failed run. -DFREE:
   freestanding, for the PE32 test loader (no C runtime). */
#include <windows.h>

#include <ccdll.h>

CCDLL_IMPORT int once_get(void);
CCDLL_IMPORT int once_runs(void);
CCDLL_IMPORT int once_retry(void);
CCDLL_IMPORT int once_tries(void);

#ifdef FREE
static void put(const char *s) { OutputDebugStringA(s); }
#else
#include <stdio.h>
static void put(const char *s) { fputs(s, stdout); fflush(stdout); }
#endif

enum { NTHREADS = 8 };
static HANDLE go;
static int got[NTHREADS];

static DWORD WINAPI racer(LPVOID arg) {
  WaitForSingleObject(go, INFINITE);
  got[(INT_PTR)arg] = once_get();
  return 0;
}

static void put_int(int n) {
  char buf[16], *p = buf + sizeof buf;
  *--p = 0;
  unsigned u = n < 0 ? -(unsigned)n : (unsigned)n;
  do
    *--p = (char)('0' + u % 10);
  while (u /= 10);
  if (n < 0)
    *--p = '-';
  put(" ");
  put(p);
}

static int run(void) {
  HANDLE threads[NTHREADS];
  go = CreateEventA(NULL, TRUE, FALSE, NULL);   // manual reset: releases all
  for (int i = 0; i < NTHREADS; i++)
    threads[i] = CreateThread(NULL, 0, racer, (LPVOID)(INT_PTR)i, 0, NULL);
  Sleep(100);   // let them all reach the event
  SetEvent(go);
  WaitForMultipleObjects(NTHREADS, threads, TRUE, INFINITE);
  put("race:");
  for (int i = 0; i < NTHREADS; i++) {
    CloseHandle(threads[i]);
    put_int(got[i]);
  }
  put("; runs");
  put_int(once_runs());
  put("\nretry:");
  put_int(once_retry());
  put_int(once_retry());
  put_int(once_retry());
  put("; tries");
  put_int(once_tries());
  put("\n");
  return 0;
}

#ifdef FREE
void start(void) { ExitProcess(run()); }
#else
int main(void) { return run(); }
#endif

/* client.c - loads hooks.dll, runs a thread, frees hooks.dll, loads
   failing.dll, and prints what log.dll recorded after each step: one line
   each. -DFREE: freestanding, for the PE32 test loader (no C runtime). */
#include <windows.h>

#include "log.h"

#ifdef FREE
static void put(const char *s) { OutputDebugStringA(s); }
#else
#include <stdio.h>
static void put(const char *s) { fputs(s, stdout); fflush(stdout); }
#endif

static DWORD WINAPI thread(LPVOID arg) {
  (void)arg;
  log_put("client.thread");
  return 0;
}

static void show(const char *what) {
  put(what);
  put(log_text());
  put("\n");
  log_clear();
}

static int run(void) {
  show("start: ");
  HMODULE h = LoadLibraryA("hooks.dll");
  show(h ? "load hooks.dll: ok: " : "load hooks.dll: failed: ");
  HANDLE t = CreateThread(NULL, 0, thread, NULL, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  show("thread: ");
  if (h)
    FreeLibrary(h);
  show("free hooks.dll: ");
  h = LoadLibraryA("failing.dll");
  show(h ? "load failing.dll: ok: " : "load failing.dll: failed: ");
  return 0;
}

#ifdef FREE
void start(void) { ExitProcess(run()); }
#else
int main(void) { return run(); }
#endif

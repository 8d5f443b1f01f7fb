/* client.c - loads hooks.dll, runs a thread (not under the PE32 loader:
   -DFREE, no threads there), frees hooks.dll, loads failing.dll, and prints
   what log.dll recorded after each step: one line each. */
#include <windows.h>

#include "log.h"

#ifdef FREE
static void put(const char *s) { OutputDebugStringA(s); }
#else
#include <stdio.h>
static void put(const char *s) { fputs(s, stdout); fflush(stdout); }

static DWORD WINAPI thread(LPVOID arg) {
  (void)arg;
  log_put("client.thread");
  return 0;
}
#endif

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
#ifndef FREE
  HANDLE t = CreateThread(NULL, 0, thread, NULL, 0, NULL);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  show("thread: ");
#endif
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

// common.h - what the freestanding i386 test programs share: the built-in
// kernel32 functions they import and a few output helpers.
#ifndef COMMON_H
#define COMMON_H

#define WINAPI __attribute__((stdcall))
#define IMPORT __attribute__((dllimport))

IMPORT WINAPI void OutputDebugStringA(const char *s);
IMPORT WINAPI void ExitProcess(unsigned status);
IMPORT WINAPI void *GetModuleHandleA(const char *name);
IMPORT WINAPI void *LoadLibraryA(const char *name);
IMPORT WINAPI int FreeLibrary(void *module);
IMPORT WINAPI void *GetProcAddress(void *module, const char *name);

static inline void put(const char *s) { OutputDebugStringA(s); }

static inline void put_int(int v) {
  char buf[16], *p = buf + sizeof buf;
  unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
  *--p = 0;
  do
    *--p = (char)('0' + u % 10);
  while (u /= 10);
  if (v < 0)
    *--p = '-';
  put(p);
}

// Prints "what = value" on a line of its own.
static inline void show(const char *what, int value) {
  put(what);
  put(" = ");
  put_int(value);
  put("\n");
}

#endif

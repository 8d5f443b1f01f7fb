// pe32load.c - runs a freestanding PE32 i386 Windows program inside this
// 32-bit Linux process: the test loader for i386 programs (there is no
// 32-bit wine here).
//
// usage: pe32load [-v] [-L DIR]... PROGRAM.exe [ARGS...]
//
//   -L DIR   look for DLLs in DIR too; the EXE's directory is searched
//            first, then each -L DIR in order; names compare case-insensitively
//   -v       print to stderr each module mapped (name, base), each import
//            resolved and each checked call's bytes
//
// The EXE and the DLLs it imports are mapped at their ImageBase when it is
// free (else elsewhere, and relocated); imports are bound by name (hint,
// then binary search) or ordinal, following forwarders; kernel32.dll is
// built in (kernel32.c). Every IAT slot of a function whose __imp_ symbol
// is in the importer's COFF symbol table goes through a trampoline that
// checks the bytes the callee pops against the symbol's decoration
// (trampoline.c). DllMain(DLL_PROCESS_ATTACH) runs for each DLL, imports
// first, then the EXE entry point as int __cdecl entry(void), then
// DllMain(DLL_PROCESS_DETACH) in reverse order. Threads the program
// creates get DLL_THREAD_ATTACH / DETACH calls under the loader lock
// (threads.c).
//
// Exit status: the entry point's return value or ExitProcess's argument
// (modulo 256, as Linux keeps 8 bits); 1 when loading fails or a call is
// unbalanced ("pe32load: error: ..." on stderr); 2 on a bad command line.
#include "pe32load.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Loader *loader;
bool diag_quiet;
static bool started;   // the EXE entry point has been called
static bool exiting;

static void usage(FILE *f) {
  fprintf(f, "usage: pe32load [-v] [-L DIR]... PROGRAM.exe [ARGS...]\n");
}

// Prints "pe32load: error: ..."; while LoadLibraryA or GetProcAddress runs
// (diag_quiet), a failure is the program's to handle: only -v shows it.
void error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (diag_quiet) {
    if (loader && loader->verbose) {
      fflush(stdout);
      fprintf(stderr, "pe32load: note: ");
      vfprintf(stderr, fmt, ap);
      fputc('\n', stderr);
    }
  } else {
    fflush(stdout);
    fprintf(stderr, "pe32load: error: ");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
  }
  va_end(ap);
}

void verbose(const char *fmt, ...) {
  if (!loader || !loader->verbose)
    return;
  va_list ap;
  va_start(ap, fmt);
  fflush(stdout);
  fprintf(stderr, "pe32load: ");
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) {
    fprintf(stderr, "pe32load: error: out of memory\n");
    exit(1);
  }
  return p;
}

char *xstrdup(const char *s) {
  size_t n = strlen(s) + 1;
  return memcpy(xmalloc(n), s, n);
}

// Calls DllMain(DLL_PROCESS_ATTACH) for each DLL not attached yet, in
// initialisation order; false (after an error) when one returns FALSE.
// lpReserved is non-NULL for the DLLs loaded with the program, NULL for
// those loaded by LoadLibraryA, as on Windows.
bool loader_attach_pending(void) {
  for (int i = 0; i < loader->ninit; i++) {
    Module *m = loader->init[i];
    if (m->attached)
      continue;
    m->attached = true; // before the call: DllMain may call LoadLibraryA
    if (!m->entry)
      continue;
    verbose("DllMain(%s, DLL_PROCESS_ATTACH)", m->name);
    if (!tramp_call_dllmain(m, 1, started ? NULL : (void *)1)) {
      m->attached = false;
      error("%s: DllMain returned FALSE for DLL_PROCESS_ATTACH", m->path);
      return false;
    }
  }
  return true;
}

// Runs DllMain(DLL_PROCESS_DETACH) in reverse initialisation order and exits.
_Noreturn void loader_exit(int status) {
  loader_lock();   // held until exit: no more DllMain calls from other threads
  if (!exiting) {
    exiting = true;
    for (int i = loader->ninit - 1; i >= 0; i--) {
      Module *m = loader->init[i];
      if (!m->attached || !m->entry)
        continue;
      m->attached = false;
      verbose("DllMain(%s, DLL_PROCESS_DETACH)", m->name);
      tramp_call_dllmain(m, 0, (void *)1);
    }
  }
  fflush(stdout);
  exit(status);
}

int main(int argc, char **argv) {
  static Loader l;
  loader = &l;
  int i = 1;
  for (; i < argc && argv[i][0] == '-'; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--")) {
      i++;
      break;
    } else if (!strcmp(a, "-v")) {
      l.verbose = true;
    } else if (!strncmp(a, "-L", 2)) {
      const char *dir = a[2] ? a + 2 : (i + 1 < argc ? argv[++i] : NULL);
      if (!dir) {
        fprintf(stderr, "pe32load: error: missing directory after -L\n");
        return 2;
      }
      l.lib_dirs = realloc(l.lib_dirs, sizeof(char *) * (l.nlib_dirs + 1));
      l.lib_dirs[l.nlib_dirs++] = xstrdup(dir);
    } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      usage(stdout);
      return 0;
    } else {
      fprintf(stderr, "pe32load: error: unknown option '%s'\n", a);
      usage(stderr);
      return 2;
    }
  }
  if (i >= argc) {
    fprintf(stderr, "pe32load: error: no program given\n");
    usage(stderr);
    return 2;
  }
  const char *path = argv[i];
  threads_init();
  kernel32_set_cmdline(argc - i, argv + i);

  const char *slash = strrchr(path, '/');
  l.exe_dir = slash ? strndup(path, slash - path + (slash == path)) : xstrdup(".");
  Module *exe = image_load(path, slash ? slash + 1 : path);
  if (!exe)
    return 1;
  if (exe->is_dll) {
    error("%s: is a DLL, not a program", path);
    return 1;
  }
  if (!exe->entry) {
    error("%s: has no entry point", path);
    return 1;
  }
  l.mods = xmalloc(sizeof(Module *));
  l.mods[l.nmods++] = exe;
  loader_lock();
  if (!imports_bind_exe(exe) || !loader_attach_pending())
    return 1;
  loader_unlock();

  started = true;
  verbose("calling the entry point of %s", exe->name);
  int status = tramp_call_entry(exe);
  verbose("the entry point returned %d", status);
  loader_exit(status);
}

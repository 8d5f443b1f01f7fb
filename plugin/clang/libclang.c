// libclang.c - loading libclang at run time (see libclang.h).
#define CCDLL_LIBCLANG_LOADER   // the real names, not the defines
#include "libclang.h"

#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
#define open_library(path) ((void *)LoadLibraryA(path))
#define find_symbol(h, name) ((void *)GetProcAddress((HMODULE)(h), name))
static const char *load_error(void) { return "LoadLibrary failed"; }
static const char *const fallbacks[] = {"libclang.dll"};
#else
#include <dlfcn.h>
#define open_library(path) dlopen(path, RTLD_NOW | RTLD_LOCAL)
#define find_symbol(h, name) dlsym(h, name)
static const char *load_error(void) { return dlerror(); }
static const char *const fallbacks[] = {"libclang.so", "libclang.so.1"};
#endif

#ifndef CCDLL_LIBCLANG_PATH
#define CCDLL_LIBCLANG_PATH NULL
#endif

ClangApi clang_api;

const char *libclang_path(void) {
  const char *env = getenv("CCDLL_LIBCLANG");
  if (env && *env)
    return env;
  return CCDLL_LIBCLANG_PATH ? CCDLL_LIBCLANG_PATH : fallbacks[0];
}

bool libclang_load(Diag *d) {
  static bool loaded;
  if (loaded)
    return true;
  const char *first = libclang_path();
  void *h = open_library(first);
  char *why = NULL;
  if (!h) {
    const char *e = load_error();
    why = e ? strdup(e) : NULL;
    for (size_t i = 0; !h && i < sizeof fallbacks / sizeof *fallbacks && !getenv("CCDLL_LIBCLANG"); i++)
      h = open_library(fallbacks[i]);
  }
  if (!h) {
    diag_error(d, NULL, "cannot load libclang (%s): %s; set CCDLL_LIBCLANG to its path", first,
               why ? why : "not found");
    free(why);
    return false;
  }
  free(why);
#define X(f)                                                          \
  if (!(clang_api.f = (__typeof__(clang_api.f))find_symbol(h, #f))) { \
    diag_error(d, NULL, "%s: libclang has no %s (too old?)", first, #f); \
    return false;                                                     \
  }
  CCDLL_LIBCLANG_FUNCTIONS(X)
#undef X
  loaded = true;
  return true;
}

// resource.c - finding clang's resource directory for libclang.
//
// The resource directory holds the compiler's own headers: <stddef.h>,
// <stdarg.h>, <intrin.h>, <mm_malloc.h>... The clang driver finds it from
// its own path; libclang is meant to derive it from the path of the
// library, and the Debian/Ubuntu libclang 14 does not manage (with -v it
// searches the relative "lib/clang/14.0.6/include", which exists nowhere):
// mingw-w64's <malloc.h> then fails on <mm_malloc.h>, and with errors
// ignored whatever follows would silently never be declared. So we
// pass -resource-dir ourselves, found in this order:
//
//   1. $CCDLL_CLANG_RESOURCE_DIR (empty: pass none, leave it to libclang);
//   2. beside the libclang we run with: from the library's path (dladdr on
//      a libclang function, the path as loaded and with its symlinks
//      resolved), DIR/clang/V, DIR/../clang/V, DIR/../lib/clang/V and the
//      Debian layout DIR/../llvm-MAJOR/lib/clang/V, where V is the version
//      clang_getClangVersion reports ("14.0.6"), or its major number alone
//      (clang 16 and later);
//   3. `clang-MAJOR -print-resource-dir`, then `clang -print-resource-dir`.
//
// A candidate counts when it has include/stddef.h.
//
// Nor does clang 14 find the C++ standard library of Debian's mingw-w64
// g++: it looks for a GCC version directory such as 12.2.0 under
// /usr/lib/gcc/TRIPLE, and Debian names it 12-win32 and 12-posix, so
// `#include <string>` is "file not found". For a GNU target, when the g++
// of its triple is there (TRIPLE-g++, the win32 thread model one, as
// elsewhere in cc-dll), its C++ include directories are those it lists
// with `TRIPLE-g++ -E -x c++ -v /dev/null`: the lines of the `#include
// <...>` search list that hold "/c++".
#define _GNU_SOURCE   // dladdr
#include "scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef _WIN32
#include <windows.h>
#else
#include <dlfcn.h>
#include <limits.h>
#endif

static bool is_resource_dir(Arena *a, const char *dir) {
  struct stat st;
  return stat(arena_concat(a, dir, "/include/stddef.h", ""), &st) == 0 && S_ISREG(st.st_mode);
}

// "Debian clang version 14.0.6" -> "14.0.6" and "14".
static bool libclang_version(Arena *a, const char **full, const char **major) {
  CXString s = clang_getClangVersion();
  const char *v = strstr(clang_getCString(s), "version ");
  bool ok = false;
  if (v) {
    v += 8;
    size_t n = strspn(v, "0123456789.");
    size_t m = strspn(v, "0123456789");
    if (n && m) {
      *full = arena_strndup(a, v, n);
      *major = arena_strndup(a, v, m);
      ok = true;
    }
  }
  clang_disposeString(s);
  return ok;
}

// The path of the libclang shared library this process uses.
static const char *loaded_library(Arena *a) {
#ifdef _WIN32
  HMODULE h;
  char buf[MAX_PATH];
  if (!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                          (LPCSTR)(void *)clang_getClangVersion, &h))
    return NULL;
  DWORD n = GetModuleFileNameA(h, buf, sizeof buf);
  if (!n || n >= sizeof buf)
    return NULL;
  for (char *p = buf; *p; p++)
    if (*p == '\\')
      *p = '/';
  return arena_strdup(a, buf);
#else
  Dl_info info;
  if (!dladdr((void *)clang_getClangVersion, &info) || !info.dli_fname)
    return NULL;
  return arena_strdup(a, info.dli_fname);
#endif
}

static const char *dir_of(Arena *a, const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? arena_strndup(a, path, (size_t)(slash - path)) : ".";
}

static const char *from_library(Arena *a, const char *version, const char *major) {
  const char *lib = loaded_library(a);
  if (!lib)
    return NULL;
  const char *dirs[2] = {dir_of(a, lib), NULL};
#ifndef _WIN32
  char real[PATH_MAX];
  if (realpath(lib, real))
    dirs[1] = dir_of(a, real);
#endif
  static const char *const layouts[] = {"%s/clang/%s", "%s/../clang/%s", "%s/../lib/clang/%s"};
  for (int d = 0; d < 2 && dirs[d]; d++) {
    for (int v = 0; v < 2; v++) {
      const char *ver = v ? major : version;
      for (size_t l = 0; l < sizeof layouts / sizeof *layouts; l++) {
        char *dir = arena_printf(a, layouts[l], dirs[d], ver);
        if (is_resource_dir(a, dir))
          return dir;
      }
      char *debian = arena_printf(a, "%s/../llvm-%s/lib/clang/%s", dirs[d], major, ver);
      if (is_resource_dir(a, debian))
        return debian;
    }
  }
  return NULL;
}

// The output of `prog -print-resource-dir`, when it is a resource directory.
static const char *from_driver(Arena *a, const char *prog) {
#ifdef _WIN32
  char *cmd = arena_printf(a, "%s -print-resource-dir 2>NUL", prog);
#else
  char *cmd = arena_printf(a, "%s -print-resource-dir 2>/dev/null", prog);
#endif
  FILE *p = popen(cmd, "r");
  if (!p)
    return NULL;
  char line[4096];
  char *got = fgets(line, sizeof line, p);
  pclose(p);
  if (!got)
    return NULL;
  line[strcspn(line, "\r\n")] = '\0';
  return line[0] && is_resource_dir(a, line) ? arena_strdup(a, line) : NULL;
}

const char *scan_resource_dir(Diag *d, Arena *a, bool verbose) {
  const char *env = getenv("CCDLL_CLANG_RESOURCE_DIR");
  if (env)
    return *env ? env : NULL;
  const char *version = NULL, *major = NULL, *dir = NULL;
  if (libclang_version(a, &version, &major)) {
    dir = from_library(a, version, major);
    if (!dir)
      dir = from_driver(a, arena_concat(a, "clang-", major, ""));
  }
  if (!dir)
    dir = from_driver(a, "clang");
#ifndef _WIN32
  char real[PATH_MAX];
  if (dir && realpath(dir, real))
    dir = arena_strdup(a, real);   // /usr/lib/llvm-14/lib/clang/14.0.6, not /lib/x86_64-linux-gnu/../clang/...
#endif
  if (!dir)
    diag_warning(d, NULL,
                 "cannot find clang's resource directory (its <stddef.h>); declarations after a "
                 "missing builtin header will be lost: set CCDLL_CLANG_RESOURCE_DIR or pass "
                 "'-- -resource-dir DIR'");
  else if (verbose)
    fprintf(stderr, "ccdll: clang resource directory: %s\n", dir);
  return dir;
}

//
// The C++ headers of the mingw-w64 g++
//

#ifdef _WIN32
// A native mingw-w64 clang finds the libstdc++ of its own installation.
const char *scan_cxx_compiler(Arena *a, const char *triple) {
  (void)a, (void)triple;
  return NULL;
}

const char **scan_cxx_include_dirs(Arena *a, const char *compiler, int *n, bool verbose) {
  (void)a, (void)compiler, (void)verbose;
  *n = 0;
  return NULL;
}
#else
const char *scan_cxx_compiler(Arena *a, const char *triple) {
  // The triple goes into a command line: letters, digits, '_', '.', '-'.
  if (!*triple || triple[strspn(triple, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")])
    return NULL;
  const char *path = getenv("PATH");
  char real[PATH_MAX];
  while (path && *path) {
    size_t len = strcspn(path, ":");
    const char *dir = len ? arena_strndup(a, path, len) : ".";
    const char *exe = arena_printf(a, "%s/%s-g++", dir, triple);
    if (access(exe, X_OK) == 0 && realpath(exe, real))
      return arena_strdup(a, real);
    path += len + (path[len] == ':');
  }
  return NULL;
}

const char **scan_cxx_include_dirs(Arena *a, const char *compiler, int *n, bool verbose) {
  *n = 0;
  if (strchr(compiler, '\'') || strchr(compiler, '\n'))
    return NULL;
  FILE *p = popen(arena_printf(a, "'%s' -E -x c++ -v /dev/null 2>&1 >/dev/null", compiler), "r");
  if (!p)
    return NULL;
  const char **dirs = NULL;
  uint32_t len = 0, cap = 0;
  bool in_list = false;
  char line[4096];
  while (fgets(line, sizeof line, p)) {
    line[strcspn(line, "\r\n")] = '\0';
    if (!strcmp(line, "#include <...> search starts here:"))
      in_list = true;
    else if (!strcmp(line, "End of search list."))
      in_list = false;
    else if (in_list && line[0] == ' ' && strstr(line, "/c++")) {
      dirs = arena_reserve(a, dirs, len, &cap, len + 1, sizeof *dirs);
      dirs[len++] = arena_strdup(a, line + 1);
      if (verbose)
        fprintf(stderr, "ccdll: C++ include directory of %s: %s\n", compiler, line + 1);
    }
  }
  pclose(p);
  *n = (int)len;
  return dirs;
}
#endif

// driver_compiler.c - the real compiler behind cc-dll, its target, and the
// GCC plugin built for it.
//
// The compiler is named the way ccache and distcc name theirs: by an
// option, by $CCDLL_CC, or by the name cc-dll is called under
// (i686-w64-mingw32-cc-dll runs i686-w64-mingw32-gcc, ...-c++-dll g++).
//
// A GCC plugin only loads into the compiler it was built for: the plugin is
// BUILD/plugin/gcc/<triple>-<version>/ccdll.so, where <triple>/<version>
// are the last directories of `gcc -print-file-name=plugin`
// (/usr/lib/gcc/i686-w64-mingw32/12-win32/plugin), which one run of the
// compiler's driver tells. Plugins are looked for in $CCDLL_PLUGIN_DIR,
// beside the installed program (PREFIX/lib/ccdll/plugin) and in the build
// tree this cc-dll was built in.
#include "driver.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// The program a cc-dll name stands for: "i686-w64-mingw32-cc-dll" gives
// "i686-w64-mingw32-gcc"; NULL when the name is no such name.
static const char *compiler_of_name(Arena *a, const char *argv0) {
  const char *base = strrchr(argv0, '/');
  base = base ? base + 1 : argv0;
  static const struct { const char *suffix, *program; } names[] = {
    {"c++-dll", "g++"}, {"cc-dll", "gcc"}, {"clang-dll", "clang"}, {"clang++-dll", "clang++"},
  };
  size_t n = strlen(base);
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    size_t k = strlen(names[i].suffix);
    if (n >= k && !strcmp(base + n - k, names[i].suffix))
      return arena_printf(a, "%.*s%s", (int)(n - k), base, names[i].program);
  }
  return NULL;
}

// Runs `program arg` and gives its first line of output; NULL when it fails.
static const char *ask(Diag *d, Arena *a, const char *program, const char *arg) {
  char *argv[] = {(char *)program, (char *)arg, NULL};
  Buf out = {0};
  const char *line = NULL;
  if (run_capture(d, argv, &out) && out.len) {
    size_t n = 0;
    while (n < out.len && out.data[n] != '\n' && out.data[n] != '\r')
      n++;
    line = arena_strndup(a, (const char *)out.data, n);
  }
  buf_free(&out);
  return line;
}

// The triple of --target=T or -target T among the arguments, else NULL.
static const char *target_argument(const Invocation *inv) {
  const char *triple = NULL;
  for (int i = 0; i < inv->argc; i++) {
    if (!strncmp(inv->argv[i], "--target=", 9))
      triple = inv->argv[i] + 9;
    else if (!strcmp(inv->argv[i], "-target") && i + 1 < inv->argc)
      triple = inv->argv[i + 1];
  }
  return triple;
}

static bool is_file(const char *path) {
  return access(path, R_OK) == 0;
}

// Where plugins may be: <dir>/<triple>-<version>/ccdll.so.
static const char *find_plugin(Arena *a, const char *triple, const char *version) {
  const char *dirs[3];
  int n = 0;
  const char *env = getenv("CCDLL_PLUGIN_DIR");
  if (env && *env)
    dirs[n++] = env;
  char self[4096];
  ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
  if (len > 0) {
    self[len] = '\0';
    char *slash = strrchr(self, '/');
    if (slash) {
      *slash = '\0';
      dirs[n++] = arena_concat(a, self, "/../lib/ccdll/plugin", "");
    }
  }
#ifdef CCDLL_BUILD_PLUGIN_DIR
  dirs[n++] = CCDLL_BUILD_PLUGIN_DIR;
#endif
  for (int i = 0; i < n; i++) {
    const char *path = arena_printf(a, "%s/%s-%s/ccdll.so", dirs[i], triple, version);
    if (is_file(path))
      return path;
  }
  return NULL;
}

// GCC's triple and version from its plugin directory,
// .../gcc/<triple>/<version>/plugin; false when it has none.
static bool gcc_plugin_dir(Arena *a, const char *dir, const char **triple, const char **version) {
  size_t n = strlen(dir);
  if (dir[0] != '/' || n < 8 || strcmp(dir + n - 7, "/plugin"))
    return false;
  const char *end = dir + n - 7, *v = end;
  while (v > dir && v[-1] != '/')
    v--;
  const char *t = v - 1;
  while (t > dir && t[-1] != '/')
    t--;
  if (t == dir || v - 1 <= t)
    return false;
  *version = arena_strndup(a, v, (size_t)(end - v));
  *triple = arena_strndup(a, t, (size_t)(v - 1 - t));
  return true;
}

bool compiler_find(Diag *d, Arena *a, const Invocation *inv, const char *argv0, Compiler *out) {
  *out = (Compiler){0};
  const char *program = inv->compiler;
  if (!program || !*program)
    program = getenv("CCDLL_CC");
  if (!program || !*program)
    program = compiler_of_name(a, argv0);
  if (!program || !*program)
    program = "gcc";
  out->program = program;
  const char *base = strrchr(program, '/');
  out->kind = strstr(base ? base + 1 : program, "clang") ? COMPILER_CLANG : COMPILER_GCC;

  const char *triple = target_argument(inv), *version = NULL;
  if (!triple && out->kind == COMPILER_GCC) {
    const char *dir = ask(d, a, program, "-print-file-name=plugin");
    if (!dir) {
      diag_error(d, NULL, "cannot run the compiler '%s' (choose it with --ccdll-cc=, $CCDLL_CC or the name "
                 "cc-dll is called under, such as i686-w64-mingw32-cc-dll)", program);
      return false;
    }
    if (gcc_plugin_dir(a, dir, &triple, &version))
      out->plugin = find_plugin(a, triple, version);
  }
  if (!triple)
    triple = ask(d, a, program, "-dumpmachine");
  if (!triple) {
    diag_error(d, NULL, "cannot run the compiler '%s'", program);
    return false;
  }
  if (!target_parse_triple(triple, &out->target)) {
    diag_error(d, NULL, "'%s' compiles for '%s', not for Windows%s", program, triple,
               out->kind == COMPILER_CLANG ? " (give clang --target=x86_64-w64-mingw32 or another Windows target)"
                                           : " (use a mingw-w64 gcc, such as x86_64-w64-mingw32-gcc)");
    return false;
  }
  out->triple = triple;
  return true;
}

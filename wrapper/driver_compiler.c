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
// beside the installed program (PREFIX/lib/ccdll/gcc, for PREFIX/bin/cc-dll)
// and in the build tree this cc-dll was built in.
#include "driver.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

const char *find_program(Arena *a, const char *program) {
  const char *dirs = strchr(program, '/') ? NULL : getenv("PATH");
  for (const char *p = dirs; p && *p;) {
    const char *end = strchr(p, ':');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    const char *candidate = arena_printf(a, "%.*s/%s", (int)n, p, program);
    if (access(candidate, X_OK) == 0)
      return candidate;
    p = end ? end + 1 : NULL;
  }
  return program;
}

// Runs `program arg` and gives its first line of output; NULL when it fails.
static const char *run_and_read(Diag *d, Arena *a, const char *program, const char *arg) {
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

// What `program arg` prints, asked once per compiler: the answer is kept in
// $XDG_CACHE_HOME/ccdll/probe (~/.cache), under the compiler's path, size
// and time, so that a new compiler is asked again. A run of the gcc driver
// costs about 2 ms, a tenth of compiling a small file.
static const char *ask(Diag *d, Arena *a, const char *program, const char *arg) {
  const char *path = find_program(a, program);
  struct stat st;
  const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  const char *dir = xdg && *xdg == '/' ? arena_concat(a, xdg, "/ccdll/probe", "")
                    : home && *home  ? arena_concat(a, home, "/.cache/ccdll/probe", "")
                                     : NULL;
  if (!dir || stat(path, &st) != 0)
    return run_and_read(d, a, program, arg);
  const char *key = arena_printf(a, "%s %s %lld %lld.%09ld", arg, path, (long long)st.st_size,
                                 (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  uint32_t h = 2166136261u;   // FNV-1a: the file's name
  for (const char *k = key; *k; k++)
    h = (h ^ (uint8_t)*k) * 16777619u;
  const char *file = arena_printf(a, "%s/%08x", dir, h);

  char line[4096];
  FILE *f = fopen(file, "r");
  if (f) {
    bool hit = fgets(line, sizeof line, f) && !strncmp(line, key, strlen(key)) && line[strlen(key)] == '\n' &&
               fgets(line, sizeof line, f);
    fclose(f);
    if (hit) {
      line[strcspn(line, "\n")] = '\0';
      return arena_strdup(a, line);
    }
  }
  const char *answer = run_and_read(d, a, program, arg);
  if (answer) {
    // Written whole and renamed, so that a parallel build reads all or none.
    const char *tmp = arena_printf(a, "%s.%ld.tmp", file, (long)getpid());
    char *slash = arena_strdup(a, dir);
    for (char *p = slash + 1; *p; p++)
      if (*p == '/') {
        *p = '\0';
        mkdir(slash, 0777);
        *p = '/';
      }
    mkdir(dir, 0777);
    f = fopen(tmp, "w");
    if (f) {
      bool ok = fprintf(f, "%s\n%s\n", key, answer) > 0;
      ok = fclose(f) == 0 && ok;
      if (!ok || rename(tmp, file) != 0)
        unlink(tmp);
    }
  }
  return answer;
}

// The machine of the first object among the inputs (the COFF header's, or
// the big-object header's); MACH_NONE when there is none.
static Machine objects_machine(const Invocation *inv) {
  for (int i = 0; i < inv->argc; i++) {
    if (inv->role[i] != ARG_OBJECT)
      continue;
    uint8_t h[8];
    int fd = open(inv->argv[i], O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, h, sizeof h) : -1;
    if (fd >= 0)
      close(fd);
    if (n < 8)
      continue;
    bool big = h[0] == 0 && h[1] == 0 && h[2] == 0xff && h[3] == 0xff;
    Machine m = machine_from_coff(big ? (uint16_t)(h[6] | h[7] << 8) : (uint16_t)(h[0] | h[1] << 8));
    if (m != MACH_NONE)
      return m;
  }
  return MACH_NONE;
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
      dirs[n++] = arena_concat(a, self, "/../lib/ccdll/gcc", "");
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

  // What cc-dll must know: the plugin when gcc compiles; the machine when
  // it links a DLL (the objects' own, when it compiles nothing); nothing
  // when it only passes the command on.
  bool compiles = false;
  for (int i = 0; i < inv->argc; i++)
    compiles |= inv->role[i] == ARG_SOURCE && inv->mode != MODE_PREPROCESS;
  bool links_dll = invocation_links_dll(inv);
  if (!compiles && !links_dll && !inv->compiler_check)
    return true;
  const char *triple = target_argument(inv), *version = NULL;
  if (!triple && !compiles && !inv->compiler_check && (out->target.machine = objects_machine(inv)) != MACH_NONE)
    return true;
  int errors = d->errors;   // a compiler that ran and failed has been reported
  if (!triple && out->kind == COMPILER_GCC) {
    const char *dir = ask(d, a, program, "-print-file-name=plugin");
    if (!dir) {
      if (d->errors == errors)
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
    if (d->errors == errors)
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

const char *runtime_find(Arena *a, Machine machine) {
  const char *triple = machine == MACH_I386 ? "i686-w64-mingw32" : machine == MACH_AMD64 ? "x86_64-w64-mingw32" : NULL;
  if (!triple)
    return NULL;
  const char *dirs[3];
  int n = 0;
  const char *env = getenv("CCDLL_RUNTIME_DIR");
  if (env && *env)
    dirs[n++] = env;
  char self[4096];
  ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
  char *slash = len > 0 ? (self[len] = '\0', strrchr(self, '/')) : NULL;
  if (slash) {
    *slash = '\0';
    dirs[n++] = arena_concat(a, self, "/../lib/ccdll", "");
  }
#ifdef CCDLL_BUILD_RUNTIME_DIR
  dirs[n++] = CCDLL_BUILD_RUNTIME_DIR;
#endif
  for (int i = 0; i < n; i++) {
    const char *path = arena_printf(a, "%s/%s/libccdll_rt.a", dirs[i], triple);
    if (is_file(path))
      return path;
  }
  return NULL;
}

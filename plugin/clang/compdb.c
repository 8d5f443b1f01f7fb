// compdb.c - the flags of a file from BUILD_DIR/compile_commands.json,
// read with libclang's CXCompilationDatabase (the JSON Compilation Database
// Format Specification, clang.llvm.org/docs/JSONCompilationDatabase.html).
//
// libclang's database guesses a command for a file it does not list
// (from a file of a similar name); we match the entries ourselves, so that
// a file without an entry is an error rather than a guess. The target of
// a mingw-w64 build is usually in its compiler's name
// (i686-w64-mingw32-gcc), which libclang 14 does not turn into --target.
#define _XOPEN_SOURCE 700   // realpath
#include "scan.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct CompDb {
  CXCompilationDatabase db;
  CXCompileCommands all;
  unsigned n;
  char **real;             // each entry's file, absolute and resolved; NULL if missing
};

// path made absolute against dir (when relative), then resolved.
static char *resolve(const char *dir, const char *path) {
  char buf[PATH_MAX * 2];
  if (path[0] != '/' && dir && *dir)
    snprintf(buf, sizeof buf, "%s/%s", dir, path);
  else
    snprintf(buf, sizeof buf, "%s", path);
  char real[PATH_MAX];
  return realpath(buf, real) ? strdup(real) : NULL;
}

static char *cx_strdup(CXString s) {
  char *r = strdup(clang_getCString(s) ? clang_getCString(s) : "");
  clang_disposeString(s);
  if (!r)
    fatal_oom();
  return r;
}

CompDb *compdb_open(Diag *d, const char *build_dir) {
  size_t len = strlen(build_dir) + sizeof "/compile_commands.json";
  char *json = xmalloc(len);
  snprintf(json, len, "%s/compile_commands.json", build_dir);
  struct stat st;
  if (stat(json, &st) != 0) {
    diag_error(d, NULL, "%s: no such file", json);
    free(json);
    return NULL;
  }
  CXCompilationDatabase_Error err;
  CXCompilationDatabase db = clang_CompilationDatabase_fromDirectory(build_dir, &err);
  if (err != CXCompilationDatabase_NoError || !db) {
    diag_error(d, NULL, "%s: cannot read it (not a JSON compilation database?)", json);
    free(json);
    return NULL;
  }
  free(json);
  CompDb *c = xmalloc(sizeof *c);
  c->db = db;
  c->all = clang_CompilationDatabase_getAllCompileCommands(db);
  c->n = c->all ? clang_CompileCommands_getSize(c->all) : 0;
  c->real = xmalloc((c->n ? c->n : 1) * sizeof *c->real);
  for (unsigned i = 0; i < c->n; i++) {
    CXCompileCommand cmd = clang_CompileCommands_getCommand(c->all, i);
    char *dir = cx_strdup(clang_CompileCommand_getDirectory(cmd));
    char *file = cx_strdup(clang_CompileCommand_getFilename(cmd));
    c->real[i] = resolve(dir, file);
    free(dir);
    free(file);
  }
  return c;
}

// Options whose value is the next argument, and which libclang must not
// see: output and dependency files.
static bool drops_value(const char *a) {
  return !strcmp(a, "-o") || !strcmp(a, "-MF") || !strcmp(a, "-MT") || !strcmp(a, "-MQ");
}

static bool drops(const char *a) {
  return !strcmp(a, "-c") || !strncmp(a, "-o", 2) || !strcmp(a, "-M") || !strcmp(a, "-MM") ||
         !strcmp(a, "-MD") || !strcmp(a, "-MMD") || !strcmp(a, "-MP") || !strcmp(a, "-MG") ||
         !strncmp(a, "-MF", 3) || !strncmp(a, "-MT", 3) || !strncmp(a, "-MQ", 3) || !strncmp(a, "-Wp,-M", 6);
}

// "/usr/bin/i686-w64-mingw32-gcc-12" -> "i686-w64-mingw32": the longest
// run of its first dash-separated parts that is a Windows triple.
static const char *compiler_triple(Arena *a, const char *compiler) {
  if (!compiler)
    return NULL;
  const char *base = strrchr(compiler, '/');
  base = base ? base + 1 : compiler;
  for (int parts = 4; parts >= 2; parts--) {
    const char *p = base;
    for (int k = 0; p && k < parts; k++) {
      p = strchr(p, '-');
      if (p && k + 1 < parts)
        p++;
    }
    if (!p)
      continue;
    Target t;
    char *triple = arena_strndup(a, base, (size_t)(p - base));
    if (target_parse_triple(triple, &t))
      return triple;
  }
  return NULL;
}

bool compdb_flags(CompDb *c, Arena *a, const char *path, CompileFlags *out) {
  char *want = resolve(NULL, path);
  unsigned i = 0;
  while (want && i < c->n && (!c->real[i] || strcmp(c->real[i], want)))
    i++;
  free(want);
  if (!want || i == c->n)
    return false;

  CXCompileCommand cmd = clang_CompileCommands_getCommand(c->all, i);
  CXString dir = clang_CompileCommand_getDirectory(cmd);
  CXString file = clang_CompileCommand_getFilename(cmd);
  out->directory = arena_strdup(a, clang_getCString(dir));
  const char *name = arena_strdup(a, clang_getCString(file));
  clang_disposeString(dir);
  clang_disposeString(file);

  unsigned n = clang_CompileCommand_getNumArgs(cmd);
  out->args = arena_alloc(a, (n + 2) * sizeof *out->args);
  out->nargs = 0;
  out->compiler_triple = NULL;
  if (n) {
    CXString s = clang_CompileCommand_getArg(cmd, 0);
    out->compiler_triple = compiler_triple(a, clang_getCString(s));
    clang_disposeString(s);
  }
  for (unsigned k = 1; k < n; k++) {
    CXString s = clang_CompileCommand_getArg(cmd, k);
    const char *arg = arena_strdup(a, clang_getCString(s));
    clang_disposeString(s);
    if (!strcmp(arg, "--"))
      continue;
    if (drops_value(arg)) {
      k++;
      continue;
    }
    if (drops(arg))
      continue;
    // The file itself: the source is passed to libclang apart.
    if (!strcmp(arg, name))
      continue;
    if (arg[0] != '-') {
      char *r = resolve(out->directory, arg);
      bool same = r && !strcmp(r, c->real[i]);
      free(r);
      if (same)
        continue;
    }
    out->args[out->nargs++] = arg;
  }
  return true;
}

void compdb_close(CompDb *c) {
  if (!c)
    return;
  for (unsigned i = 0; i < c->n; i++)
    free(c->real[i]);
  free(c->real);
  if (c->all)
    clang_CompileCommands_dispose(c->all);
  clang_CompilationDatabase_dispose(c->db);
  free(c);
}

const char *scan_args_triple(const char *const *args, int nargs) {
  const char *triple = NULL;
  for (int i = 0; i < nargs; i++) {
    const char *a = args[i];
    if (!strncmp(a, "--target=", 9))
      triple = a + 9;
    else if (!strncmp(a, "-target=", 8))
      triple = a + 8;
    else if ((!strcmp(a, "-target") || !strcmp(a, "--target")) && i + 1 < nargs)
      triple = args[++i];
  }
  return triple;
}

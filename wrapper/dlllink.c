// dlllink.c - links a DLL whose export table is exactly its export .def:
// our export object (edata.c) and nothing from the linker.
//
// What each linker does otherwise (found with binutils 2.40 and lld 14):
//
//  - Objects compiled with dllexport carry "-export:" directives in their
//    .drectve section. GNU ld and lld export those names as well: a
//    stdcall function Foo exported as Foo by the .def is also exported as
//    Foo@4. Given an object with a .edata section, lld uses that table and
//    adds none, but warns ("literal .edata sections override exports")
//    when directives or options name exports. So for lld the objects are
//    linked from copies whose export directives are blanked (same size,
//    so nothing else in the object moves); objects inside static
//    libraries are left as they are, and lld only warns. GNU ld puts what
//    the directives name into its own table, which is dropped (below), so
//    it gets the objects as they are.
//
//  - GNU ld builds an export table for every DLL, even with no exports
//    (then an empty directory with the DLL's name), and appends it to the
//    .edata output section after ours, from an input it calls "dll stuff";
//    the export directory entry then covers both. A linker script inserted
//    into the default one (INSERT, so nothing else changes) discards that
//    .edata piece. The file name is matched with a wildcard: a plain name
//    in an input section description makes ld open it as an input file.
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char gnu_ld_script[] =
  "/* cc-dll: drop GNU ld's own export table; the DLL's is in .edata. */\n"
  "SECTIONS { /DISCARD/ : { dll?stuff(.edata) } } INSERT BEFORE .text;\n";

static bool has_suffix(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n >= k && !strcmp(s + n - k, suffix);
}

// The copy of an object without its export directives, in dir; the object
// itself when it has none (or is not a COFF object).
static const char *without_exports(Diag *d, Arena *a, const char *dir, const char *path, int n) {
  char *data;
  size_t len;
  uint32_t blanked;
  if (!file_read(d, path, &data, &len))
    return NULL;
  const char *result = path;
  if (object_blank_exports(a, (uint8_t *)data, len, &blanked) && blanked) {
    const char *base = strrchr(path, '/');
    result = arena_printf(a, "%s/%d-%s", dir, n, base ? base + 1 : path);
    if (!file_write(d, result, data, len))
      result = NULL;
  }
  free(data);
  return result;
}

bool dll_link(Diag *d, Arena *a, const DllLink *link) {
  const char *dir = temp_dir(d);
  if (!dir)
    return false;
  Buf exp = {0};
  bool ok = edata_write(&exp, d, a, link->m, link->machine, link->dialect);
  const char *exp_path = arena_printf(a, "%s/exports.o", dir);
  ok = ok && file_write(d, exp_path, exp.data, exp.len);
  buf_free(&exp);
  if (!ok)
    return false;

  char **argv = arena_alloc(a, sizeof(char *) * (size_t)(link->argc + 3));
  int n = 0;
  for (int i = 0; i < link->argc; i++) {
    const char *arg = link->argv[i];
    bool object = link->linker == LINKER_LLD && i > 0 && arg[0] != '-' && strcmp(link->argv[i - 1], "-o") &&
                  (has_suffix(arg, ".o") || has_suffix(arg, ".obj"));
    if (object && !(arg = without_exports(d, a, dir, arg, i)))
      return false;
    argv[n++] = (char *)arg;
  }
  argv[n++] = (char *)exp_path;
  if (link->linker == LINKER_GNU) {
    const char *script = arena_printf(a, "%s/no-ld-edata.ld", dir);
    if (!file_write(d, script, gnu_ld_script, sizeof gnu_ld_script - 1))
      return false;
    argv[n++] = arena_printf(a, "-Wl,-T,%s", script);
  }
  argv[n] = NULL;
  return run_command(d, argv, link->verbose);
}

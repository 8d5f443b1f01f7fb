// headers.c - what headers declare, for `ccdll audit` and `ccdll gendef`.
//
// The headers are read as one translation unit that includes them in the
// order given, as a source using them would (many SDK headers need
// <windows.h> before them). What counts is what is declared in a header
// under one of their directories. The unit's file is named after its text
// and kept in the cache directory, so that an unchanged audit is found in
// the scanner's cache.
#define _XOPEN_SOURCE 700   // realpath
#include "scan.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static uint64_t hash_text(const char *s, size_t n) {
  uint64_t h = 0xcbf29ce484222325u;   // FNV-1a
  for (size_t i = 0; i < n; i++)
    h = (h ^ (uint8_t)s[i]) * 0x100000001b3u;
  return h;
}

// Writes the unit's text to DIR/audit/HASH.h (or the temporary directory),
// unless it is there already; its path, or NULL after an error.
static const char *unit_file(Diag *d, Arena *a, const Buf *text) {
  const char *cache = scan_cache_dir(a);
  const char *dir = cache ? arena_concat(a, cache, "/audit", "") : temp_dir(d);
  if (!dir)
    return NULL;
  if (cache && ((mkdir(cache, 0777) && errno != EEXIST) || (mkdir(dir, 0777) && errno != EEXIST)))
    dir = temp_dir(d);
  const char *path = arena_printf(a, "%s/%016llx.h", dir, (unsigned long long)hash_text((const char *)text->data, text->len));
  struct stat st;
  if (!stat(path, &st) && (size_t)st.st_size == text->len)
    return path;
  return file_write(d, path, text->data, text->len) ? path : NULL;
}

bool scan_headers(Diag *d, Arena *a, Target t, const char *triple, const char *const *headers, int nheaders,
                  const char *const *args, int nargs, ExportList *out) {
  Buf text = {0};
  const char **dirs = arena_alloc(a, (size_t)nheaders * 2 * sizeof *dirs);
  const char **reals = arena_alloc(a, (size_t)nheaders * sizeof *reals);
  int ndirs = 0;
  for (int i = 0; i < nheaders; i++) {
    char real[PATH_MAX];
    if (!realpath(headers[i], real)) {
      diag_error(d, NULL, "%s: %s", headers[i], strerror(errno));
      continue;
    }
    buf_printf(&text, "#include \"%s\"\n", real);
    reals[i] = arena_strdup(a, real);
    // The header's directory, as named and as resolved (it may be a
    // symbolic link into another).
    char named[PATH_MAX];
    const char *slash = strrchr(headers[i], '/');
    const char *named_dir = slash ? arena_strndup(a, headers[i], (size_t)(slash - headers[i])) : ".";
    const char *candidates[2] = {realpath(named_dir, named) ? named : NULL, real};
    *strrchr(real, '/') = 0;
    for (int c = 0; c < 2; c++) {
      bool seen = !candidates[c];
      for (int j = 0; j < ndirs && !seen; j++)
        seen = !strcmp(dirs[j], candidates[c]);
      if (!seen)
        dirs[ndirs++] = arena_strdup(a, candidates[c]);
    }
  }
  const char *unit = d->errors ? NULL : unit_file(d, a, &text);
  buf_free(&text);
  if (!unit)
    return false;
  ScanOptions opt = {.all_prototypes = true, .scope_dirs = dirs, .nscope_dirs = ndirs,
                     .cache_dir = scan_cache_dir(a)};
  Scanner *s = scanner_new(d, a, &opt, out);
  // The headers' warnings are not the audit's business; their errors are.
  const char **all = arena_alloc(a, (size_t)(nargs + 1) * sizeof *all);
  if (nargs)
    memcpy(all, args, (size_t)nargs * sizeof *all);
  all[nargs] = "-w";
  bool ok = s && scanner_file(s, unit, t, triple, all, nargs + 1);
  scanner_free(s);
  // The places in a header named are given as it was named: the unit
  // included its real path.
  for (uint32_t i = 0; i < out->len; i++) {
    Export *e = out->v[i];
    for (int h = 0; e->loc.file && h < nheaders; h++)
      if (reals[h] && !strcmp(e->loc.file, reals[h])) {
        e->loc.file = headers[h];
        break;
      }
  }
  return ok && !d->errors;
}

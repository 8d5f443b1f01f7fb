// driver_scan.c - export records for the objects clang compiles, where no
// GCC plugin runs: the libclang scanner reads the source with the same
// flags, and its records go into the object's .ccdll section, as the
// plugin's do, so that they travel with the object through ccache and
// distcc.
//
// The compiler has the last word: the object's export directives say
// what it exports, and a record is kept only when a directive names the
// same symbol of the same kind. What the scanner adds are the places and
// prototypes (for messages and audits); what it misses, the directives
// still give.
#include "driver.h"

#ifdef CCDLL_HAVE_LIBCLANG

#include "scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The compile flags libclang can take: no output, dependency files or
// compile-only switches.
static int scan_args(Arena *a, const Invocation *inv, const char *language, const char ***out) {
  const char **v = arena_alloc(a, sizeof(char *) * (size_t)(inv->argc + 4));
  int n = 0;
  for (int i = 0; i < inv->argc; i++) {
    const char *arg = inv->argv[i];
    if (inv->role[i] != ARG_COMPILE)
      continue;
    if (!strcmp(arg, "-MF") || !strcmp(arg, "-MT") || !strcmp(arg, "-MQ")) {
      i++;
      continue;
    }
    if (!strcmp(arg, "-c") || !strcmp(arg, "-S") || !strcmp(arg, "-E") || !strcmp(arg, "-v") ||
        !strcmp(arg, "-pipe") || !strncmp(arg, "-M", 2) || !strncmp(arg, "-save-temps", 11) ||
        !strncmp(arg, "-fplugin", 8))
      continue;
    v[n++] = arg;
  }
  if (language) {
    v[n++] = "-x";
    v[n++] = language;
  }
  v[n++] = "-w";   // the compile has shown the warnings
  *out = v;
  return n;
}

static const char *symbol_of(const Export *e) {
  return e->symbol ? e->symbol : e->name;
}

// A sink that keeps the scanner's messages to itself.
static void quiet(Diag *d, DiagLevel level, const SrcLoc *loc, const char *msg) {
  (void)d, (void)level, (void)loc, (void)msg;
}

void attach_scanner_records(Diag *d, Arena *a, const Invocation *inv, const Compiler *cc, const char *source,
                            const char *language, const char *object) {
  char *data;
  size_t len;
  if (!file_read(d, object, &data, &len))
    return;
  Machine machine = cc->target.machine;
  ExportList directives = {0}, records = {0};
  Diag scan_diag = {.prog = "cc-dll", .sink = inv->verbose ? NULL : quiet};
  const char **args;
  int nargs = scan_args(a, inv, language, &args);
  ScanOptions opt = {0};
  Scanner *s = object_exports(d, a, object, (uint8_t *)data, len, &machine, &directives)
                   ? scanner_new(&scan_diag, a, &opt, &records)
                   : NULL;
  if (s && !scanner_file(s, source, cc->target, cc->triple, args, nargs) && inv->verbose)
    fprintf(stderr, "cc-dll: %s: the scanner failed; its exports are those of its export directives\n", source);

  Buf text = {0};
  for (uint32_t i = 0; s && i < records.len; i++) {
    const Export *r = records.v[i];
    const Export *x = r->declaration_only ? NULL : exportlist_find(&directives, r->name);
    if (!x)
      continue;
    if (strcmp(symbol_of(x), symbol_of(r)) || x->kind != r->kind) {
      diag_warning(d, &r->loc, "cc-dll's scanner makes '%s' the %s symbol '%s', the compiler the %s symbol '%s'",
                   r->name, export_kind_name(r->kind), symbol_of(r), export_kind_name(x->kind), symbol_of(x));
      continue;
    }
    record_write(&text, r);
  }
  scanner_free(s);
  if (text.len) {
    while (text.len % 4)   // as the plugin pads its section: empty lines
      buf_put_u8(&text, '\n');
    Buf edited = {0};
    OutputSet set = {0};
    if (object_add_section(a, (uint8_t *)data, len, ".ccdll", text.data, text.len,
                           IMAGE_SCN_LNK_REMOVE | IMAGE_SCN_ALIGN_4BYTES, &edited) &&
        output_stage(&set, d, object, edited.data, edited.len))
      output_commit(&set, d);
    buf_free(&edited);
  }
  buf_free(&text);
  exportlist_free(&records);
  exportlist_free(&directives);
  free(data);
}

#else

void attach_scanner_records(Diag *d, Arena *a, const Invocation *inv, const Compiler *cc, const char *source,
                            const char *language, const char *object) {
  (void)d, (void)a, (void)cc, (void)language, (void)object;
  if (inv->verbose)
    fprintf(stderr, "cc-dll: %s: no scanner (built without libclang): its exports are those of its export "
                    "directives\n", source);
}

#endif

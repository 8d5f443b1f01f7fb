// tool_exports.c - `ccdll exports`: what a DLL exports (as `dumpbin
// /exports` lists it), what an import library imports, what a .def
// declares; text or JSON. The kind of each file is read from its content:
// "MZ" a PE image, "!<arch>\n" an import library, else a .def file.
#include "tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char usage[] =
  "usage: ccdll exports [options] FILE...\n"
  "\n"
  "Lists the exports of each DLL (ordinal, hint, RVA or forwarder, kind,\n"
  "name), the imports of each import library (symbol, imported name or\n"
  "ordinal, name type, kind, DLL, long or short format) and the exports of\n"
  "each .def file.\n"
  "\n"
  "  --json          one JSON object per file, one a line\n"
  "  --imports       for a PE image, list its imports (and delay-load\n"
  "                  imports) too\n"
  "  -m, --machine=M the machine of .def files (default i386)\n"
  "\n"
  "A damaged file is reported (exit status 1) and nothing is listed for it.\n";

typedef struct {
  bool json, imports;
  Machine def_machine;
} Options;

static const char *name_type_name(ImportNameType t) {
  static const char *names[] = {"ORDINAL", "NAME", "NAME_NOPREFIX", "NAME_UNDECORATE", "NAME_EXPORTAS"};
  return (unsigned)t < 5 ? names[t] : "?";
}

// An import's ordinal (by ordinal) or hint (by name), the other null.
static void json_ordinal_hint(Buf *b, const Import *im) {
  if (im->name)
    buf_printf(b, ",\"ordinal\":null,\"hint\":%u", im->ordinal);
  else
    buf_printf(b, ",\"ordinal\":%u,\"hint\":null", im->ordinal);
}

// A JSON string, or null.
static void json_string(Buf *b, const char *s) {
  if (s)
    json_put_string(b, s);
  else
    buf_puts(b, "null");
}

//
// PE images
//

typedef struct {
  const Export *e;
  int hint;                // index in the name table; -1 for NONAME
} Row;

static int by_ordinal(const void *a, const void *b) {
  const Row *x = a, *y = b;
  if (x->e->ordinal != y->e->ordinal)
    return x->e->ordinal < y->e->ordinal ? -1 : 1;
  return x->hint < y->hint ? -1 : x->hint > y->hint;
}

// The exports in ordinal order, with their hints: pe_exports adds the
// named ones in name table order, the others after them.
static Row *export_rows(Arena *a, const Module *m) {
  Row *rows = arena_alloc(a, sizeof(Row) * (m->exports.len + 1));
  for (uint32_t i = 0; i < m->exports.len; i++)
    rows[i] = (Row){m->exports.v[i], m->exports.v[i]->noname ? -1 : (int)i};
  if (m->exports.len)
    qsort(rows, m->exports.len, sizeof(Row), by_ordinal);
  return rows;
}

// The image's imports, and how many of them (the first) are not delay-load
// ones: each table is read from a view that has only it.
static bool read_imports(Diag *d, Arena *a, const char *path, const PeView *v, ImportList *out, uint32_t *direct) {
  PeView only = *v;
  if (only.ndirectories > PE_DELAY_IMPORT_DIRECTORY)
    only.directories[PE_DELAY_IMPORT_DIRECTORY] = (PeDirectory){0, 0};
  bool ok = pe_imports(d, a, path, &only, out);
  *direct = out->len;
  only = *v;
  if (only.ndirectories > PE_IMPORT_DIRECTORY)
    only.directories[PE_IMPORT_DIRECTORY] = (PeDirectory){0, 0};
  return pe_imports(d, a, path, &only, out) && ok;
}

static void text_pe(Buf *b, const char *path, const PeView *v, const Module *m, const Row *rows,
                    const ImportList *imports, uint32_t direct, const Options *o) {
  buf_printf(b, "Dump of file %s\n\nFile Type: %s (%s, %s)\n\n", path, v->is_dll ? "DLL" : "EXECUTABLE IMAGE",
             machine_name(v->machine), v->pe32plus ? "PE32+" : "PE32");
  if (m->dll_name || m->exports.len) {
    buf_printf(b, "  Section contains the following exports for %s\n\n", m->dll_name ? m->dll_name : "(no name)");
    buf_printf(b, "    %7s %4s %-8s %-4s %s\n\n", "ordinal", "hint", "RVA", "kind", "name");
    for (uint32_t i = 0; i < m->exports.len; i++) {
      const Export *e = rows[i].e;
      buf_printf(b, "    %7u ", e->ordinal);
      if (rows[i].hint >= 0)
        buf_printf(b, "%4X ", (unsigned)rows[i].hint);
      else
        buf_puts(b, "     ");
      if (e->forward)
        buf_printf(b, "%-8s %-4s %s -> %s\n", "", export_kind_name(e->kind), e->noname ? "[NONAME]" : e->name,
                   e->forward);
      else
        buf_printf(b, "%08X %-4s %s\n", e->rva, export_kind_name(e->kind), e->noname ? "[NONAME]" : e->name);
    }
    buf_puts(b, "\n");
  } else {
    buf_puts(b, "  No exports\n\n");
  }
  if (!o->imports)
    return;
  for (int delay = 0; delay < 2; delay++) {
    uint32_t from = delay ? direct : 0, to = delay ? imports->len : direct;
    if (from == to)
      continue;
    buf_printf(b, "  Section contains the following %simports:\n", delay ? "delay load " : "");
    const char *dll = NULL;
    for (uint32_t i = from; i < to; i++) {
      const Import *im = &imports->v[i];
      if (!dll || strcmp(dll, im->dll) || (i > from && im->dll != imports->v[i - 1].dll))
        buf_printf(b, "\n    %s\n", im->dll);
      dll = im->dll;
      if (im->name)
        buf_printf(b, "      %8X %s\n", im->ordinal, im->name);
      else
        buf_printf(b, "      Ordinal %u\n", im->ordinal);
    }
    buf_puts(b, "\n");
  }
}

static void json_pe(Buf *b, const char *path, const PeView *v, const Module *m, const Row *rows,
                    const ImportList *imports, uint32_t direct, const Options *o) {
  buf_puts(b, "{\"file\":");
  json_string(b, path);
  buf_printf(b, ",\"type\":\"%s\",\"machine\":\"%s\",\"pe32plus\":%s,\"dll_name\":", v->is_dll ? "dll" : "exe",
             machine_name(v->machine), v->pe32plus ? "true" : "false");
  json_string(b, m->dll_name);
  buf_puts(b, ",\"exports\":[");
  for (uint32_t i = 0; i < m->exports.len; i++) {
    const Export *e = rows[i].e;
    buf_printf(b, "%s{\"ordinal\":%u,\"hint\":", i ? "," : "", e->ordinal);
    if (rows[i].hint >= 0)
      buf_printf(b, "%d", rows[i].hint);
    else
      buf_puts(b, "null");
    buf_printf(b, ",\"rva\":%u,\"name\":", e->rva);
    json_string(b, e->noname ? NULL : e->name);
    buf_printf(b, ",\"noname\":%s,\"forward\":", e->noname ? "true" : "false");
    json_string(b, e->forward);
    buf_printf(b, ",\"kind\":\"%s\"}", export_kind_name(e->kind));
  }
  buf_puts(b, "]");
  if (o->imports) {
    buf_puts(b, ",\"imports\":[");
    for (uint32_t i = 0; i < imports->len; i++) {
      const Import *im = &imports->v[i];
      buf_puts(b, i ? ",{\"dll\":" : "{\"dll\":");
      json_string(b, im->dll);
      buf_puts(b, ",\"name\":");
      json_string(b, im->name);
      json_ordinal_hint(b, im);
      buf_printf(b, ",\"delay\":%s}", i >= direct ? "true" : "false");
    }
    buf_puts(b, "]");
  }
  buf_puts(b, "}\n");
}

static bool list_pe(Diag *d, Arena *a, const char *path, const uint8_t *data, size_t len, const Options *o,
                    Buf *b) {
  PeView v;
  const char *why;
  if (!pe_view(a, data, len, &v, &why)) {
    diag_error(d, &(SrcLoc){path, 0, 0}, "%s", why);
    return false;
  }
  Module m;
  ImportList imports = {0};
  uint32_t direct = 0;
  bool ok = pe_exports(d, a, path, &v, &m);
  if (o->imports)
    ok = read_imports(d, a, path, &v, &imports, &direct) && ok;
  if (ok) {
    Row *rows = export_rows(a, &m);
    (o->json ? json_pe : text_pe)(b, path, &v, &m, rows, &imports, direct, o);
  }
  exportlist_free(&m.exports);
  return ok;
}

//
// Import libraries
//

// The name an import asks the loader for: its name, or "#N".
static const char *import_shown_name(Arena *a, const Import *im) {
  return im->name ? im->name : arena_printf(a, "#%u", im->ordinal);
}

static void text_implib(Buf *b, Arena *a, const char *path, Machine machine, const ImportList *l) {
  buf_printf(b, "Dump of file %s\n\nFile Type: LIBRARY (%s)\n\n", path, machine_name(machine));
  int w_symbol = 6, w_name = 11, w_type = 9, w_dll = 3;
  for (uint32_t i = 0; i < l->len; i++) {
    const Import *im = &l->v[i];
    int n;
    if ((n = (int)strlen(im->symbol)) > w_symbol)
      w_symbol = n;
    if ((n = (int)strlen(import_shown_name(a, im))) > w_name)
      w_name = n;
    if ((n = (int)strlen(name_type_name(im->name_type))) > w_type)
      w_type = n;
    if ((n = (int)strlen(im->dll)) > w_dll)
      w_dll = n;
  }
  buf_printf(b, "    %-*s %-*s %-*s %-8s %-*s %s\n\n", w_symbol, "symbol", w_name, "import name", w_type, "name type",
             "kind", w_dll, "DLL", "format");
  for (uint32_t i = 0; i < l->len; i++) {
    const Import *im = &l->v[i];
    buf_printf(b, "    %-*s %-*s %-*s %-8s %-*s %s\n", w_symbol, im->symbol, w_name, import_shown_name(a, im), w_type,
               name_type_name(im->name_type), export_kind_name(im->kind), w_dll, im->dll,
               im->long_format ? "long" : "short");
  }
  buf_puts(b, "\n");
}

static void json_implib(Buf *b, const char *path, Machine machine, const ImportList *l) {
  buf_puts(b, "{\"file\":");
  json_string(b, path);
  buf_printf(b, ",\"type\":\"implib\",\"machine\":\"%s\",\"imports\":[", machine_name(machine));
  for (uint32_t i = 0; i < l->len; i++) {
    const Import *im = &l->v[i];
    buf_puts(b, i ? ",{\"symbol\":" : "{\"symbol\":");
    json_string(b, im->symbol);
    buf_puts(b, ",\"name\":");
    json_string(b, im->name);
    json_ordinal_hint(b, im);
    buf_printf(b, ",\"name_type\":\"%s\",\"kind\":\"%s\",\"dll\":", name_type_name(im->name_type),
               export_kind_name(im->kind));
    json_string(b, im->dll);
    buf_printf(b, ",\"format\":\"%s\",\"member\":", im->long_format ? "long" : "short");
    json_string(b, im->loc.file);
    buf_puts(b, "}");
  }
  buf_puts(b, "]}\n");
}

static bool list_implib(Diag *d, Arena *a, const char *path, const uint8_t *data, size_t len, const Options *o,
                        Buf *b) {
  Machine machine = MACH_NONE;
  ImportList l = {0};
  if (!implib_read(d, a, path, data, len, &machine, &l))
    return false;
  if (o->json)
    json_implib(b, path, machine, &l);
  else
    text_implib(b, a, path, machine, &l);
  return true;
}

//
// .def files
//

static bool list_def(Diag *d, Arena *a, const char *path, char *text, size_t len, const Options *o, Buf *b) {
  Module m = {0};
  bool ok = def_parse(d, a, path, text, len, DIALECT_MINGW, o->def_machine, &m);
  if (ok && o->json) {
    buf_puts(b, "{\"file\":");
    json_string(b, path);
    buf_puts(b, ",\"type\":\"def\",\"dll_name\":");
    json_string(b, m.dll_name);
    buf_puts(b, ",\"exports\":[");
    for (uint32_t i = 0; i < m.exports.len; i++) {
      const Export *e = m.exports.v[i];
      buf_puts(b, i ? ",{\"ordinal\":" : "{\"ordinal\":");
      if (e->ordinal)
        buf_printf(b, "%u", e->ordinal);
      else
        buf_puts(b, "null");
      buf_puts(b, ",\"name\":");
      json_string(b, e->name);
      buf_puts(b, ",\"symbol\":");
      json_string(b, e->symbol);
      buf_printf(b, ",\"noname\":%s,\"private\":%s,\"forward\":", e->noname ? "true" : "false",
                 e->is_private ? "true" : "false");
      json_string(b, e->forward);
      buf_printf(b, ",\"kind\":\"%s\"}", export_kind_name(e->kind));
    }
    buf_puts(b, "]}\n");
  } else if (ok) {
    buf_printf(b, "Dump of file %s\n\nFile Type: DEF (LIBRARY %s)\n\n", path, m.dll_name ? m.dll_name : "(none)");
    buf_printf(b, "    %7s %-4s %s\n\n", "ordinal", "kind", "name");
    for (uint32_t i = 0; i < m.exports.len; i++) {
      const Export *e = m.exports.v[i];
      if (e->ordinal)
        buf_printf(b, "    %7u ", e->ordinal);
      else
        buf_printf(b, "    %7s ", "");
      buf_printf(b, "%-4s %s", export_kind_name(e->kind), e->name);
      if (e->symbol)
        buf_printf(b, " = %s", e->symbol);
      if (e->forward)
        buf_printf(b, " -> %s", e->forward);
      buf_puts(b, e->noname ? " [NONAME]" : "");
      buf_puts(b, e->is_private ? " [PRIVATE]\n" : "\n");
    }
    buf_puts(b, "\n");
  }
  exportlist_free(&m.exports);
  return ok;
}

// Is path named as a binary (a DLL, a program, a library) is, so that text
// in it is no .def?
static bool names_binary(const char *path) {
  static const char *const suffixes[] = {".dll", ".exe", ".sys", ".drv", ".ocx", ".a", ".lib"};
  const char *dot = strrchr(path, '.');
  for (size_t i = 0; dot && !strchr(dot, '/') && i < sizeof suffixes / sizeof *suffixes; i++)
    if (!strcasecmp(dot, suffixes[i]))
      return true;
  return false;
}

// Lists one file into b; false (reported) when it is damaged or unknown.
static bool list_file(Diag *d, Arena *a, const char *path, const Options *o, Buf *b) {
  char *data;
  size_t len;
  if (!file_read(d, path, &data, &len))
    return false;
  const uint8_t *bytes = (const uint8_t *)data;
  CoffView coff;
  bool ok;
  if (len >= 2 && bytes[0] == 'M' && bytes[1] == 'Z') {
    ok = list_pe(d, a, path, bytes, len, o, b);
  } else if (ar_is_archive(bytes, len)) {
    ok = list_implib(d, a, path, bytes, len, o, b);
  } else if (coff_view(a, bytes, len, &coff)) {
    diag_error(d, &(SrcLoc){path, 0, 0}, "a COFF object has no export table ('ccdll scan' lists the exports it "
                                         "declares)");
    ok = false;
  } else if (!len) {
    diag_error(d, &(SrcLoc){path, 0, 0}, "the file is empty");
    ok = false;
  } else if (memchr(data, 0, len) || names_binary(path)) {
    diag_error(d, &(SrcLoc){path, 0, 0}, "not a PE image, an import library or a .def file");
    ok = false;
  } else {
    ok = list_def(d, a, path, data, len, o, b);
  }
  free(data);   // all of it is in b now
  return ok;
}

int tool_exports(int argc, char **argv) {
  Options o = {.def_machine = MACH_I386};
  const char *value;
  int nfiles = 0;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
      fputs(usage, stdout);
      return 0;
    } else if (!strcmp(arg, "--json")) {
      o.json = true;
    } else if (!strcmp(arg, "--imports")) {
      o.imports = true;
    } else if (opt_value(argc, argv, &i, "-m", "--machine", &value)) {
      if (!machine_parse(value, &o.def_machine))
        value_error("unknown machine '%s' (i386, i386:x86-64, arm or arm64)", value);
    } else if (arg[0] == '-' && arg[1]) {
      usage_error("unknown option '%s' (see 'ccdll exports --help')", arg);
    } else {
      argv[++nfiles] = argv[i];   // the files, in place
    }
  }
  if (!nfiles)
    usage_error("no input files (see 'ccdll exports --help')");

  Diag d = {.prog = "ccdll"};
  Arena a = {0};
  Buf b = {0};
  int status = 0;
  for (int i = 1; i <= nfiles; i++) {
    b.len = 0;
    int errors = d.errors;
    stats_phase("read and list");
    if (list_file(&d, &a, argv[i], &o, &b) && d.errors == errors) {
      if (i > 1 && !o.json)
        fputs("\n", stdout);
      if (b.len)
        fwrite(b.data, 1, b.len, stdout);
    } else {
      status = 1;
    }
  }
  if (fflush(stdout) != 0) {
    diag_error(&d, NULL, "cannot write to standard output");
    status = 1;
  }
  buf_free(&b);
  arena_free(&a);
  return status;
}

// driver_exports.c - the exports of the DLL cc-dll links: what its objects
// (and the static library members the link takes in) declare, the entries
// of .def files on the command line, and, as GNU ld does when nothing
// declares any export (or with --export-all-symbols), every symbol the
// objects define except the runtime's own.
//
// How a stdcall or fastcall function is exported follows the policy:
// undecorated (Foo=Foo@4, the default), decorated (Foo@4), or both (Foo and
// Foo@4, the second PRIVATE: in the DLL, not in the import library, which
// imports Foo@4 by the name Foo). A .def's entries are exported as they
// are written; a plain name there that the objects define only decorated
// (zlib.def's `deflate` for deflate@8) is that symbol, as GNU ld's stdcall
// fixup makes it.
#include "driver.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

// Symbols GNU ld never exports by itself (ld/pe-dll.c, autofilter_*):
// entry points, runtime internals, import thunks and pointers.
static bool runtime_symbol(const char *name) {
  static const char *const exact[] = {
    "DllMain", "DllMain@12", "DllEntryPoint", "DllEntryPoint@0", "DllMainCRTStartup", "DllMainCRTStartup@12",
    "_pei386_runtime_relocator", "do_pseudo_reloc", "impure_ptr", "_impure_ptr", "_fmode", "environ", NULL,
  };
  static const char *const prefixes[] = {"__rtti_", "__builtin_", "_nm_", "__imp_", "_imp__", "_head_", "__head_",
                                         ".", NULL};
  static const char *const suffixes[] = {"_iname", "_NULL_THUNK_DATA", NULL};
  for (int i = 0; exact[i]; i++)
    if (!strcmp(name, exact[i]))
      return true;
  for (int i = 0; prefixes[i]; i++)
    if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
      return true;
  size_t n = strlen(name);
  for (int i = 0; suffixes[i]; i++) {
    size_t k = strlen(suffixes[i]);
    if (n > k && !strcmp(name + n - k, suffixes[i]))
      return true;
  }
  return false;
}

typedef struct {
  Diag *diag;
  Arena *arena;
  Machine machine;
  SymbolTable linked;      // of the objects and the members taken in
  ExportList declared;     // records and export directives
} Gathered;

// Reads the symbols and declared exports of one object (name: for messages).
static void read_object(Gathered *g, const char *name, const uint8_t *data, size_t len) {
  CoffView v;
  Machine m = g->machine;
  if (object_exports(g->diag, g->arena, name, data, len, &m, &g->declared) && coff_view(g->arena, data, len, &v))
    symtab_add_object(g->arena, &v, &g->linked);
}

// -lNAME as the linker finds it in the -L directories of the command line
// (the system's own libraries export nothing of the DLL's); NULL when it
// is not a static library there.
static const char *find_library(Arena *a, const Invocation *inv, const char *name) {
  for (int i = 0; i < inv->argc; i++) {
    const char *dir = NULL;
    if (!strcmp(inv->argv[i], "-L") && i + 1 < inv->argc)
      dir = inv->argv[i + 1];
    else if (!strncmp(inv->argv[i], "-L", 2) && inv->argv[i][2])
      dir = inv->argv[i] + 2;
    if (!dir)
      continue;
    // GNU ld's order for PE: an import library first, then a static one.
    static const char *const forms[] = {"%s/lib%s.dll.a", "%s/%s.dll.a", "%s/lib%s.a", "%s/%s.lib", NULL};
    for (int k = 0; forms[k]; k++) {
      const char *path = arena_printf(a, forms[k], dir, name);
      if (access(path, R_OK) == 0)
        return k < 2 ? NULL : path;
    }
  }
  return NULL;
}

// The static libraries of the command line, read; their count.
static int read_archives(Gathered *g, const Invocation *inv, ArchiveInput **out) {
  ArchiveInput *v = arena_alloc(g->arena, sizeof(ArchiveInput) * (size_t)(inv->argc + 1));
  int n = 0;
  bool whole = false;   // -Wl,--whole-archive ... -Wl,--no-whole-archive (CMake's Makefiles link so)
  for (int i = 0; i < inv->argc; i++) {
    const char *path = NULL;
    if (inv->role[i] == ARG_LINK && !strncmp(inv->argv[i], "-Wl,", 4)) {
      const char *w = strstr(inv->argv[i], "whole-archive");
      for (; w; w = strstr(w + 1, "whole-archive"))
        whole = w - inv->argv[i] >= 2 && !strncmp(w - 2, "--", 2);   // not --no-whole-archive
    }
    if (inv->role[i] == ARG_ARCHIVE)
      path = inv->argv[i];
    else if (inv->role[i] == ARG_LINK && !strcmp(inv->argv[i], "-l") && i + 1 < inv->argc)
      path = find_library(g->arena, inv, inv->argv[++i]);
    else if (inv->role[i] == ARG_LINK && !strncmp(inv->argv[i], "-l", 2) && inv->argv[i][2])
      path = find_library(g->arena, inv, inv->argv[i] + 2);
    char *data;
    size_t len;
    if (path && file_read(g->diag, path, &data, &len)) {
      if (ar_is_archive((uint8_t *)data, len))
        v[n++] = (ArchiveInput){path, (uint8_t *)data, len, whole};
      else
        free(data);   // a linker script or a DLL: no members
    }
  }
  *out = v;
  return n;
}

// The export of a declared (or, with export_all, defined) symbol under
// the policy; `alias` receives the decorated twin of the `both` policy.
static Export *apply_policy(Arena *a, const Export *declared, ExportPolicy policy, Export **alias) {
  const char *symbol = declared->symbol ? declared->symbol : declared->name;
  Undecorated u;
  undecorate(symbol, &u);
  Export *e = arena_alloc(a, sizeof(Export));
  *e = *declared;
  e->conv = u.conv != CONV_NONE ? u.conv : declared->conv;
  e->arg_bytes = u.arg_bytes;
  *alias = NULL;
  // A rename (/EXPORT:Bar=_Foo@4) is exported as it is written.
  if (declared->symbol && strcmp(declared->name, symbol) &&
      (strlen(declared->name) != u.name_len || strncmp(declared->name, u.name, u.name_len)))
    return e;
  e->name = symbol;
  e->symbol = NULL;
  if (u.conv == CONV_NONE || policy == EXPORTS_DECORATED)
    return e;
  Export *decorated = e;
  e = arena_alloc(a, sizeof(Export));
  *e = *decorated;
  e->name = arena_strndup(a, u.name, u.name_len);
  e->symbol = symbol;
  if (policy == EXPORTS_BOTH) {
    decorated->is_private = true;   // imported as Foo@4 by the name Foo
    *alias = decorated;
  }
  return e;
}

// Adds e to the module; a name given twice must be the same export.
static void add_export(Gathered *g, Module *m, Export *e) {
  SrcLoc at = e->loc.file ? e->loc : (SrcLoc){0};
  exportlist_merge(&m->exports, e, g->diag, &at);
}

// The .def files of the command line into m; false after an error.
static bool read_defs(Gathered *g, const Invocation *inv, Module *m) {
  bool any = false;
  for (int i = 0; i < inv->argc; i++) {
    if (inv->role[i] != ARG_DEF)
      continue;
    any = true;
    char *text;
    size_t len;
    Module def = {0};
    if (!file_read(g->diag, inv->argv[i], &text, &len) ||
        !def_parse(g->diag, g->arena, inv->argv[i], arena_strndup(g->arena, text, len), len, DIALECT_MINGW,
                   g->machine, &def)) {
      free(text);
      exportlist_free(&def.exports);
      continue;
    }
    free(text);
    if (def.dll_name && !m->dll_name)
      m->dll_name = def.dll_name;
    for (uint32_t k = 0; k < def.exports.len; k++) {
      Export *e = def.exports.v[k];
      const char *symbol = e->symbol ? e->symbol : e->name;
      const char *defined = e->forward ? NULL : symtab_resolve(&g->linked, symbol);
      if (defined && strcmp(defined, symbol)) {
        e->symbol = defined;
        Undecorated u;
        undecorate(defined, &u);
        e->conv = u.conv;
        e->arg_bytes = u.arg_bytes;
      }
      add_export(g, m, e);
    }
    exportlist_free(&def.exports);
  }
  return any;
}

bool dll_exports(Diag *d, Arena *a, const Invocation *inv, Machine machine, const char *const *objects,
                 const char *const *names, int nobjects, Module *out) {
  int errors = d->errors;
  Gathered g = {.diag = d, .arena = a, .machine = machine};
  for (int i = 0; i < nobjects; i++) {
    char *data;
    size_t len;
    if (file_read(d, objects[i], &data, &len))
      read_object(&g, names[i], (uint8_t *)data, len);
    free(data);
  }
  ArchiveInput *archives;
  int narchives = read_archives(&g, inv, &archives);
  LinkedMember *members;
  uint32_t nmembers = archives_linked(d, a, &g.linked, archives, narchives, &members);
  for (uint32_t i = 0; i < nmembers; i++) {
    const char *name = arena_printf(a, "%s(%.*s)", members[i].archive, (int)members[i].member.name.len,
                                    members[i].member.name.s);
    Machine m = machine;
    object_exports(d, a, name, members[i].member.data, members[i].member.size, &m, &g.declared);
  }
  for (int i = 0; i < narchives; i++)
    free((void *)archives[i].data);

  *out = (Module){0};
  bool has_def = read_defs(&g, inv, out);
  // Nothing declared and no .def: GNU ld exports every symbol.
  const ExportList *source = &g.declared;
  if (inv->export_all || (!g.declared.len && !has_def)) {
    for (uint32_t i = 0; i < g.linked.defined.len; i++)
      if (!runtime_symbol(g.linked.defined.v[i]->name) && !exportlist_find(&g.declared, g.linked.defined.v[i]->name))
        exportlist_add(&g.declared, g.linked.defined.v[i]);
  }
  for (uint32_t i = 0; i < source->len; i++) {
    if (source->v[i]->declaration_only)
      continue;
    Export *alias;
    Export *e = apply_policy(a, source->v[i], inv->policy, &alias);
    if (!exportlist_find(&out->exports, e->name))
      add_export(&g, out, e);
    if (alias && !exportlist_find(&out->exports, alias->name))
      add_export(&g, out, alias);
  }
  symtab_free(&g.linked);
  exportlist_free(&g.declared);
  return d->errors == errors && exportlist_finalize(&out->exports, d);
}

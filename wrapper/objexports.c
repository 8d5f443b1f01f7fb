// objexports.c - what object files say about their exports, for objects
// built with or without our plugin. In each object:
//
//  - the .ccdll sections hold the GCC plugin's records (JSON Lines, see
//    record.c), with prototypes and places;
//  - the .drectve sections hold the export directives every compiler
//    writes for __declspec(dllexport): "-export:Foo@4", "-export:v,data"
//    from mingw gcc and clang, "/EXPORT:_Foo@4", "/EXPORT:_v,DATA" for MSVC
//    targets; they name the decorated symbol, whose @N is the decoration;
//  - the symbol table: an export directive may name a stdcall function
//    without its decoration ("/EXPORT:Foo" for _Foo@4), which link.exe,
//    lld and GNU ld all resolve to the one decorated symbol of that name.
//
// A name both a record and a directive give is one export (their symbols
// and kinds must agree). An archive is read member by member.
#include "core.h"

#include <string.h>

typedef struct {
  Diag *diag;
  Arena *arena;
  Machine *machine;
  ExportList *out;
} Reader;

// The export a directive describes.
static Export *directive_export(Reader *r, Machine m, const DirectiveExport *x, const SymbolTable *symbols,
                                const char *path) {
  // Names from MSVC-style directives carry the i386 '_'; mingw ones do not.
  Str sym = x->internal.len ? x->internal : x->name;
  if (x->msvc)
    sym = symbol_from_linker(m, sym);
  Export *e = arena_alloc(r->arena, sizeof(Export));
  e->symbol = arena_strndup(r->arena, sym.s, sym.len);
  const char *defined = symtab_resolve(symbols, e->symbol);
  if (defined)
    e->symbol = defined;
  Undecorated u;
  undecorate(e->symbol, &u);
  e->conv = u.conv;
  e->arg_bytes = u.arg_bytes;
  if (x->internal.len)
    e->name = arena_strndup(r->arena, x->name.s, x->name.len);
  else
    e->name = arena_strndup(r->arena, u.name, u.name_len);
  if (!strcmp(e->name, e->symbol))
    e->symbol = NULL;
  e->kind = x->kind;
  e->ordinal = x->ordinal;
  e->noname = x->noname;
  e->is_private = x->is_private;
  e->loc = (SrcLoc){path, 0, 0};
  return e;
}

static bool is_section(const CoffSectionView *s, const char *name) {
  return str_eq(s->name, str(name));
}

static bool starts_with(Str s, const char *prefix) {
  size_t n = strlen(prefix);
  return s.len >= n && !memcmp(s.s, prefix, n);
}

static bool read_object(Reader *r, const char *path, const uint8_t *data, size_t len) {
  CoffView v;
  if (!coff_view(r->arena, data, len, &v)) {
    bool bitcode = len >= 4 && ((!memcmp(data, "BC\xc0\xde", 4)) || !memcmp(data, "\xde\xc0\x17\x0b", 4));
    diag_error(r->diag, &(SrcLoc){path, 0, 0},
               bitcode ? "an LLVM bitcode object (clang -flto): its exports are only known after link-time "
                         "optimization; scan its sources instead"
                       : "not a COFF object of a Windows target, or a damaged one");
    return false;
  }
  Machine m = machine_from_coff(v.machine);
  if (*r->machine == MACH_NONE) {
    *r->machine = m;
  } else if (*r->machine != m) {
    diag_error(r->diag, &(SrcLoc){path, 0, 0}, "an object for %s among objects for %s", machine_name(m),
               machine_name(*r->machine));
    return false;
  }

  int errors = r->diag->errors;
  bool has_directives = false, lto = false;
  for (uint32_t i = 0; i < v.nsections; i++) {
    const CoffSectionView *s = &v.sections[i];
    if (is_section(s, ".ccdll"))
      records_parse(r->diag, r->arena, path, (const char *)data + s->offset, s->size, r->out);
    has_directives |= is_section(s, ".drectve");
    lto |= starts_with(s->name, ".gnu.lto_");
  }

  SymbolTable symbols = {0};
  bool indexed = false;
  for (uint32_t i = 0; i < v.nsections; i++) {
    const CoffSectionView *s = &v.sections[i];
    if (!is_section(s, ".drectve"))
      continue;
    DirectiveExport *x;
    uint32_t n = drectve_exports(r->arena, (const char *)data + s->offset, s->size, &x);
    if (n && !indexed)
      symtab_add_object(r->arena, &v, &symbols);
    indexed |= n > 0;
    for (uint32_t k = 0; k < n; k++) {
      SrcLoc at = {path, 0, 0};
      if (!x[k].valid) {
        diag_error(r->diag, &at, "malformed export directive '%.*s'", (int)x[k].text.len, x[k].text.s);
        continue;
      }
      Export *e = directive_export(r, m, &x[k], &symbols, path);
      exportlist_merge(r->out, e, r->diag, &at);
    }
  }
  symtab_free(&symbols);

  // GCC writes the export directives of an LTO object only when it
  // optimizes it at link time; without the plugin's records its exports
  // cannot be known from it.
  if (lto && !has_directives && r->diag->errors == errors)
    diag_warning(r->diag, &(SrcLoc){path, 0, 0},
                 "a GCC LTO object without export records: compile it with the cc-dll plugin");
  return r->diag->errors == errors;
}

bool object_exports(Diag *d, Arena *a, const char *path, const uint8_t *data, size_t len, Machine *machine,
                    ExportList *out) {
  Reader r = {d, a, machine, out};
  if (!ar_is_archive(data, len))
    return read_object(&r, path, data, len);

  int errors = d->errors;
  ArReader ar;
  ArMember member;
  ar_open(&ar, data, len);
  while (ar_next(&ar, &member)) {
    // Import objects (of an import library) export nothing.
    if (member.size >= 4 && !memcmp(member.data, "\0\0\xff\xff", 4) &&
        !(member.size >= 6 && member.data[4] == 2))
      continue;
    char *name = arena_printf(a, "%s(%.*s)", path, (int)member.name.len, member.name.s);
    read_object(&r, name, member.data, member.size);
  }
  if (ar.damaged)
    diag_error(d, &(SrcLoc){path, 0, 0}, "a damaged archive");
  return d->errors == errors;
}

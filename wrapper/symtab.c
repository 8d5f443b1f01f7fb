// symtab.c - the symbols of objects, by their model names (without the
// i386 '_'): what they define, of which kind, and what they reference.
//
// The names are kept in ExportLists, used as sets: each Export carries
// a name and, for a defined symbol, whether it is code or data.
#include "core.h"

#include <string.h>

enum { IMAGE_SYM_DTYPE_FUNCTION = 0x20 };

Str symbol_from_linker(Machine m, Str linker) {
  if (m == MACH_I386 && linker.len > 1 && linker.s[0] == '_')
    return (Str){linker.s + 1, linker.len - 1};
  return linker;
}

static Export *add_name(Arena *a, ExportList *l, Str name, Export **old) {
  Export *e = arena_alloc(a, sizeof(Export));
  e->name = arena_strndup(a, name.s, name.len);
  e->arg_bytes = -1;
  *old = exportlist_add(l, e);
  return *old ? *old : e;
}

// A decorated symbol is also found by its plain name, unless two share it
// (Foo@4 and @Foo@8): then the plain entry's symbol is NULL.
static void index_plain(Arena *a, SymbolTable *t, Export *defined) {
  Undecorated u;
  undecorate(defined->name, &u);
  if (u.conv == CONV_NONE)
    return;
  Export *old;
  Export *plain = add_name(a, &t->by_plain, (Str){u.name, (uint32_t)u.name_len}, &old);
  plain->symbol = old && old->symbol != defined->name ? NULL : defined->name;
}

// The names added last, by where they are in the object: a hostile object
// points thousands of symbols at one long string of its string table, and
// copying it for each (before the list finds it there) costs its length
// every time.
typedef struct {
  const char *s;
  uint32_t len;
  const ExportList *list;
  Export *e;
} Recent;

enum { NRECENT = 256 };

static Export *add_recent(Arena *a, Recent *recent, ExportList *l, Str name, Export **old) {
  Recent *r = &recent[((uintptr_t)name.s >> 2 ^ name.len) % NRECENT];
  if (r->s == name.s && r->len == name.len && r->list == l) {
    *old = r->e;
    return r->e;
  }
  Export *e = add_name(a, l, name, old);
  *r = (Recent){name.s, name.len, l, e};
  return e;
}

void symtab_add_object(Arena *a, const CoffView *v, SymbolTable *t) {
  Machine m = machine_from_coff(v->machine);
  Recent recent[NRECENT] = {{0}};
  CoffSymbolView s;
  for (uint32_t i = 0; coff_symbol_at(v, i, &s); i += 1 + s.naux) {
    if (s.storage_class != IMAGE_SYM_CLASS_EXTERNAL || !s.name.len)
      continue;
    Str name = symbol_from_linker(m, s.name);
    Export *old;
    // Section 0 with a value is a common symbol (`int v;` in C): defined.
    if (s.section == 0 && s.value == 0) {
      add_recent(a, recent, &t->undefined, name, &old);
      continue;
    }
    if (s.section < 0)
      continue;   // absolute and debug symbols
    Export *e = add_recent(a, recent, &t->defined, name, &old);
    if (old)
      continue;
    bool code = s.type == IMAGE_SYM_DTYPE_FUNCTION ||
                (s.section > 0 && (uint32_t)s.section <= v->nsections &&
                 (v->sections[s.section - 1].characteristics & IMAGE_SCN_CNT_CODE));
    e->kind = code ? EXPORT_CODE : EXPORT_DATA;
    index_plain(a, t, e);
  }
}

bool symtab_defines(const SymbolTable *t, const char *symbol) {
  return exportlist_find(&t->defined, symbol) != NULL;
}

const char *symtab_resolve(const SymbolTable *t, const char *symbol) {
  if (symtab_defines(t, symbol))
    return symbol;
  Export *plain = exportlist_find(&t->by_plain, symbol);
  return plain ? plain->symbol : NULL;
}

void symtab_free(SymbolTable *t) {
  exportlist_free(&t->defined);
  exportlist_free(&t->by_plain);
  exportlist_free(&t->undefined);
}

// archsel.c - which members of static libraries a link takes in, so that
// the exports of those members (their dllexport directives and records)
// are the DLL's as well, as they are when GNU ld or lld link it.
//
// A member is taken when it defines a symbol that the objects, or members
// taken before, reference and nothing taken defines; taking it adds its
// own references, so the search repeats until nothing more is taken. This
// is lld's rule (archives are searched whatever their place on the
// command line). GNU ld searches each archive only at its place, so a
// member it takes is always one taken here; the reverse can differ only
// for a reference made after the archive it needs, which GNU ld leaves
// unresolved (and then fails to link).
#include "core.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
  ArMember member;
  const char *archive;
  SymbolTable symbols;
  bool taken;
} Candidate;

// Does c define something that is referenced and not yet defined?
static bool wanted(const Candidate *c, const SymbolTable *linked) {
  for (uint32_t i = 0; i < c->symbols.defined.len; i++) {
    const char *name = c->symbols.defined.v[i]->name;
    if (exportlist_find(&linked->undefined, name) && !symtab_defines(linked, name))
      return true;
  }
  return false;
}

static void take(Arena *a, SymbolTable *linked, const Candidate *c) {
  const ExportList *lists[] = {&c->symbols.defined, &c->symbols.undefined};
  ExportList *into[] = {&linked->defined, &linked->undefined};
  for (int k = 0; k < 2; k++)
    for (uint32_t i = 0; i < lists[k]->len; i++) {
      Export *e = arena_alloc(a, sizeof(Export));
      *e = *lists[k]->v[i];
      exportlist_add(into[k], e);
    }
}

uint32_t archives_linked(Diag *d, Arena *a, SymbolTable *linked, const ArchiveInput *archives, int narchives,
                         LinkedMember **out) {
  Candidate *c = NULL;
  uint32_t n = 0, cap = 0;
  for (int i = 0; i < narchives; i++) {
    ArReader r;
    ArMember m;
    ar_open(&r, archives[i].data, archives[i].len);
    while (ar_next(&r, &m)) {
      CoffView v;
      if (!coff_view(a, m.data, m.size, &v))
        continue;   // import objects (of an import library) and others: no exports
      c = arena_reserve(a, c, n, &cap, n + 1, sizeof *c);
      c[n] = (Candidate){.member = m, .archive = archives[i].path};
      symtab_add_object(a, &v, &c[n].symbols);
      if (archives[i].whole) {   // --whole-archive: taken in as an object is
        take(a, linked, &c[n]);
        c[n].taken = true;
      }
      n++;
    }
    if (r.damaged)
      diag_error(d, &(SrcLoc){archives[i].path, 0, 0}, "a damaged archive");
  }

  bool again = true;
  while (again) {
    again = false;
    for (uint32_t i = 0; i < n; i++) {
      if (!c[i].taken && wanted(&c[i], linked)) {
        take(a, linked, &c[i]);
        c[i].taken = again = true;
      }
    }
  }

  LinkedMember *v = NULL;
  uint32_t nv = 0, vcap = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (c[i].taken) {
      v = arena_reserve(a, v, nv, &vcap, nv + 1, sizeof *v);
      v[nv++] = (LinkedMember){c[i].archive, c[i].member};
    }
    symtab_free(&c[i].symbols);
  }
  *out = v;
  return nv;
}

// auditread.c - a DLL, an import library or a .def as the audit sees it:
// entries keyed by the plain C name, with what clients link, what the
// loader looks up and, for i386 code, what the code pops.
#include "audit.h"

#include <stdlib.h>
#include <string.h>

const char *artifact_kind_name(ArtifactKind k) {
  switch (k) {
  case ARTIFACT_DLL: return "DLL";
  case ARTIFACT_IMPLIB: return "import library";
  case ARTIFACT_DEF: return ".def";
  }
  return "?";
}

typedef struct {
  Entry *v;
  uint32_t len, cap;
} Entries;

static Entry *entry_new(Arena *a, Entries *l) {
  l->v = arena_reserve(a, l->v, l->len, &l->cap, l->len + 1, sizeof *l->v);
  Entry *e = &l->v[l->len++];
  *e = (Entry){.arg_bytes = -1};
  return e;
}

// The key and the decoration of a symbol in the model form (Foo@4, no
// i386 underscore).
static void entry_symbol(Arena *a, Entry *e, const char *symbol) {
  Undecorated u;
  undecorate(symbol, &u);
  e->symbol = symbol;
  e->key = arena_strndup(a, u.name, u.name_len);
  e->conv = u.conv;
  e->arg_bytes = u.arg_bytes;
}

static int entry_cmp(const void *pa, const void *pb) {
  const Entry *x = pa, *y = pb;
  int c = strcmp(x->key, y->key);
  if (c)
    return c;
  c = strcmp(x->symbol, y->symbol);
  return c ? c : (int)x->ordinal - (int)y->ordinal;
}

static bool read_dll(Diag *d, Arena *a, const char *path, const uint8_t *data, size_t len, Artifact *out,
                     Entries *l) {
  PeView v;
  const char *why;
  if (!pe_view(a, data, len, &v, &why)) {
    diag_error(d, &(SrcLoc){path, 0, 0}, "not a PE image: %s", why);
    return false;
  }
  Module m = {0};
  if (!pe_exports(d, a, path, &v, &m))
    return false;
  out->machine = v.machine;
  out->dll_name = m.dll_name;
  out->dll_loc = (SrcLoc){path, 0, 0};
  X86Image *code = v.machine == MACH_I386 ? x86_image(a, &v) : NULL;
  for (uint32_t i = 0; i < m.exports.len; i++) {
    const Export *x = m.exports.v[i];
    Entry *e = entry_new(a, l);
    if (x->noname) {
      e->key = e->symbol = arena_printf(a, "#%u", x->ordinal);
      e->noname = true;
    } else {
      entry_symbol(a, e, x->name);
      e->loader_name = x->name;
    }
    e->kind = x->kind;
    e->ordinal = x->ordinal;
    e->forward = x->forward;
    e->loc = (SrcLoc){path, 0, 0};
    // The stack a function pops is read from its code on i386, where
    // the callee's `ret N` is the convention.
    if (code && x->kind == EXPORT_CODE && !x->forward && x->rva)
      e->has_pops = x86_callee_pops(code, x->rva, &e->pops);
  }
  exportlist_free(&m.exports);
  return true;
}

static bool is_import_member(const CoffView *v) {
  for (uint32_t i = 0; i < v->nsections; i++)
    if (v->sections[i].name.len >= 7 && !memcmp(v->sections[i].name.s, ".idata$", 7))
      return true;
  return false;
}

// The symbols an import library defines in members of its own, with no
// import behind them (mingw-w64's libshell32.a holds CLSID_ShellLink, say).
static void read_library_members(Arena *a, const char *path, const uint8_t *data, size_t len, Machine machine,
                                 Entries *l) {
  ArReader r;
  ArMember m;
  ar_open(&r, data, len);
  while (ar_next(&r, &m)) {
    CoffView v;
    // Short import objects and the archive's symbol tables are no COFF
    // objects; long import members have .idata sections.
    if (!coff_view(a, m.data, m.size, &v) || is_import_member(&v))
      continue;
    for (uint32_t i = 0; i < v.nsymbols; i++) {
      CoffSymbolView sym;
      if (!coff_symbol_at(&v, i, &sym))
        break;
      i += sym.naux;
      if (sym.storage_class != IMAGE_SYM_CLASS_EXTERNAL || sym.section < 1 || (uint32_t)sym.section > v.nsections)
        continue;
      Str model = symbol_from_linker(machine, sym.name);
      Entry *e = entry_new(a, l);
      entry_symbol(a, e, arena_strndup(a, model.s, model.len));
      e->kind = v.sections[sym.section - 1].characteristics & IMAGE_SCN_CNT_CODE ? EXPORT_CODE : EXPORT_DATA;
      e->in_library = true;
      e->loc = (SrcLoc){arena_printf(a, "%s(%.*s)", path, (int)m.name.len, m.name.s), 0, 0};
    }
  }
}

static bool read_implib(Diag *d, Arena *a, const char *path, const uint8_t *data, size_t len, Artifact *out,
                        Entries *l) {
  ImportList imports = {0};
  Machine machine = MACH_NONE;
  if (!implib_read(d, a, path, data, len, &machine, &imports))
    return false;
  out->machine = machine;
  for (uint32_t i = 0; i < imports.len; i++) {
    const Import *im = &imports.v[i];
    Str model = symbol_from_linker(machine, str(im->symbol));
    Entry *e = entry_new(a, l);
    entry_symbol(a, e, arena_strndup(a, model.s, model.len));
    e->loader_name = im->name;
    e->ordinal = im->name ? 0 : im->ordinal;
    e->kind = im->kind;
    e->loc = im->loc;
    // An import library for one DLL is the usual case; the first name
    // stands for it (audit.c compares every import's).
    if (!out->dll_name) {
      out->dll_name = im->dll;
      out->dll_loc = im->loc;
    }
  }
  if (!imports.len)
    diag_warning(d, &(SrcLoc){path, 0, 0}, "the archive has no import members");
  read_library_members(a, path, data, len, machine, l);
  return true;
}

static bool read_def(Diag *d, Arena *a, const char *path, char *text, size_t len, Artifact *out, Entries *l) {
  Module m = {0};
  if (!def_parse(d, a, path, text, len, DIALECT_MINGW, MACH_NONE, &m)) {
    exportlist_free(&m.exports);
    return false;
  }
  out->dll_name = m.dll_name;
  out->dll_loc = m.dll_loc;
  for (uint32_t i = 0; i < m.exports.len; i++) {
    const Export *x = m.exports.v[i];
    Entry *e = entry_new(a, l);
    // A .def names what clients link by its internal name (Foo=Foo@4)
    // or, without one, by its name.
    entry_symbol(a, e, x->symbol ? x->symbol : x->name);
    e->loader_name = x->import_name ? x->import_name : x->name;
    e->kind = x->kind;
    e->ordinal = x->ordinal;
    e->noname = x->noname;
    e->forward = x->forward;
    e->loc = x->loc;
  }
  exportlist_free(&m.exports);
  return true;
}

bool artifact_read(Diag *d, Arena *a, ArtifactKind kind, const char *path, Artifact *out) {
  *out = (Artifact){.kind = kind, .path = path};
  char *data;
  size_t len;
  if (!file_read(d, path, &data, &len))
    return false;
  Entries l = {0};
  bool ok = kind == ARTIFACT_DLL      ? read_dll(d, a, path, (uint8_t *)data, len, out, &l)
            : kind == ARTIFACT_IMPLIB ? read_implib(d, a, path, (uint8_t *)data, len, out, &l)
                                      : read_def(d, a, path, data, len, out, &l);
  out->data = data;   // the readers' names may point into it
  if (!ok)
    return false;
  if (l.len)
    qsort(l.v, l.len, sizeof *l.v, entry_cmp);
  out->v = l.v;
  out->len = l.len;
  return true;
}

void artifact_free(Artifact *art) {
  free(art->data);
  art->data = NULL;
}

const Entry *artifact_find(const Artifact *art, const char *key, uint32_t *n) {
  uint32_t lo = 0, hi = art->len;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (strcmp(art->v[mid].key, key) < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  uint32_t end = lo;
  while (end < art->len && !strcmp(art->v[end].key, key))
    end++;
  *n = end - lo;
  return *n ? &art->v[lo] : NULL;
}

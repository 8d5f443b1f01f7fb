// implibread.c - reads import libraries: what each member imports, from
// which DLL and under which name (PE/COFF specification, "Import Library
// Format"; GNU dlltool's long format as binutils' dlltool.c writes it).
//
// Two kinds of members import a symbol:
//
//  - short import objects (link.exe, lld, llvm-dlltool, cc-dll): a 20-byte
//    IMPORT_OBJECT_HEADER (Sig1 0, Sig2 0xffff, Version 0, Machine,
//    TimeDateStamp, SizeOfData, OrdinalHint, then Type in bits 0-1 and
//    NameType in bits 2-4), followed by the symbol, the DLL name and, for
//    the EXPORTAS name type, the name to import, each NUL-terminated;
//  - dlltool's long format: a COFF object per symbol, defining __imp_Foo in
//    .idata$5 (the import address table slot) and Foo in .text (the jump,
//    for code), with the ILT slot in .idata$4, the hint and name in
//    .idata$6 (by ordinal: the slots hold the ordinal and the top bit), and
//    in .idata$7 a relocation against the head object's symbol
//    (_head_libfoo_a). The head object's import descriptor (.idata$2) has
//    its Name field relocated against the tail object's symbol
//    (__libfoo_a_iname), which the tail defines in its .idata$7 at the DLL
//    name. Older libraries refer to the tail's symbol directly.
//
// Everything else (the descriptor and null-thunk objects of short-format
// libraries, heads, tails, ordinary objects) imports nothing and is skipped.
#include "core.h"

#include <string.h>

enum { IMPORT_HEADER_SIZE = 20, RELOC_SIZE = 10 };

static uint16_t get16(const uint8_t *p) {
  return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

typedef struct {
  Diag *diag;
  Arena *arena;
  const char *path;
  Machine *machine;
  ImportList *out;
  ExportList inames;       // tails: symbol -> (Export.symbol) the DLL name it marks
  ExportList heads;        // heads: symbol -> (Export.symbol) the tail symbol their descriptor names
} Reader;

static bool is_short_import(const uint8_t *data, size_t len) {
  return len >= IMPORT_HEADER_SIZE && get16(data) == 0 && get16(data + 2) == 0xffff && get16(data + 4) == 0;
}

static bool has_prefix(Str s, const char *prefix) {
  size_t n = strlen(prefix);
  return s.len >= n && !memcmp(s.s, prefix, n);
}

static bool is_section(const CoffSectionView *s, const char *name) {
  return str_eq(s->name, str(name));
}

// Takes the machine of an import member; false (reported) when it differs
// from the members' before it.
static bool check_machine(Reader *r, const SrcLoc *at, uint16_t coff) {
  Machine m = machine_from_coff(coff);
  if (m == MACH_NONE) {
    diag_error(r->diag, at, "an import for an unknown machine (0x%x)", coff);
    return false;
  }
  if (*r->machine == MACH_NONE) {
    *r->machine = m;
  } else if (*r->machine != m) {
    diag_error(r->diag, at, "an import for %s among imports for %s", machine_name(m), machine_name(*r->machine));
    return false;
  }
  return true;
}

static void add_import(Reader *r, const Import *im) {
  ImportList *l = r->out;
  l->v = arena_reserve(r->arena, l->v, l->len, &l->cap, l->len + 1, sizeof(Import));
  l->v[l->len++] = *im;
}

// The NUL-terminated string at p[0 .. n), advancing p and n past it; NULL
// when there is no NUL.
static const char *take_string(Arena *a, const uint8_t **p, size_t *n) {
  const uint8_t *nul = memchr(*p, 0, *n);
  if (!nul)
    return NULL;
  const char *s = arena_strndup(a, (const char *)*p, (size_t)(nul - *p));
  *n -= (size_t)(nul - *p) + 1;
  *p = nul + 1;
  return s;
}

// The name the loader looks up for a short import's symbol (PE/COFF,
// "Import Name Type"; the same as llvm's COFFImportFile::getExportName and
// binutils' pe_ILF_build_a_bfd). NOPREFIX drops one leading '?' or '@',
// or the '_' of C names on i386 only: other machines add no '_' to C
// names, and GNU ld keeps it there (lld drops it on every machine, but no
// tool writes NOPREFIX for them). UNDECORATE then cuts at the first '@':
// _Foo@4 -> Foo, @Bar@8 -> Bar.
static const char *apply_name_type(Arena *a, Machine m, const char *symbol, ImportNameType type) {
  if (type == IMPORT_NAME)
    return symbol;
  if (symbol[0] == '?' || symbol[0] == '@' || (symbol[0] == '_' && m == MACH_I386))
    symbol++;
  if (type == IMPORT_NAME_UNDECORATE)
    return arena_strndup(a, symbol, strcspn(symbol, "@"));
  return symbol;
}

static void read_short_import(Reader *r, const SrcLoc *at, const uint8_t *data, size_t len) {
  uint16_t coff = get16(data + 6);
  uint32_t size = get32(data + 12);
  uint16_t ordinal_hint = get16(data + 16);
  uint16_t types = get16(data + 18);
  unsigned type = types & 3, name_type = types >> 2 & 7;
  if (!check_machine(r, at, coff))
    return;
  if (size > len - IMPORT_HEADER_SIZE) {
    diag_error(r->diag, at, "the import's data (%u bytes) runs past the end of the member", size);
    return;
  }
  if (type > 2 || name_type > IMPORT_NAME_EXPORTAS) {
    diag_error(r->diag, at, "unknown import type %u or name type %u", type, name_type);
    return;
  }
  const uint8_t *p = data + IMPORT_HEADER_SIZE;
  size_t n = size;
  Import im = {.ordinal = ordinal_hint, .name_type = (ImportNameType)name_type, .loc = *at};
  im.kind = type == 0 ? EXPORT_CODE : type == 1 ? EXPORT_DATA : EXPORT_CONSTANT;
  im.symbol = take_string(r->arena, &p, &n);
  im.dll = im.symbol ? take_string(r->arena, &p, &n) : NULL;
  if (!im.dll || !im.symbol[0]) {
    diag_error(r->diag, at, "the import's symbol or DLL name is missing or not terminated");
    return;
  }
  if (name_type == IMPORT_NAME_EXPORTAS) {
    if (!(im.name = take_string(r->arena, &p, &n))) {
      diag_error(r->diag, at, "the import's EXPORTAS name is missing or not terminated");
      return;
    }
  } else if (name_type != IMPORT_ORDINAL) {
    im.name = apply_name_type(r->arena, *r->machine, im.symbol, (ImportNameType)name_type);
  }
  add_import(r, &im);
}

// The symbol that the relocation at `offset` of section s refers to, or
// an empty slice when there is none (or the table is damaged).
static Str reloc_target(const CoffView *v, size_t len, const CoffSectionView *s, uint32_t offset) {
  const uint8_t *h = v->data + s->header_offset;
  uint32_t at = get32(h + 24), n = get16(h + 32);
  if (!at || (uint64_t)at + (uint64_t)n * RELOC_SIZE > len)
    return (Str){"", 0};
  for (uint32_t i = 0; i < n; i++) {
    const uint8_t *rel = v->data + at + RELOC_SIZE * i;
    CoffSymbolView sym;
    if (get32(rel) == offset && coff_symbol_at(v, get32(rel + 4), &sym))
      return sym.name;
  }
  return (Str){"", 0};
}

// The section a symbol is defined in; NULL for undefined, absolute and
// debug symbols and damaged section numbers.
static const CoffSectionView *symbol_section(const CoffView *v, const CoffSymbolView *sym) {
  if (sym->section < 1 || (uint32_t)sym->section > v->nsections)
    return NULL;
  return &v->sections[sym->section - 1];
}

// Records what the heads and tails of the library define (first pass).
static void index_head_or_tail(Reader *r, const CoffView *v, size_t len) {
  for (uint32_t i = 0; i < v->nsymbols; i++) {
    CoffSymbolView sym;
    if (!coff_symbol_at(v, i, &sym))
      break;
    i += sym.naux;
    const CoffSectionView *s = symbol_section(v, &sym);
    if (sym.storage_class != IMAGE_SYM_CLASS_EXTERNAL || !s || !sym.name.len)
      continue;
    const char *target = NULL;
    ExportList *into;
    if (is_section(s, ".idata$7") && sym.value < s->size) {
      // A tail: the DLL name, NUL-terminated, at the symbol.
      const char *p = (const char *)v->data + s->offset + sym.value;
      size_t n = strnlen(p, s->size - sym.value);
      if (n == s->size - sym.value || !n)
        continue;
      target = p;   // not copied: many symbols may point at one long name
      into = &r->inames;
    } else if (is_section(s, ".idata$2")) {
      // A head: its import descriptor's Name (offset 12) names the tail.
      Str tail = reloc_target(v, len, s, 12);
      if (!tail.len)
        continue;
      target = arena_strndup(r->arena, tail.s, tail.len);
      into = &r->heads;
    } else {
      continue;
    }
    Export *e = arena_alloc(r->arena, sizeof(Export));
    e->name = arena_strndup(r->arena, sym.name.s, sym.name.len);
    e->symbol = target;
    exportlist_add(into, e);
  }
}

// The DLL name a long-format member's .idata$7 refers to, through the head
// or directly to the tail; NULL when no member of the library gives one.
static const char *long_dll_name(Reader *r, const char *ref) {
  Export *tail = exportlist_find(&r->inames, ref);
  if (tail)
    return tail->symbol;
  Export *head = exportlist_find(&r->heads, ref);
  tail = head ? exportlist_find(&r->inames, head->symbol) : NULL;
  return tail ? tail->symbol : NULL;
}

// A long-format member (second pass); heads, tails and other objects
// import nothing and are skipped.
static void read_long_import(Reader *r, const SrcLoc *at, const CoffView *v, size_t len) {
  CoffSymbolView imp = {0};
  const CoffSectionView *sec2 = NULL, *sec4 = NULL, *sec5 = NULL, *sec6 = NULL, *sec7 = NULL;
  for (uint32_t i = 0; i < v->nsections; i++) {
    const CoffSectionView *s = &v->sections[i];
    if (is_section(s, ".idata$2"))
      sec2 = s;
    else if (is_section(s, ".idata$4"))
      sec4 = s;
    else if (is_section(s, ".idata$5"))
      sec5 = s;
    else if (is_section(s, ".idata$6"))
      sec6 = s;
    else if (is_section(s, ".idata$7"))
      sec7 = s;
  }
  if (!sec5)
    return;
  bool found = false;
  for (uint32_t i = 0; i < v->nsymbols && !found; i++) {
    if (!coff_symbol_at(v, i, &imp))
      break;
    i += imp.naux;
    found = imp.storage_class == IMAGE_SYM_CLASS_EXTERNAL && has_prefix(imp.name, "__imp_") &&
            symbol_section(v, &imp) == sec5;
  }
  if (!found)
    return;   // a head or a tail
  if (!check_machine(r, at, v->machine))
    return;

  Import im = {.name_type = IMPORT_NAME, .kind = EXPORT_DATA, .long_format = true, .loc = *at};
  Str symbol = {imp.name.s + 6, imp.name.len - 6};
  im.symbol = arena_strndup(r->arena, symbol.s, symbol.len);
  // Code: the member defines the symbol itself, as the jump in .text.
  for (uint32_t i = 0; i < v->nsymbols; i++) {
    CoffSymbolView sym;
    if (!coff_symbol_at(v, i, &sym))
      break;
    i += sym.naux;
    const CoffSectionView *s = symbol_section(v, &sym);
    if (s && str_eq(sym.name, symbol) && (s->characteristics & (IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE)))
      im.kind = EXPORT_CODE;
  }

  // The lookup slot (.idata$4, or .idata$5 when there is none): the
  // ordinal with the top bit, or 0 relocated against the hint/name entry.
  bool wide = *r->machine == MACH_AMD64 || *r->machine == MACH_ARM64;
  uint32_t width = wide ? 8 : 4;
  const CoffSectionView *slot = sec4 && sec4->size ? sec4 : sec5;
  if (slot->size < width) {
    diag_error(r->diag, at, "the import's %.*s slot is shorter than %u bytes", (int)slot->name.len, slot->name.s,
               width);
    return;
  }
  const uint8_t *p = v->data + slot->offset;
  uint32_t high = get32(p + width - 4);
  if (high & 0x80000000u) {
    im.name_type = IMPORT_ORDINAL;
    im.ordinal = get16(p);
  } else {
    // The relocation's addend is the slot's content; the entry is at the
    // start of .idata$6 (dlltool writes one per member).
    uint32_t off = get32(p) & 0x7fffffff;
    if (!sec6 || sec6->size < 3 || off > sec6->size - 3) {
      diag_error(r->diag, at, "the import's hint/name entry (.idata$6) is missing or too short");
      return;
    }
    const uint8_t *h = v->data + sec6->offset + off;
    size_t n = sec6->size - off - 2;
    const uint8_t *name = h + 2;
    im.ordinal = get16(h);
    if (!(im.name = take_string(r->arena, &name, &n))) {
      diag_error(r->diag, at, "the import's name in .idata$6 is not terminated");
      return;
    }
  }

  // A member with an import descriptor of its own (ccdll implib writes
  // one for an import under another name, Foo == Bar): the descriptor's
  // Name points into the member's own .idata$7.
  if (sec2 && sec7 && sec2->size >= 16 && str_eq(reloc_target(v, len, sec2, 12), str(".idata$7"))) {
    uint32_t off = get32(v->data + sec2->offset + 12);
    const uint8_t *name = v->data + sec7->offset + off;
    size_t n = off < sec7->size ? sec7->size - off : 0;
    if (!(im.dll = take_string(r->arena, &name, &n))) {
      diag_error(r->diag, at, "the import descriptor's DLL name (.idata$7) is not terminated");
      return;
    }
    add_import(r, &im);
    return;
  }
  Str ref = sec7 ? reloc_target(v, len, sec7, 0) : (Str){"", 0};
  if (!ref.len) {
    diag_error(r->diag, at, "the import '%s' names no import descriptor (no relocation in .idata$7)", im.symbol);
    return;
  }
  const char *ref_name = arena_strndup(r->arena, ref.s, ref.len);
  if (!(im.dll = long_dll_name(r, ref_name))) {
    diag_error(r->diag, at, "the import '%s' refers to '%s', from which no member of the library leads to a DLL name",
               im.symbol, ref_name);
    return;
  }
  add_import(r, &im);
}

bool implib_read(Diag *d, Arena *a, const char *path, const uint8_t *data, size_t len, Machine *machine,
                 ImportList *out) {
  if (!ar_is_archive(data, len)) {
    diag_error(d, &(SrcLoc){path, 0, 0}, "not an archive (an import library is one)");
    return false;
  }
  int errors = d->errors;
  Reader r = {d, a, path, machine, out, {0}, {0}};
  // Pass 0 indexes the heads and tails (a tail may come after the members
  // that need it); pass 1 reads the imports.
  for (int pass = 0; pass < 2; pass++) {
    ArReader ar;
    ArMember m;
    ar_open(&ar, data, len);
    while (ar_next(&ar, &m)) {
      SrcLoc at = {arena_printf(a, "%s(%.*s)", path, (int)m.name.len, m.name.s), 0, 0};
      CoffView v;
      if (is_short_import(m.data, m.size)) {
        if (pass == 1)
          read_short_import(&r, &at, m.data, m.size);
      } else if (coff_view(a, m.data, m.size, &v)) {
        if (pass == 0)
          index_head_or_tail(&r, &v, m.size);
        else
          read_long_import(&r, &at, &v, m.size);
      }
    }
    if (ar.damaged) {
      diag_error(d, &(SrcLoc){path, 0, 0}, "a damaged archive member header at offset %zu", ar.pos);
      break;
    }
  }
  exportlist_free(&r.inames);
  exportlist_free(&r.heads);
  return d->errors == errors;
}

// fuzz_roundtrip.c - the writers against the readers. The input is a .def
// (after a first byte of options: bit 0 the MSVC dialect, bits 1-2 the
// machine, bit 3 kill-at, bit 4 EXPORTAS); when it parses, the exports are
// finalized and written as an import library (implib_write) and as an
// export object (edata_write). The import library is read back with
// implib_read: one import per export that is not PRIVATE, in order, with
// the symbol a client links, the DLL, the name the loader looks up (or the
// ordinal), the hint and the kind. Nothing in the core library reads an
// export object, so its .edata is decoded here, through coff_view and the
// relocations: the directory, the address table (forwarder strings, and
// relocations against each export's symbol), the sorted name table and the
// ordinal table. Any difference aborts.
#include "fuzz.h"

static uint16_t rd16(const uint8_t *p) {
  return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t rd32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool str_is(Str s, const char *z) {
  return str_eq(s, str(z));
}

// The symbol a client of e links, as the linker sees it ("_Foo@4").
static const char *client_symbol(Arena *a, Machine m, const Export *e) {
  Str c = import_client_name(a, m, e);
  return arena_concat(a, linker_underscore(m, c) ? "_" : "", arena_strndup(a, c.s, c.len), "");
}

// The import library: read back, one import per export that is not PRIVATE.
static void check_implib(Arena *a, const Module *m, const ImplibOptions *opt, const Buf *lib) {
  Diag d = quiet_diag();
  Machine machine = MACH_NONE;
  ImportList imports = {0};
  bool ok = implib_read(&d, a, "fuzz.a", lib->data, lib->len, &machine, &imports);
  FUZZ_CHECK(ok && !d.errors, "implib_read failed on our import library (%d errors)", d.errors);
  const char *dll = import_dll_name(a, m);
  uint16_t *hints = import_hints(a, m, opt);
  uint32_t k = 0;
  for (uint32_t i = 0; i < m->exports.len; i++) {
    const Export *e = m->exports.v[i];
    if (e->is_private)
      continue;
    FUZZ_CHECK(k < imports.len, "%u imports read, export '%s' is missing", imports.len, e->name);
    const Import *im = &imports.v[k++];
    FUZZ_CHECK(machine == opt->machine, "machine %d read, %d written", machine, opt->machine);
    FUZZ_CHECK(!strcmp(im->dll, dll), "'%s': DLL '%s' read, '%s' written", e->name, im->dll, dll);
    const char *symbol = client_symbol(a, opt->machine, e);
    FUZZ_CHECK(!strcmp(im->symbol, symbol), "'%s': symbol '%s' read, '%s' written", e->name, im->symbol, symbol);
    // dlltool's long format has no constant imports: a member with a jump
    // (.text) is code, as GNU dlltool writes CONSTANT ones.
    ExportKind kind = im->long_format && e->kind == EXPORT_CONSTANT ? EXPORT_CODE : e->kind;
    FUZZ_CHECK(im->kind == kind, "'%s': kind %s read, %s written", e->name, export_kind_name(im->kind),
               export_kind_name(e->kind));
    if (e->noname) {
      FUZZ_CHECK(im->name_type == IMPORT_ORDINAL && !im->name, "'%s': by name '%s', written by ordinal", e->name,
                 im->name);
      FUZZ_CHECK(im->ordinal == e->ordinal, "'%s': ordinal %u read, %u written", e->name, im->ordinal, e->ordinal);
      continue;
    }
    Str want = import_exported_name(a, e, opt);
    FUZZ_CHECK(im->name && str_is(want, im->name), "'%s': name '%s' (type %d) read, '%.*s' written", e->name,
               im->name ? im->name : "(ordinal)", im->name_type, (int)want.len, want.s);
    FUZZ_CHECK(im->ordinal == hints[i], "'%s': hint %u read, %u written", e->name, im->ordinal, hints[i]);
  }
  FUZZ_CHECK(k == imports.len, "%u imports read, %u written", imports.len, k);
}

// The export object's .edata, as the loader will see it once linked.
typedef struct {
  const CoffView *v;
  const CoffSectionView *s;
  const uint8_t *p;        // the section's bytes
  uint32_t size;
} Edata;

// The NUL-terminated string at offset off of .edata.
static const char *edata_string(const Edata *x, uint32_t off) {
  FUZZ_CHECK(off < x->size && memchr(x->p + off, 0, x->size - off), "no string at .edata+%u", off);
  return (const char *)x->p + off;
}

// The symbol of the relocation at offset off of .edata (which must be
// there, an RVA relocation).
static Str edata_reloc(const Edata *x, uint32_t off, Machine m) {
  const uint8_t *h = x->v->data + x->s->header_offset;
  uint32_t at = rd32(h + 24), n = rd16(h + 32);
  for (uint32_t i = 0; i < n; i++) {
    const uint8_t *r = x->v->data + at + 10 * i;
    if (rd32(r) != off)
      continue;
    FUZZ_CHECK(rd16(r + 8) == coff_rva_reloc(m), "relocation type %u at .edata+%u", rd16(r + 8), off);
    CoffSymbolView sym;
    FUZZ_CHECK(coff_symbol_at(x->v, rd32(r + 4), &sym), "relocation at .edata+%u: bad symbol", off);
    return sym.name;
  }
  FUZZ_CHECK(false, "no relocation at .edata+%u", off);
  return (Str){"", 0};
}

static void check_edata(Arena *a, const Module *m, const ImplibOptions *implib, const Buf *exp) {
  const ExportList *l = &m->exports;
  // The DLL exports the names as the .def spells them: kill-at is for
  // import libraries only.
  const ImplibOptions names = {.machine = implib->machine, .dialect = implib->dialect};
  const ImplibOptions *opt = &names;
  CoffView v;
  FUZZ_CHECK(coff_view(a, exp->data, exp->len, &v), "coff_view failed on our export object");
  FUZZ_CHECK(machine_from_coff(v.machine) == opt->machine, "machine 0x%x", v.machine);
  Edata x = {&v, NULL, NULL, 0};
  for (uint32_t i = 0; i < v.nsections; i++)
    if (str_is(v.sections[i].name, ".edata"))
      x.s = &v.sections[i];
  FUZZ_CHECK(x.s && x.s->size >= 40, "no .edata section, or a short one");
  x.p = v.data + x.s->offset;
  x.size = x.s->size;
  const uint8_t *dir = x.p;
  uint32_t base = rd32(dir + 16), entries = rd32(dir + 20), nnamed = rd32(dir + 24);
  uint32_t eat = rd32(dir + 28), npt = rd32(dir + 32), ot = rd32(dir + 36);
  FUZZ_CHECK(eat + 4ull * entries <= x.size && npt + 4ull * nnamed <= x.size && ot + 2ull * nnamed <= x.size,
             "tables past the end of .edata");
  for (uint32_t off = 12; off <= 36; off += off == 12 ? 16 : 4)
    FUZZ_CHECK(str_is(edata_reloc(&x, off, opt->machine), ".edata"), "directory field %u not relocated", off);
  const char *dll = import_dll_name(a, m);
  FUZZ_CHECK(!strcmp(edata_string(&x, rd32(dir + 12)), dll), "DLL name '%s', '%s' written",
             edata_string(&x, rd32(dir + 12)), dll);

  // The address table: one entry per ordinal from the base.
  uint32_t lo = 0, hi = 0, named = 0;
  for (uint32_t i = 0; i < l->len; i++) {
    uint32_t ord = l->v[i]->ordinal;
    lo = !lo || ord < lo ? ord : lo;
    hi = ord > hi ? ord : hi;
    named += !l->v[i]->noname;
  }
  FUZZ_CHECK(!l->len || (base == lo && entries == hi - lo + 1), "base %u, %u entries for ordinals %u-%u", base,
             entries, lo, hi);
  FUZZ_CHECK(nnamed == named, "%u names, %u written", nnamed, named);
  for (uint32_t i = 0; i < l->len; i++) {
    const Export *e = l->v[i];
    uint32_t slot = eat + 4 * (e->ordinal - base);
    uint32_t value = rd32(x.p + slot);
    Str target = edata_reloc(&x, slot, opt->machine);
    if (e->forward) {
      FUZZ_CHECK(str_is(target, ".edata") && !strcmp(edata_string(&x, value), e->forward),
                 "'%s': forwarder '%s' read, '%s' written", e->name, edata_string(&x, value), e->forward);
    } else {
      const char *symbol = linker_symbol(a, opt->machine, e->symbol ? e->symbol : e->name);
      FUZZ_CHECK(value == 0 && str_is(target, symbol), "'%s': address of '%.*s'+%u read, '%s' written", e->name,
                 (int)target.len, target.s, value, symbol);
    }
  }

  // The name table, sorted by byte value, and the ordinal of each name.
  const char *prev = NULL;
  for (uint32_t i = 0; i < nnamed; i++) {
    const char *name = edata_string(&x, rd32(x.p + npt + 4 * i));
    FUZZ_CHECK(!prev || strcmp(prev, name) < 0, "names out of order: '%s' before '%s'", prev, name);
    prev = name;
    uint32_t ord = base + rd16(x.p + ot + 2 * i);
    const Export *e = exportlist_find_ordinal(l, ord);
    FUZZ_CHECK(e && !e->noname, "name '%s' at ordinal %u, which has no named export", name, ord);
    FUZZ_CHECK(str_is(import_exported_name(a, e, opt), name), "name '%s' for export '%s'", name, e->name);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  ImplibOptions opt = {
    .machine = fuzz_machines[data[0] >> 1 & 3],
    .dialect = data[0] & 1 ? DIALECT_MSVC : DIALECT_MINGW,
    .kill_at = data[0] >> 3 & 1,
    .exportas = data[0] >> 4 & 1,
  };
  char *text = nul_copy(data + 1, size - 1);
  Diag d = quiet_diag();
  Arena a = {0};
  Module m = {0};
  if (def_parse(&d, &a, "fuzz.def", text, size - 1, opt.dialect, opt.machine, &m)) {
    if (!m.dll_name)   // what ccdll implib -D gives
      m.dll_name = "fuzz.dll";
    if (exportlist_finalize(&m.exports, &d)) {
      Buf lib = {0}, exp = {0};
      implib_write(&lib, &a, &m, &opt);
      check_implib(&a, &m, &opt, &lib);
      if (edata_write(&exp, &d, &a, &m, opt.machine, opt.dialect))
        check_edata(&a, &m, &opt, &exp);
      buf_free(&lib);
      buf_free(&exp);
    }
  }
  exportlist_free(&m.exports);
  arena_free(&a);
  free(text);
  return 0;
}

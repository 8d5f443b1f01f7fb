// fuzz_pe.c - the PE image reader on any bytes: pe_view, then pe_exports,
// pe_imports and, on i386, x86_callee_pops at each code export; when the
// input is no PE image, the COFF object reader (coff_view, every symbol
// with coff_symbol_at) and object_exports. Each reader must return false
// exactly when it reported an error.
#include "fuzz.h"

static void fuzz_image(const PeView *v) {
  Diag d = quiet_diag();
  Arena a = {0};
  Module m = {0};
  bool ok = pe_exports(&d, &a, "fuzz.dll", v, &m);
  FUZZ_CHECK(ok == (d.errors == 0), "pe_exports returned %d after %d errors", ok, d.errors);
  X86Image *code = x86_image(&a, v);
  for (uint32_t i = 0; i < m.exports.len; i++) {
    const Export *e = m.exports.v[i];
    FUZZ_CHECK(e->name, "export %u has no name", i);
    if (v->machine != MACH_I386 || e->kind != EXPORT_CODE || e->forward || !e->rva)
      continue;
    CalleePops pops;
    if (x86_callee_pops(code, e->rva, &pops))
      FUZZ_CHECK(pops.bytes >= -1 && (pops.sure || pops.why), "export %u: pops %d, sure %d, no reason", i,
                 pops.bytes, pops.sure);
  }
  int before = d.errors;
  ImportList imports = {0};
  ok = pe_imports(&d, &a, "fuzz.dll", v, &imports);
  FUZZ_CHECK(ok == (d.errors == before), "pe_imports returned %d after %d errors", ok, d.errors - before);
  for (uint32_t i = 0; i < imports.len; i++)
    FUZZ_CHECK(imports.v[i].dll, "import %u has no DLL", i);
  exportlist_free(&m.exports);
  arena_free(&a);
}

static void fuzz_object(const uint8_t *data, size_t size) {
  Arena a = {0};
  CoffView v;
  if (coff_view(&a, data, size, &v)) {
    CoffSymbolView sym;
    for (uint32_t i = 0; i < v.nsymbols; i++) {
      FUZZ_CHECK(coff_symbol_at(&v, i, &sym), "symbol %u of %u unreadable", i, v.nsymbols);
      FUZZ_CHECK(sym.name.len <= size, "symbol %u: name of %u bytes", i, sym.name.len);
    }
    FUZZ_CHECK(!coff_symbol_at(&v, v.nsymbols, &sym), "a symbol past the end");
  }
  Diag d = quiet_diag();
  Machine machine = MACH_NONE;
  ExportList l = {0};
  bool ok = object_exports(&d, &a, "fuzz.o", data, size, &machine, &l);
  FUZZ_CHECK(ok == (d.errors == 0), "object_exports returned %d after %d errors", ok, d.errors);
  exportlist_free(&l);
  arena_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Arena a = {0};
  PeView v;
  const char *why;
  if (pe_view(&a, data, size, &v, &why))
    fuzz_image(&v);
  else
    fuzz_object(data, size);
  arena_free(&a);
  return 0;
}

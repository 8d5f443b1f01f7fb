// fuzz_archive.c - the archive reader (ar_open, ar_next: every member
// within the input) and what reads archives: implib_read (import
// libraries, short and long format) and object_exports (each member
// object's export records and directives). Each must return false exactly
// when it reported an error.
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ArReader ar;
  ArMember member;
  ar_open(&ar, data, size);
  uint32_t members = 0;
  while (ar_next(&ar, &member)) {
    FUZZ_CHECK(member.data >= data && member.size <= size && (size_t)(member.data - data) <= size - member.size,
               "member %u outside the archive", members);
    FUZZ_CHECK(!member.name.len || (member.name.s && member.name.len <= size), "member %u: bad name", members);
    members++;
  }

  Diag d = quiet_diag();
  Arena a = {0};
  Machine machine = MACH_NONE;
  ImportList imports = {0};
  bool ok = implib_read(&d, &a, "fuzz.a", data, size, &machine, &imports);
  FUZZ_CHECK(ok == (d.errors == 0), "implib_read returned %d after %d errors", ok, d.errors);
  for (uint32_t i = 0; i < imports.len; i++) {
    const Import *im = &imports.v[i];
    FUZZ_CHECK(im->dll && im->symbol, "import %u has no DLL or symbol", i);
    FUZZ_CHECK(im->name || im->name_type == IMPORT_ORDINAL, "import %u by name has no name", i);
  }

  int before = d.errors;
  machine = MACH_NONE;
  ExportList l = {0};
  ok = object_exports(&d, &a, "fuzz.a", data, size, &machine, &l);
  FUZZ_CHECK(ok == (d.errors == before), "object_exports returned %d after %d errors", ok, d.errors - before);
  exportlist_free(&l);
  arena_free(&a);
  return 0;
}

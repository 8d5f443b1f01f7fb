// fuzz_def.c - def_parse on any text. The first byte picks the dialect
// (bit 0: MSVC) and the machine (bits 1-2: i386, x86_64, arm, arm64); the
// rest is the .def. def_parse must return false exactly when it reported
// an error, and give every export a name.
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  Dialect dialect = data[0] & 1 ? DIALECT_MSVC : DIALECT_MINGW;
  Machine machine = fuzz_machines[data[0] >> 1 & 3];
  char *text = nul_copy(data + 1, size - 1);
  Diag d = quiet_diag();
  Arena a = {0};
  Module m = {0};
  bool ok = def_parse(&d, &a, "fuzz.def", text, size - 1, dialect, machine, &m);
  FUZZ_CHECK(ok == (d.errors == 0), "def_parse returned %d after %d errors", ok, d.errors);
  for (uint32_t i = 0; i < m.exports.len; i++)
    FUZZ_CHECK(m.exports.v[i] && m.exports.v[i]->name, "export %u has no name", i);
  exportlist_free(&m.exports);
  arena_free(&a);
  free(text);
  return 0;
}

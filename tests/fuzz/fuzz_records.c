// fuzz_records.c - the readers of export records (records_parse: JSON
// Lines) and of .drectve texts (drectve_exports, drectve_blank_exports).
// The first byte picks the reader (bit 0: .drectve); the rest is its text.
#include "fuzz.h"

// The directive texts must lie within the input.
static void check_within(Str s, const char *text, size_t len, const char *what) {
  if (!s.len)
    return;
  FUZZ_CHECK(s.s >= text && s.s + s.len <= text + len, "%s outside the text", what);
}

static void fuzz_drectve(const uint8_t *data, size_t size) {
  char *text = nul_copy(data, size);
  Arena a = {0};
  DirectiveExport *x = NULL;
  uint32_t n = drectve_exports(&a, text, size, &x);
  for (uint32_t i = 0; i < n; i++) {
    check_within(x[i].text, text, size, "directive");
    if (!x[i].valid)
      continue;
    check_within(x[i].name, text, size, "name");
    check_within(x[i].internal, text, size, "internal name");
  }
  // Blanking finds the same directives, and leaves none behind.
  uint32_t blanked = drectve_blank_exports(text, size);
  FUZZ_CHECK(blanked == n, "%u directives, %u blanked", n, blanked);
  DirectiveExport *y = NULL;
  uint32_t left = drectve_exports(&a, text, size, &y);
  FUZZ_CHECK(left == 0, "%u directives left after blanking", left);
  arena_free(&a);
  free(text);
}

static void fuzz_records(const uint8_t *data, size_t size) {
  char *text = nul_copy(data, size);
  Diag d = quiet_diag();
  Arena a = {0};
  ExportList l = {0};
  bool ok = records_parse(&d, &a, "fuzz.ccdll", text, size, &l);
  FUZZ_CHECK(ok == (d.errors == 0), "records_parse returned %d after %d errors", ok, d.errors);
  // What was read can be written back as records.
  Buf b = {0};
  for (uint32_t i = 0; i < l.len; i++) {
    FUZZ_CHECK(l.v[i]->name, "record %u has no name", i);
    record_write(&b, l.v[i]);
  }
  buf_free(&b);
  exportlist_free(&l);
  arena_free(&a);
  free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  if (data[0] & 1)
    fuzz_drectve(data + 1, size - 1);
  else
    fuzz_records(data + 1, size - 1);
  return 0;
}

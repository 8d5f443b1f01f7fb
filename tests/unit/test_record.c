// test_record.c - export records: written and read back the same, every
// field; unknown keys skipped; malformed lines reported at their place.
#include "check.h"
#include "core.h"

static int nerrors;
static char last[512];
static void capture(Diag *d, DiagLevel level, const SrcLoc *loc, const char *msg) {
  (void)d;
  if (level == DIAG_ERROR)
    nerrors++;
  snprintf(last, sizeof last, "%d:%d: %s", loc ? loc->line : 0, loc ? loc->col : 0, msg);
}

static void test_round_trip(void) {
  Arena a = {0};
  Export in[] = {
    {.name = "Foo", .symbol = "Foo@4", .conv = CONV_STDCALL, .arg_bytes = 4, .kind = EXPORT_CODE,
     .loc = {"dir/bar.c", 3, 18}, .prototype = "int __stdcall Foo(int x)"},
    {.name = "Var", .conv = CONV_NONE, .arg_bytes = -1, .kind = EXPORT_DATA, .loc = {"a \"q\"\\.h", 1, 1}},
    {.name = "_ZN3foo3barEv", .conv = CONV_CDECL, .arg_bytes = -1, .prototype = "tab\there"},
    {.name = "Hidden", .conv = CONV_CDECL, .arg_bytes = -1, .declaration_only = true},
    {.name = "FromObject", .conv = CONV_NONE, .arg_bytes = -1, .loc = {"lib.a(x.o)", 0, 0}},
  };
  enum { N = sizeof in / sizeof *in };
  Buf b = {0};
  for (int i = 0; i < N; i++)
    record_write(&b, &in[i]);
  Diag d = {.prog = "test", .sink = capture};
  ExportList l = {0};
  CHECK(records_parse(&d, &a, "r.jsonl", (char *)b.data, b.len, &l));
  CHECK(l.len == N);
  for (uint32_t i = 0; i < l.len && i < N; i++) {
    Export *e = l.v[i];
    CHECK_STR(e->name, in[i].name);
    CHECK_STR(e->symbol, in[i].symbol);
    CHECK(e->conv == in[i].conv && e->arg_bytes == in[i].arg_bytes && e->kind == in[i].kind);
    CHECK_STR(e->loc.file, in[i].loc.file);
    CHECK(e->loc.line == in[i].loc.line && e->loc.col == in[i].loc.col);
    CHECK_STR(e->prototype, in[i].prototype);
    CHECK(e->declaration_only == in[i].declaration_only);
  }
  buf_free(&b);
  exportlist_free(&l);
  arena_free(&a);
}

// Each bad line gives one error at its line and column; the good lines
// around it are still read.
static void test_errors(void) {
  static const struct { const char *line, *error; } cases[] = {
    {"{\"name\":\"A\"", "1:12: expected '}' in an export record"},
    {"{\"symbol\":\"x\"}", "1:15: an export record without a name"},
    {"{\"name\":\"A\",\"conv\":\"pascal\"}", "1:28: unknown calling convention 'pascal' in an export record"},
    {"{\"name\":\"A\",\"arg_bytes\":\"4\"}", "1:25: expected a number in an export record"},
    {"{\"name\":\"A\"} x", "1:14: more after the end of an export record"},
    {"{\"name\":\"A\\q\"}", "1:11: unknown escape '\\q' in an export record"},
    {"[1]", "1:1: expected '{' in an export record"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    Arena a = {0};
    ExportList l = {0};
    Diag d = {.prog = "test", .sink = capture};
    nerrors = 0;
    const char *line = cases[i].line;
    CHECK(!records_parse(&d, &a, "r.jsonl", line, strlen(line), &l));
    CHECK(nerrors == 1);
    CHECK_STR(last, cases[i].error);
    exportlist_free(&l);
    arena_free(&a);
  }
  // Two records of one name that disagree.
  Arena a = {0};
  ExportList l = {0};
  Diag d = {.prog = "test", .sink = capture};
  nerrors = 0;
  const char *two = "{\"name\":\"F\",\"symbol\":\"F@4\",\"file\":\"a.c\",\"line\":1,\"col\":5}\n"
                    "{\"unknown\":[1],\"name\":\"G\"}\n"
                    "{\"name\":\"F\",\"symbol\":\"F@8\",\"file\":\"b.c\",\"line\":2,\"col\":7}\n";
  CHECK(!records_parse(&d, &a, "r.jsonl", two, strlen(two), &l));
  CHECK(nerrors == 2);   // the unknown key's array value, and the conflict
  CHECK(l.len == 1);     // F (G's line failed)
  exportlist_free(&l);
  arena_free(&a);
}

int main(void) {
  test_round_trip();
  test_errors();
  return check_report();
}

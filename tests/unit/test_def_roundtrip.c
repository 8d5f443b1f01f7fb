// test_def_roundtrip.c - parse -> write -> parse gives the same model, in
// both dialects; CRLF and a byte order mark read like plain LF; and the
// import/export pair of the seed example is what the seed text prescribes.
#include "check.h"
#include "core.h"

#include <stdlib.h>

static const char everything[] =
  "; every statement and export form the reader knows\n"
  "LIBRARY \"my lib.dll\" BASE=0x10000000\n"
  "DESCRIPTION \"a test library\"\n"
  "VERSION 2.7\n"
  "HEAPSIZE 0x100000,4096\n"
  "STACKSIZE 65536\n"
  "SECTIONS\n"
  "  .shared READ WRITE SHARED\n"
  "  .text EXECUTE READ\n"
  "EXPORTS\n"
  "  Foo@4\n"
  "  Bar=Bar@8 @3\n"
  "  @Fast@12 @4 NONAME\n"
  "  Vec@@16\n"
  "  Plain = internal_plain\n"
  "  Var DATA\n"
  "  Const @9 CONSTANT PRIVATE\n"
  "  Fwd=kernel32.Sleep\n"
  "  FwdOrd=other.#12 @10 NONAME\n"
  "  \"with space\"\n"
  "  'with \"quote\"'\n"
  "  \"DATA\" DATA\n"
  "  Renamed == RealName\n"
  "  Renamed2 @11 PRIVATE EXPORTAS RealName2\n"
  "  _lopen@8\n"
  "  ?member@Class@@QAEXH@Z\n"
  "  _ZN3foo3barEv\n";

static bool same_str(const char *a, const char *b) {
  return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool same_module(const Module *a, const Module *b) {
  if (!same_str(a->dll_name, b->dll_name) || a->is_exe != b->is_exe || a->has_base != b->has_base ||
      a->image_base != b->image_base || a->has_heap != b->has_heap || a->heap_reserve != b->heap_reserve ||
      a->has_heap_commit != b->has_heap_commit || a->heap_commit != b->heap_commit ||
      a->has_stack != b->has_stack || a->stack_reserve != b->stack_reserve ||
      a->has_stack_commit != b->has_stack_commit || a->stack_commit != b->stack_commit ||
      a->has_version != b->has_version || a->version_major != b->version_major ||
      a->version_minor != b->version_minor || !same_str(a->description, b->description) ||
      a->nsections != b->nsections || a->exports.len != b->exports.len)
    return false;
  for (int i = 0; i < a->nsections; i++)
    if (!same_str(a->sections[i].name, b->sections[i].name) ||
        !same_str(a->sections[i].attrs, b->sections[i].attrs))
      return false;
  for (uint32_t i = 0; i < a->exports.len; i++) {
    const Export *x = a->exports.v[i], *y = b->exports.v[i];
    if (!same_str(x->name, y->name) || !same_str(x->symbol, y->symbol) ||
        !same_str(x->import_name, y->import_name) || !same_str(x->forward, y->forward) ||
        x->conv != y->conv || x->arg_bytes != y->arg_bytes || x->kind != y->kind ||
        x->ordinal != y->ordinal || x->noname != y->noname || x->is_private != y->is_private) {
      printf("export %u differs: '%s' / '%s'\n", i, x->name, y->name);
      return false;
    }
  }
  return true;
}

// Parses a copy of text: the model points into it (the copy lives in the arena).
static bool parse(Arena *a, const char *text, size_t len, Dialect dialect, Module *m) {
  Diag d = {.prog = "test"};
  *m = (Module){0};
  return def_parse(&d, a, "test.def", arena_strndup(a, text, len), len, dialect, MACH_I386, m);
}

static char *write_def(const Module *m, Dialect dialect, DefForm form) {
  Buf b = {0};
  def_write(&b, m, dialect, MACH_I386, form);
  buf_put_u8(&b, 0);
  return (char *)b.data;
}

static void test_round_trip(Dialect dialect) {
  Arena a = {0};
  Module m1, m2, m3;
  CHECK(parse(&a, everything, strlen(everything), DIALECT_MINGW, &m1));
  CHECK(m1.exports.len == 17);
  char *text = write_def(&m1, dialect, DEF_AS_IS);
  CHECK(parse(&a, text, strlen(text), dialect, &m2));
  CHECK(same_module(&m1, &m2));
  char *again = write_def(&m2, dialect, DEF_AS_IS);
  CHECK_STR(again, text);   // writing is idempotent
  CHECK(parse(&a, again, strlen(again), dialect, &m3));
  CHECK(same_module(&m1, &m3));
  free(text);
  free(again);
  exportlist_free(&m1.exports);
  exportlist_free(&m2.exports);
  exportlist_free(&m3.exports);
  arena_free(&a);
}

// What the model holds for some of the lines above.
static void test_model(void) {
  Arena a = {0};
  Module m;
  CHECK(parse(&a, everything, strlen(everything), DIALECT_MINGW, &m));
  CHECK_STR(m.dll_name, "my lib.dll");
  CHECK(m.image_base == 0x10000000 && m.heap_reserve == 0x100000 && m.heap_commit == 4096);
  CHECK(m.stack_reserve == 65536 && !m.has_stack_commit && m.version_major == 2 && m.version_minor == 7);
  Export *e = exportlist_find(&m.exports, "Foo@4");
  CHECK(e && e->conv == CONV_STDCALL && e->arg_bytes == 4 && !e->symbol);
  e = exportlist_find(&m.exports, "Bar");
  CHECK(e && e->conv == CONV_STDCALL && e->arg_bytes == 8 && e->ordinal == 3);
  CHECK_STR(e ? e->symbol : NULL, "Bar@8");
  e = exportlist_find(&m.exports, "@Fast@12");
  CHECK(e && e->conv == CONV_FASTCALL && e->arg_bytes == 12 && e->noname && e->ordinal == 4);
  e = exportlist_find(&m.exports, "Vec@@16");
  CHECK(e && e->conv == CONV_VECTORCALL && e->arg_bytes == 16);
  e = exportlist_find(&m.exports, "Const");
  CHECK(e && e->kind == EXPORT_CONSTANT && e->is_private);
  e = exportlist_find(&m.exports, "FwdOrd");
  CHECK_STR(e ? e->forward : NULL, "other.#12");
  e = exportlist_find(&m.exports, "DATA");
  CHECK(e && e->kind == EXPORT_DATA);
  e = exportlist_find(&m.exports, "Renamed2");
  CHECK_STR(e ? e->import_name : NULL, "RealName2");
  e = exportlist_find(&m.exports, "?member@Class@@QAEXH@Z");
  CHECK(e && e->conv == CONV_NONE);
  exportlist_free(&m.exports);
  arena_free(&a);
}

// A CRLF file, and one with a UTF-8 byte order mark, read like the LF file.
static void test_line_endings(void) {
  Arena a = {0};
  Buf crlf = {0}, bom = {0};
  buf_puts(&bom, "\xEF\xBB\xBF");
  for (const char *s = everything; *s; s++) {
    if (*s == '\n')
      buf_put_u8(&crlf, '\r');
    buf_put_u8(&crlf, (uint8_t)*s);
    buf_put_u8(&bom, (uint8_t)*s);
  }
  Module lf, m1, m2;
  CHECK(parse(&a, everything, strlen(everything), DIALECT_MINGW, &lf));
  CHECK(parse(&a, (char *)crlf.data, crlf.len, DIALECT_MINGW, &m1));
  CHECK(parse(&a, (char *)bom.data, bom.len, DIALECT_MINGW, &m2));
  CHECK(same_module(&lf, &m1));
  CHECK(same_module(&lf, &m2));
  buf_free(&crlf);
  buf_free(&bom);
  exportlist_free(&lf.exports);
  exportlist_free(&m1.exports);
  exportlist_free(&m2.exports);
  arena_free(&a);
}

// ../shared/seeds: bar_i.def lists Foo@4 and Bar@4; bar_e.def has
// Foo=Foo@4 and Bar=Bar@4. The MSVC spelling of Foo@4 is _Foo@4.
static void test_seed_pair(void) {
  static const char bar[] = "LIBRARY bar.dll\nEXPORTS\n  Foo@4\n  Bar@4\n";
  Arena a = {0};
  Module m;
  CHECK(parse(&a, bar, strlen(bar), DIALECT_MINGW, &m));
  char *i = write_def(&m, DIALECT_MINGW, DEF_IMPORT);
  char *e = write_def(&m, DIALECT_MINGW, DEF_EXPORT);
  char *lld = write_def(&m, DIALECT_MINGW, DEF_EXPORT_LLD);
  char *msvc = write_def(&m, DIALECT_MSVC, DEF_AS_IS);
  CHECK_STR(i, "LIBRARY bar.dll\nEXPORTS\n  Foo@4\n  Bar@4\n");
  CHECK_STR(e, "LIBRARY bar.dll\nEXPORTS\n  Foo=Foo@4\n  Bar=Bar@4\n");
  CHECK_STR(lld, "LIBRARY bar.dll\nEXPORTS\n  Foo\n  Bar\n");
  CHECK_STR(msvc, "LIBRARY bar.dll\nEXPORTS\n  _Foo@4\n  _Bar@4\n");
  free(i);
  free(e);
  free(lld);
  free(msvc);
  exportlist_free(&m.exports);
  arena_free(&a);
}

// The pair for the other export forms.
static void test_pair_forms(void) {
  static const char def[] =
    "LIBRARY x.dll\nEXPORTS\n  @Fast@8 @2\n  Alias=Real@12\n  Vec@@16\n  Fwd@4=k.Sleep\n"
    "  cdecl_fn\n  Var DATA\n  Plain=internal\n";
  Arena a = {0};
  Module m;
  CHECK(parse(&a, def, strlen(def), DIALECT_MINGW, &m));
  char *i = write_def(&m, DIALECT_MINGW, DEF_IMPORT);
  char *e = write_def(&m, DIALECT_MINGW, DEF_EXPORT);
  char *lld = write_def(&m, DIALECT_MINGW, DEF_EXPORT_LLD);
  CHECK_STR(i, "LIBRARY x.dll\nEXPORTS\n  @Fast@8 @2\n  Alias@12\n  Vec@@16\n  Fwd@4\n"
               "  cdecl_fn\n  Var DATA\n  Plain\n");
  CHECK_STR(e, "LIBRARY x.dll\nEXPORTS\n  Fast=@Fast@8 @2\n  Alias=Real@12\n  Vec=Vec@@16\n"
               "  Fwd=k.Sleep\n  cdecl_fn\n  Var DATA\n  Plain=internal\n");
  CHECK_STR(lld, "LIBRARY x.dll\nEXPORTS\n  Fast @2\n  Alias=Real@12\n  Vec\n  Fwd=k.Sleep\n"
                 "  cdecl_fn\n  Var DATA\n  Plain=internal\n");
  free(i);
  free(e);
  free(lld);
  exportlist_free(&m.exports);
  arena_free(&a);
}

int main(void) {
  test_round_trip(DIALECT_MINGW);
  test_round_trip(DIALECT_MSVC);
  test_model();
  test_line_endings();
  test_seed_pair();
  test_pair_forms();
  return check_report();
}

// test_export.c - the export model: add, look up, ordinals, finalize, limits.
#include "check.h"
#include "core.h"

static Export *new_export(Arena *a, const char *name, unsigned ordinal) {
  Export *e = arena_alloc(a, sizeof(Export));
  e->name = arena_strdup(a, name);
  e->ordinal = (uint16_t)ordinal;
  e->arg_bytes = -1;
  return e;
}

static void test_add_and_find(void) {
  Arena a = {0};
  ExportList l = {0};
  Export *foo = new_export(&a, "Foo", 0), *bar = new_export(&a, "Bar", 0);
  CHECK(exportlist_add(&l, foo) == NULL);
  CHECK(exportlist_add(&l, bar) == NULL);
  CHECK(exportlist_add(&l, new_export(&a, "Foo", 0)) == foo);
  CHECK(l.len == 2);
  CHECK(exportlist_find(&l, "Bar") == bar);
  CHECK(exportlist_find(&l, "bar") == NULL);
  CHECK(exportlist_find(&l, "Baz") == NULL);
  exportlist_free(&l);
  arena_free(&a);
}

static void test_ordinals(void) {
  Arena a = {0};
  ExportList l = {0};
  Export *x = new_export(&a, "X", 7), *y = new_export(&a, "Y", 7);
  exportlist_add(&l, x);
  CHECK(exportlist_claim_ordinal(&l, x) == NULL);
  exportlist_add(&l, y);
  CHECK(exportlist_claim_ordinal(&l, y) == x);
  CHECK(exportlist_find_ordinal(&l, 7) == x);
  CHECK(exportlist_find_ordinal(&l, 8) == NULL);
  CHECK(exportlist_find_ordinal(&l, 0) == NULL);
  exportlist_free(&l);
  arena_free(&a);
}

// Names sort by byte value (the loader's binary search): upper case before
// '_' before lower case. Free ordinals are filled from the lowest ordinal
// given, in name order, skipping the ones taken.
static void test_finalize(void) {
  Arena a = {0};
  ExportList l = {0};
  Diag d = {.prog = "test"};
  const char *names[] = {"b", "_c", "A", "a", "B"};
  unsigned ords[] = {0, 0, 0, 6, 5};
  for (int i = 0; i < 5; i++) {
    Export *e = new_export(&a, names[i], ords[i]);
    exportlist_add(&l, e);
    if (e->ordinal)
      exportlist_claim_ordinal(&l, e);
  }
  CHECK(exportlist_finalize(&l, &d));
  const char *want_names[] = {"A", "B", "_c", "a", "b"};
  unsigned want_ords[] = {7, 5, 8, 6, 9};
  for (int i = 0; i < 5; i++) {
    CHECK_STR(l.v[i]->name, want_names[i]);
    CHECK(l.v[i]->ordinal == want_ords[i]);
  }
  CHECK(exportlist_find(&l, "_c") == l.v[2]);
  CHECK(exportlist_find_ordinal(&l, 9) == l.v[4]);
  CHECK(d.errors == 0);
  exportlist_free(&l);
  arena_free(&a);
}

// With no ordinal given, ordinals start at 1; past 65535 they wrap to 1.
static void test_finalize_wraps(void) {
  Arena a = {0};
  ExportList l = {0};
  Diag d = {.prog = "test"};
  Export *top = new_export(&a, "m", 65534);
  exportlist_add(&l, top);
  exportlist_claim_ordinal(&l, top);
  exportlist_add(&l, new_export(&a, "n", 0));
  exportlist_add(&l, new_export(&a, "o", 0));
  CHECK(exportlist_finalize(&l, &d));
  CHECK(l.v[1]->ordinal == 65535);
  CHECK(l.v[2]->ordinal == 1);

  ExportList plain = {0};
  exportlist_add(&plain, new_export(&a, "z", 0));
  exportlist_add(&plain, new_export(&a, "y", 0));
  CHECK(exportlist_finalize(&plain, &d));
  CHECK(plain.v[0]->ordinal == 1 && plain.v[1]->ordinal == 2);
  exportlist_free(&l);
  exportlist_free(&plain);
  arena_free(&a);
}

static int limit_messages;
static char limit_text[256];
static void capture(Diag *d, DiagLevel level, const SrcLoc *loc, const char *msg) {
  (void)d, (void)level, (void)loc;
  limit_messages++;
  snprintf(limit_text, sizeof limit_text, "%s", msg);
}

// A DLL has at most 65535 exports (16-bit ordinals).
static void test_limit(void) {
  Arena a = {0};
  ExportList l = {0};
  Diag d = {.prog = "test", .sink = capture};
  for (int i = 0; i < 65535; i++)
    exportlist_add(&l, new_export(&a, arena_printf(&a, "f%d", i), 0));
  CHECK(exportlist_finalize(&l, &d));
  CHECK(exportlist_find_ordinal(&l, 65535) != NULL);
  exportlist_add(&l, new_export(&a, "one_too_many", 0));
  CHECK(!exportlist_finalize(&l, &d));
  CHECK(limit_messages == 1);
  CHECK_STR(limit_text, "too many exports: 65536 (a DLL can have at most 65535)");
  exportlist_free(&l);
  arena_free(&a);
}

// finalize finds exports that share an ordinal however they were added.
static void test_finalize_duplicate_ordinal(void) {
  Arena a = {0};
  ExportList l = {0};
  Diag d = {.prog = "test", .sink = capture};
  exportlist_add(&l, new_export(&a, "p", 4));
  exportlist_add(&l, new_export(&a, "q", 4));
  limit_messages = 0;
  CHECK(!exportlist_finalize(&l, &d));
  CHECK(limit_messages == 2);   // the error and its note
  CHECK(d.errors == 1);
  exportlist_free(&l);
  arena_free(&a);
}

int main(void) {
  test_add_and_find();
  test_ordinals();
  test_finalize();
  test_finalize_wraps();
  test_limit();
  test_finalize_duplicate_ordinal();
  return check_report();
}

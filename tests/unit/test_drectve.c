// test_drectve.c - export directives as GNU ld, lld and link.exe read them
// (MSVC's /EXPORT syntax: name[=internal][,@ordinal][,NONAME][,DATA]
// [,PRIVATE]; keywords in any case; blanks separate directives, "..."
// quotes), and their blanking in place.
#include "check.h"
#include "core.h"

static bool str_is(Str s, const char *want) {
  return s.len == strlen(want) && !memcmp(s.s, want, s.len);
}

static void test_forms(void) {
  Arena a = {0};
  const char text[] = " -aligncomm:\"x\",2 -export:Foo@4 -export:var,data /EXPORT:_Bar@8,@7,NONAME"
                      "\t/export:\"with space\"=_impl,PRIVATE -EXPORT:@Fast@8,Data,constant"
                      " /DEFAULTLIB:\"libcmt\" -export:\"q\"";
  DirectiveExport *x;
  uint32_t n = drectve_exports(&a, text, sizeof text - 1, &x);
  CHECK(n == 6);
  if (n != 6)
    return;
  CHECK(x[0].valid && !x[0].msvc && str_is(x[0].name, "Foo@4") && !x[0].internal.len);
  CHECK(x[0].kind == EXPORT_CODE && !x[0].ordinal && !x[0].noname && !x[0].is_private);
  CHECK(x[1].valid && str_is(x[1].name, "var") && x[1].kind == EXPORT_DATA);
  CHECK(x[2].valid && x[2].msvc && str_is(x[2].name, "_Bar@8") && x[2].ordinal == 7 && x[2].noname);
  CHECK(x[3].valid && x[3].msvc && str_is(x[3].name, "with space") && str_is(x[3].internal, "_impl"));
  CHECK(x[3].is_private && x[3].kind == EXPORT_CODE);
  CHECK(x[4].valid && !x[4].msvc && str_is(x[4].name, "@Fast@8") && x[4].kind == EXPORT_CONSTANT);
  CHECK(x[5].valid && str_is(x[5].name, "q") && str_is(x[5].text, "-export:\"q\""));
  arena_free(&a);
}

static void test_malformed(void) {
  Arena a = {0};
  const char *bad[] = {"-export:", "-export:,data", "-export:a,", "-export:a,@0", "-export:a,@65536",
                       "-export:a,@1x", "-export:a=", "-export:a,bogus", "/EXPORT:a,@", "-export:\"a\"b"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    DirectiveExport *x;
    uint32_t n = drectve_exports(&a, bad[i], strlen(bad[i]), &x);
    CHECK(n == 1 && !x[0].valid);
    if (n != 1 || x[0].valid)
      printf("  accepted: %s\n", bad[i]);
  }
  // Not exports: other directives and prefixes of the keyword.
  const char other[] = "-exports:a /EXPORTS:b -expor:c export:d";
  DirectiveExport *x;
  CHECK(drectve_exports(&a, other, sizeof other - 1, &x) == 0);
  arena_free(&a);
}

static void test_blank(void) {
  char text[] = "-export:a -aligncomm:b,2 /EXPORT:\"c d\",DATA -export:e";
  CHECK(drectve_blank_exports(text, sizeof text - 1) == 3);
  CHECK_STR(text, "          -aligncomm:b,2" "                             ");   // 10 + 14 + 29
}

int main(void) {
  test_forms();
  test_malformed();
  test_blank();
  return check_report();
}

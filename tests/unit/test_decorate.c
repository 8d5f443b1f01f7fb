// test_decorate.c - unit tests of decorate.c and target.c, no compiler needed.
//
// Tables of cases, one loop each; every check prints "expr => value" and a
// mismatch adds ", expected X" and makes the exit status 1. The symbols in
// these tables are what GCC 12 and clang 14 emit (tests/decorate/run.sh
// checks the rules against the compilers themselves).
#include "core.h"

#include <stdio.h>
#include <string.h>

static int failures;

static void check_str(const char *expr, const char *got, const char *want) {
  if (strcmp(got, want)) {
    printf("%s => %s, expected %s\n", expr, got, want);
    failures++;
  } else {
    printf("%s => %s\n", expr, got);
  }
}

static void check_int(const char *expr, long long got, long long want) {
  if (got != want) {
    printf("%s => %lld, expected %lld\n", expr, got, want);
    failures++;
  } else {
    printf("%s => %lld\n", expr, got);
  }
}

//
// decorate and linker_symbol
//

typedef struct {
  Machine m;
  CallConv conv;
  const char *name;
  int arg_bytes;
  const char *symbol;   // decorate
  const char *linker;   // linker_symbol(decorate)
} DecorateCase;

static const DecorateCase decorate_cases[] = {
  {MACH_I386, CONV_STDCALL, "Foo", 8, "Foo@8", "_Foo@8"},
  {MACH_I386, CONV_STDCALL, "Foo", 0, "Foo@0", "_Foo@0"},
  {MACH_I386, CONV_STDCALL, "Foo", -1, "Foo", "_Foo"},   // variadic
  {MACH_I386, CONV_FASTCALL, "Foo", 8, "@Foo@8", "@Foo@8"},
  {MACH_I386, CONV_FASTCALL, "Foo", -1, "Foo", "_Foo"},
  {MACH_I386, CONV_VECTORCALL, "Foo", 16, "Foo@@16", "Foo@@16"},
  {MACH_I386, CONV_CDECL, "Foo", 8, "Foo", "_Foo"},
  {MACH_I386, CONV_THISCALL, "Foo", 8, "Foo", "_Foo"},
  {MACH_I386, CONV_NONE, "data", -1, "data", "_data"},
  {MACH_I386, CONV_NONE, "?x@@YAXXZ", -1, "?x@@YAXXZ", "?x@@YAXXZ"},
  {MACH_I386, CONV_STDCALL, "_ZN3Foo3barEi", 8, "_ZN3Foo3barEi@8", "__ZN3Foo3barEi@8"},
  {MACH_AMD64, CONV_STDCALL, "Foo", 8, "Foo", "Foo"},
  {MACH_AMD64, CONV_FASTCALL, "Foo", 8, "Foo", "Foo"},
  {MACH_AMD64, CONV_VECTORCALL, "Foo", 16, "Foo@@16", "Foo@@16"},
  {MACH_AMD64, CONV_CDECL, "Foo", -1, "Foo", "Foo"},
  {MACH_ARMNT, CONV_STDCALL, "Foo", 8, "Foo", "Foo"},
  {MACH_ARMNT, CONV_VECTORCALL, "Foo", 8, "Foo", "Foo"},
  {MACH_ARM64, CONV_STDCALL, "Foo", 8, "Foo", "Foo"},
  {MACH_ARM64, CONV_VECTORCALL, "Foo", 8, "Foo", "Foo"},
};

static void test_decorate(Arena *a) {
  for (size_t i = 0; i < sizeof decorate_cases / sizeof *decorate_cases; i++) {
    const DecorateCase c = decorate_cases[i];
    char *expr = arena_printf(a, "decorate(%s, %s, \"%s\", %d)", machine_name(c.m),
                              conv_name(c.conv), c.name, c.arg_bytes);
    char *sym = decorate(a, c.m, c.conv, c.name, c.arg_bytes);
    check_str(expr, sym, c.symbol);
    expr = arena_printf(a, "linker_symbol(%s, \"%s\")", machine_name(c.m), c.symbol);
    check_str(expr, linker_symbol(a, c.m, c.symbol), c.linker);

    // Round trip: undecorate gives back what decorate was given, for the
    // names it decorated.
    if (strcmp(sym, c.name)) {
      Undecorated u;
      undecorate(sym, &u);
      expr = arena_printf(a, "undecorate(\"%s\")", sym);
      check_str(expr, arena_printf(a, "%.*s %s %d", (int)u.name_len, u.name,
                                   conv_name(u.conv), u.arg_bytes),
                arena_printf(a, "%s %s %d", c.name, conv_name(c.conv), c.arg_bytes));
    }
  }
}

//
// undecorate
//

typedef struct {
  const char *symbol;
  const char *name;
  CallConv conv;
  int arg_bytes;
} UndecorateCase;

static const UndecorateCase undecorate_cases[] = {
  {"Foo@4", "Foo", CONV_STDCALL, 4},
  {"Foo@0", "Foo", CONV_STDCALL, 0},
  {"@Foo@8", "Foo", CONV_FASTCALL, 8},
  {"Foo@@16", "Foo", CONV_VECTORCALL, 16},
  {"Foo", "Foo", CONV_NONE, -1},
  {"_ZN3Foo3barEi@8", "_ZN3Foo3barEi", CONV_STDCALL, 8},   // GCC C++ stdcall
  {"Foo@2147483647", "Foo", CONV_STDCALL, 2147483647},
  // Plain names: no '@' followed by digits only, or nothing left before it.
  {"Foo@", "Foo@", CONV_NONE, -1},
  {"Foo@x", "Foo@x", CONV_NONE, -1},
  {"Foo@4x", "Foo@4x", CONV_NONE, -1},
  {"Foo@-4", "Foo@-4", CONV_NONE, -1},
  {"Foo@+4", "Foo@+4", CONV_NONE, -1},
  {"Foo@04", "Foo@04", CONV_NONE, -1},
  {"Foo@2147483648", "Foo@2147483648", CONV_NONE, -1},
  {"Foo@99999999999999999999", "Foo@99999999999999999999", CONV_NONE, -1},
  {"Foo@@", "Foo@@", CONV_NONE, -1},
  {"@Foo", "@Foo", CONV_NONE, -1},
  {"@Foo@", "@Foo@", CONV_NONE, -1},
  {"@4", "@4", CONV_NONE, -1},
  {"@@4", "@@4", CONV_NONE, -1},
  {"@@@4", "@@@4", CONV_NONE, -1},
  {"@Foo@@4", "@Foo@@4", CONV_NONE, -1},
  {"Foo@Bar@4", "Foo@Bar@4", CONV_NONE, -1},
  {"Foo@@@4", "Foo@@@4", CONV_NONE, -1},
  {"", "", CONV_NONE, -1},
  {"@", "@", CONV_NONE, -1},
  {"_ZN3FooEv", "_ZN3FooEv", CONV_NONE, -1},
  // MSVC C++ names are never undecorated, even when they end in @digits.
  {"?Foo@@YAXH@Z", "?Foo@@YAXH@Z", CONV_NONE, -1},
  {"?x@@YAXXZ", "?x@@YAXXZ", CONV_NONE, -1},
  {"?x@4", "?x@4", CONV_NONE, -1},
};

static void test_undecorate(Arena *a) {
  for (size_t i = 0; i < sizeof undecorate_cases / sizeof *undecorate_cases; i++) {
    const UndecorateCase c = undecorate_cases[i];
    Undecorated u;
    undecorate(c.symbol, &u);
    char *expr = arena_printf(a, "undecorate(\"%s\")", c.symbol);
    check_str(expr,
              arena_printf(a, "\"%.*s\" %s %d", (int)u.name_len, u.name, conv_name(u.conv),
                           u.arg_bytes),
              arena_printf(a, "\"%s\" %s %d", c.name, conv_name(c.conv), c.arg_bytes));
  }
}

//
// decorate_arg_bytes
//

enum { MAXP = 8 };

typedef struct {
  const char *triple;
  CallConv conv;
  const char *what;         // the prototype, for the message
  int n;
  ParamType p[MAXP];
  bool variadic;
  int want;
} BytesCase;

static const BytesCase bytes_cases[] = {
  {"i686-w64-mingw32", CONV_STDCALL, "(int, double)", 2, {{PT_INT, 4}, {PT_DOUBLE, 0}}, false, 12},
  {"i686-w64-mingw32", CONV_STDCALL, "(char, short)", 2, {{PT_INT, 1}, {PT_INT, 2}}, false, 8},
  {"i686-w64-mingw32", CONV_STDCALL, "(struct{char c[5];})", 1, {{PT_RECORD, 5}}, false, 8},
  {"i686-w64-mingw32", CONV_STDCALL, "(struct Empty)", 1, {{PT_RECORD, 0}}, false, 0},
  {"i686-pc-windows-msvc", CONV_STDCALL, "(struct Empty)", 1, {{PT_RECORD, 4}}, false, 4},
  {"i686-w64-mingw32", CONV_STDCALL, "(long double)", 1, {{PT_LONG_DOUBLE, 0}}, false, 12},
  {"i686-pc-windows-msvc", CONV_STDCALL, "(long double)", 1, {{PT_LONG_DOUBLE, 0}}, false, 8},
  {"i686-w64-mingw32", CONV_STDCALL, "(int, ...)", 1, {{PT_INT, 4}}, true, -1},
  {"i686-w64-mingw32", CONV_FASTCALL, "(int, ...)", 1, {{PT_INT, 4}}, true, -1},
  {"i686-w64-mingw32", CONV_STDCALL, "()", 0, {{0}}, false, 0},
  {"i686-w64-mingw32", CONV_FASTCALL, "(char, char, char)", 3,
   {{PT_INT, 1}, {PT_INT, 1}, {PT_INT, 1}}, false, 12},
  {"i686-w64-mingw32", CONV_STDCALL, "(_Complex long double)", 1, {{PT_COMPLEX, 24}}, false, 24},
  {"i686-w64-mingw32", CONV_STDCALL, "(long long, void *, int[10])", 3,
   {{PT_INT, 8}, {PT_POINTER, 0}, {PT_POINTER, 0}}, false, 16},
  {"i686-w64-mingw32", CONV_VECTORCALL, "(__m128, int)", 2, {{PT_VECTOR, 16}, {PT_INT, 4}}, false, 20},
  {"i686-w64-mingw32", CONV_CDECL, "(int)", 1, {{PT_INT, 4}}, false, -1},
  {"i686-w64-mingw32", CONV_THISCALL, "(void *, int)", 2, {{PT_POINTER, 0}, {PT_INT, 4}}, false, -1},
  {"x86_64-w64-mingw32", CONV_STDCALL, "(int)", 1, {{PT_INT, 4}}, false, -1},
  {"x86_64-w64-mingw32", CONV_VECTORCALL, "(int, double)", 2, {{PT_INT, 4}, {PT_DOUBLE, 0}}, false, 16},
  {"x86_64-w64-mingw32", CONV_VECTORCALL, "(struct S6, struct S3, char)", 3,
   {{PT_RECORD, 6}, {PT_RECORD, 3}, {PT_INT, 1}}, false, 24},
  {"x86_64-w64-mingw32", CONV_VECTORCALL, "(long double)", 1, {{PT_LONG_DOUBLE, 0}}, false, 16},
  {"x86_64-pc-windows-msvc", CONV_VECTORCALL, "(long double)", 1, {{PT_LONG_DOUBLE, 0}}, false, 8},
  {"x86_64-pc-windows-msvc", CONV_VECTORCALL, "(void *, float)", 2, {{PT_POINTER, 0}, {PT_FLOAT, 0}}, false, 16},
  {"x86_64-pc-windows-msvc", CONV_VECTORCALL, "(struct HVA4)", 1, {{PT_RECORD, 32}}, false, 32},
  {"aarch64-w64-mingw32", CONV_VECTORCALL, "(int)", 1, {{PT_INT, 4}}, false, -1},
  {"armv7-w64-mingw32", CONV_STDCALL, "(int)", 1, {{PT_INT, 4}}, false, -1},
};

static void test_arg_bytes(Arena *a) {
  for (size_t i = 0; i < sizeof bytes_cases / sizeof *bytes_cases; i++) {
    const BytesCase *c = &bytes_cases[i];
    Target t;
    if (!target_parse_triple(c->triple, &t)) {
      printf("target_parse_triple(\"%s\") => false\n", c->triple);
      failures++;
      continue;
    }
    char *expr = arena_printf(a, "decorate_arg_bytes(%s, %s %s%s)", c->triple,
                              conv_name(c->conv), c->what, c->variadic ? " variadic" : "");
    check_int(expr, decorate_arg_bytes(t, c->conv, c->p, c->n, c->variadic), c->want);
  }
}

//
// target.c
//

static const struct {
  const char *name;
  Machine m;   // MACH_NONE: refused
} machine_cases[] = {
  {"i386", MACH_I386}, {"x86", MACH_I386}, {"i686", MACH_I386},
  {"i386:x86-64", MACH_AMD64}, {"x86_64", MACH_AMD64}, {"x86-64", MACH_AMD64},
  {"amd64", MACH_AMD64}, {"x64", MACH_AMD64}, {"X64", MACH_AMD64},
  {"arm", MACH_ARMNT}, {"armnt", MACH_ARMNT}, {"thumb", MACH_ARMNT},
  {"arm64", MACH_ARM64}, {"aarch64", MACH_ARM64}, {"ARM64", MACH_ARM64},
  {"", MACH_NONE}, {"i386:x86", MACH_NONE}, {"arm64ec", MACH_NONE}, {"mips", MACH_NONE},
};

typedef struct {
  const char *triple;
  Machine m;   // MACH_NONE: not a Windows target
  Abi abi;
} TripleCase;

static const TripleCase triple_cases[] = {
  {"i686-w64-mingw32", MACH_I386, ABI_GNU},
  {"i686-w64-windows-gnu", MACH_I386, ABI_GNU},
  {"i386-pc-mingw32", MACH_I386, ABI_GNU},
  {"i586-w64-mingw32", MACH_I386, ABI_GNU},
  {"i686-pc-cygwin", MACH_I386, ABI_GNU},
  {"i686-pc-windows-msvc", MACH_I386, ABI_MSVC},
  {"i686-pc-windows", MACH_I386, ABI_MSVC},   // clang: no environment is MSVC
  {"i686-pc-win32", MACH_I386, ABI_MSVC},
  {"x86_64-w64-mingw32", MACH_AMD64, ABI_GNU},
  {"x86_64-pc-msys", MACH_AMD64, ABI_GNU},
  {"x86_64-windows-gnu", MACH_AMD64, ABI_GNU},
  {"x86_64-pc-windows-msvc", MACH_AMD64, ABI_MSVC},
  {"x86_64-pc-windows-msvc19.29.30133", MACH_AMD64, ABI_MSVC},
  {"x86_64-pc-windows-itanium", MACH_AMD64, ABI_MSVC},   // long double is 8 there
  {"armv7-w64-mingw32", MACH_ARMNT, ABI_GNU},
  {"thumbv7-pc-windows-msvc", MACH_ARMNT, ABI_MSVC},
  {"aarch64-w64-mingw32", MACH_ARM64, ABI_GNU},
  {"aarch64-pc-windows-msvc", MACH_ARM64, ABI_MSVC},
  {"arm64-pc-windows-msvc", MACH_ARM64, ABI_MSVC},
  {"x86_64-pc-linux-gnu", MACH_NONE, ABI_GNU},
  {"i686-linux-gnu", MACH_NONE, ABI_GNU},
  {"aarch64-apple-darwin", MACH_NONE, ABI_GNU},
  {"armeb-w64-mingw32", MACH_NONE, ABI_GNU},
  {"mips-w64-mingw32", MACH_NONE, ABI_GNU},
  {"x86_64", MACH_NONE, ABI_GNU},
  {"x86_64-w64-mingw32-gnu", MACH_AMD64, ABI_GNU},
  {"x86_64--mingw32", MACH_AMD64, ABI_GNU},
  {"x86_64-w64-mingw32-msvc", MACH_NONE, ABI_GNU},
  {"x86_64-w64--gnu", MACH_NONE, ABI_GNU},
  {"-w64-mingw32", MACH_NONE, ABI_GNU},
  {"x86_64-a-b-c-d", MACH_NONE, ABI_GNU},
  {"", MACH_NONE, ABI_GNU},
};

static void test_target(Arena *a) {
  for (size_t i = 0; i < sizeof machine_cases / sizeof *machine_cases; i++) {
    Machine m = MACH_NONE;
    bool ok = machine_parse(machine_cases[i].name, &m);
    char *expr = arena_printf(a, "machine_parse(\"%s\")", machine_cases[i].name);
    check_str(expr, ok ? machine_name(m) : "false",
              machine_cases[i].m ? machine_name(machine_cases[i].m) : "false");
  }

  static const struct { Machine m; const char *enum_name, *name; uint16_t coff; } names[] = {
    {MACH_I386, "MACH_I386", "i386", 0x14c},
    {MACH_AMD64, "MACH_AMD64", "i386:x86-64", 0x8664},
    {MACH_ARMNT, "MACH_ARMNT", "arm", 0x1c4},
    {MACH_ARM64, "MACH_ARM64", "arm64", 0xaa64},
    {MACH_NONE, "MACH_NONE", "none", 0},
  };
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    char *expr = arena_printf(a, "machine_name(%s)", names[i].enum_name);
    check_str(expr, machine_name(names[i].m), names[i].name);
    expr = arena_printf(a, "machine_coff(%s)", names[i].enum_name);
    check_int(expr, machine_coff(names[i].m), names[i].coff);
    Machine back;
    if (names[i].m) {
      expr = arena_printf(a, "machine_parse(machine_name(%s)) == %s", names[i].enum_name,
                          names[i].enum_name);
      check_int(expr, machine_parse(names[i].name, &back) && back == names[i].m, 1);
    }
  }

  for (size_t i = 0; i < sizeof triple_cases / sizeof *triple_cases; i++) {
    const TripleCase c = triple_cases[i];
    Target t;
    bool ok = target_parse_triple(c.triple, &t);
    char *expr = arena_printf(a, "target_parse_triple(\"%s\")", c.triple);
    check_str(expr,
              ok ? arena_printf(a, "%s %s", machine_name(t.machine), t.abi == ABI_GNU ? "gnu" : "msvc")
                 : "false",
              c.m ? arena_printf(a, "%s %s", machine_name(c.m), c.abi == ABI_GNU ? "gnu" : "msvc")
                  : "false");
  }
}

int main(void) {
  Arena a = {0};
  test_decorate(&a);
  test_undecorate(&a);
  test_arg_bytes(&a);
  test_target(&a);
  arena_free(&a);
  if (failures) {
    printf("%d failures\n", failures);
    return 1;
  }
  printf("OK\n");
  return 0;
}

// decorate.c - the @nn decorations of C functions on Windows.
//
// On i386, `int __stdcall Foo(int)` is the symbol `_Foo@4`, `__fastcall` is
// `@Foo@4` and `__vectorcall` is `Foo@@4`; on x86_64 only vectorcall is
// decorated; on arm and arm64 nothing is. The rules are those of GCC
// (gcc/config/i386/winnt.cc, gen_stdcall_or_fastcall_suffix) and clang
// (clang/lib/AST/Mangle.cpp, MangleContext::mangleName). Every rule here was
// checked against i686/x86_64 mingw-w64 GCC 12 and clang 14 (mingw and msvc
// targets, x86, arm and arm64); tests/decorate/cases.txt holds the
// declarations and tests/decorate/run.sh compares with the compilers.
#include "core.h"

#include <limits.h>
#include <string.h>

const char *conv_name(CallConv c) {
  switch (c) {
  case CONV_NONE: return "none";
  case CONV_CDECL: return "cdecl";
  case CONV_STDCALL: return "stdcall";
  case CONV_FASTCALL: return "fastcall";
  case CONV_VECTORCALL: return "vectorcall";
  case CONV_THISCALL: return "thiscall";
  }
  return "none";
}

// Does conv put @N in the symbol on machine m? On i386, stdcall, fastcall
// and vectorcall do. thiscall does not: GCC and clang give a C __thiscall
// function its plain name (`_f`). On x86_64 both compilers ignore stdcall,
// fastcall and thiscall, and clang keeps vectorcall with its `@@N` (GCC has
// no vectorcall). clang ignores every convention on arm and arm64.
bool conv_is_decorated(Machine m, CallConv conv) {
  if (m == MACH_I386)
    return conv == CONV_STDCALL || conv == CONV_FASTCALL || conv == CONV_VECTORCALL;
  if (m == MACH_AMD64)
    return conv == CONV_VECTORCALL;
  return false;
}

// The bytes of one parameter before rounding: the size of its type, not of
// what is actually passed (a struct passed by reference on x86_64 still
// counts its full size in a vectorcall name).
static uint64_t param_size(Target t, ParamType p) {
  bool ptr64 = t.machine == MACH_AMD64 || t.machine == MACH_ARM64;
  switch (p.cls) {
  case PT_FLOAT:
    return 4;
  case PT_DOUBLE:
    return 8;
  case PT_LONG_DOUBLE:
    // The x87 80-bit type padded to 12 bytes on mingw i386 and to 16 on
    // mingw x86_64; MSVC targets (and arm, arm64) make long double a double.
    if (t.abi == ABI_GNU && t.machine == MACH_I386)
      return 12;
    if (t.abi == ABI_GNU && t.machine == MACH_AMD64)
      return 16;
    return 8;
  case PT_POINTER:
    return ptr64 ? 8 : 4;
  case PT_INT:
  case PT_RECORD:
  case PT_VECTOR:
  case PT_COMPLEX:
    // sizeof as the compiler has it. An empty struct is 0 on GNU targets
    // and 4 on MSVC targets, and counts as such.
    return p.size;
  }
  return p.size;
}

int decorate_arg_bytes(Target t, CallConv conv, const ParamType *params, int n, bool variadic) {
  // A variadic function is called as cdecl whatever it says: the caller
  // pops, and neither compiler adds a suffix (`_f`, not `_f@4` or `@f@4`).
  if (variadic || !conv_is_decorated(t.machine, conv))
    return -1;

  // Each parameter is rounded up to the stack slot, the pointer size
  // (GCC's PARM_BOUNDARY, clang's pointer width), also for fastcall and
  // vectorcall parameters passed in registers. A K&R declaration `f()`
  // has no parameters here and gives @0. A hidden struct-return pointer is
  // not a parameter and is not counted.
  //
  // Two cases the caller decides, as the compilers disagree: a K&R
  // definition `f(a) int a; {...}` is @0 for GCC (which still pops 4
  // bytes) and @4 for clang; and GCC stops counting at a parameter of
  // incomplete type (`f(int, struct Incomplete, int)` is @4), which clang
  // refuses. For the GNU ABI a scanner passes what GCC counts.
  uint64_t slot = t.machine == MACH_AMD64 ? 8 : 4;
  uint64_t total = 0;
  for (int i = 0; i < n; i++) {
    uint64_t size = param_size(t, params[i]);
    total += (size + slot - 1) / slot * slot;
    if (total > INT_MAX)
      return INT_MAX;
  }
  return (int)total;
}

char *decorate(Arena *a, Machine m, CallConv conv, const char *name, int arg_bytes) {
  if (arg_bytes < 0 || !conv_is_decorated(m, conv))
    return arena_strdup(a, name);
  char n[16];   // "@@" and the digits of an int
  char *p = n + sizeof n;
  *--p = '\0';
  do
    *--p = (char)('0' + arg_bytes % 10);
  while (arg_bytes /= 10);
  *--p = '@';
  if (conv == CONV_VECTORCALL)
    *--p = '@';
  return arena_concat(a, conv == CONV_FASTCALL ? "@" : "", name, p);
}

// i386 C symbols carry a leading '_'. Fastcall names (`@f@4`), MSVC C++
// names (`?f@@YAXH@Z`) and vectorcall names (`f@@4`) do not; this is also
// how link.exe, lld and llvm-dlltool tell them apart (COFFModuleDefinition
// isDecorated). Other machines have no prefix.
bool linker_underscore(Machine m, Str symbol) {
  if (m != MACH_I386 || !symbol.len || symbol.s[0] == '@' || symbol.s[0] == '?')
    return false;
  for (uint32_t i = 1; i < symbol.len; i++)
    if (symbol.s[i] == '@' && symbol.s[i - 1] == '@')
      return false;
  return true;
}

char *linker_symbol(Arena *a, Machine m, const char *symbol) {
  return arena_concat(a, linker_underscore(m, str(symbol)) ? "_" : "", symbol, "");
}

// Parses the decimal N of a decoration: digits only, no sign, no leading
// zero (so that decorate gives back the same text), at most INT_MAX.
static bool parse_arg_bytes(const char *s, int *out) {
  if (!*s || (s[0] == '0' && s[1]))
    return false;
  long long v = 0;
  for (; *s; s++) {
    if (*s < '0' || *s > '9')
      return false;
    v = v * 10 + (*s - '0');
    if (v > INT_MAX)
      return false;
  }
  *out = (int)v;
  return true;
}

// "Foo@4" -> Foo stdcall 4; "@Foo@8" -> Foo fastcall 8; "Foo@@16" -> Foo
// vectorcall 16. Only a last '@' followed by decimal digits, after a
// nonempty name, is a decoration; anything else ("Foo@", "Foo@x", "@4",
// MSVC C++ "?f@@YAXH@Z", Itanium "_ZN3FooEv") is a plain name, CONV_NONE.
void undecorate(const char *symbol, Undecorated *out) {
  size_t len = strlen(symbol);
  *out = (Undecorated){symbol, len, CONV_NONE, -1};
  if (symbol[0] == '?')
    return;   // MSVC C++: its '@'s are part of the mangling

  const char *at = strrchr(symbol, '@');
  int n;
  if (!at || !parse_arg_bytes(at + 1, &n))
    return;

  const char *name = symbol;
  CallConv conv = CONV_STDCALL;
  if (symbol[0] == '@') {
    name = symbol + 1;
    conv = CONV_FASTCALL;
  } else if (at > symbol && at[-1] == '@') {
    at--;
    conv = CONV_VECTORCALL;
  }
  // The name must be nonempty and hold no other '@': "@@4", "@f@@4" and
  // "f@g@4" are none of the three forms.
  if (at <= name || memchr(name, '@', (size_t)(at - name)))
    return;
  *out = (Undecorated){name, (size_t)(at - name), conv, n};
}

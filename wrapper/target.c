// target.c - machines and target triples.
//
// A Machine is what a PE/COFF file says in its header (IMAGE_FILE_MACHINE_*,
// PE/COFF specification "Machine Types"); its name is the one GNU dlltool
// and llvm-dlltool take with -m. A Target adds the C ABI family, which
// decides the size of `long double` and of an empty struct, and so the @nn
// of decorated names (see decorate.c).
//
// Triples are read the way clang reads them (llvm/lib/TargetParser/Triple.cpp):
// arch-vendor-os[-environment], where the vendor may be missing.
#include "core.h"

#include <string.h>
#include <strings.h>

typedef struct {
  const char *name;
  Machine machine;
} MachineName;

// dlltool's -m names first (machine_name returns these), then aliases from
// triples, MSVC's /MACHINE: and Windows' own spellings.
static const MachineName machine_names[] = {
  {"i386", MACH_I386},
  {"i386:x86-64", MACH_AMD64},
  {"arm", MACH_ARMNT},
  {"arm64", MACH_ARM64},
  {"x86", MACH_I386},
  {"i486", MACH_I386},
  {"i586", MACH_I386},
  {"i686", MACH_I386},
  {"x86_64", MACH_AMD64},
  {"x86-64", MACH_AMD64},
  {"amd64", MACH_AMD64},
  {"x64", MACH_AMD64},
  {"armnt", MACH_ARMNT},
  {"thumb", MACH_ARMNT},
  {"aarch64", MACH_ARM64},
};

bool machine_parse(const char *name, Machine *out) {
  for (size_t i = 0; i < sizeof machine_names / sizeof *machine_names; i++) {
    if (!strcasecmp(name, machine_names[i].name)) {
      *out = machine_names[i].machine;
      return true;
    }
  }
  return false;
}

const char *machine_name(Machine m) {
  switch (m) {
  case MACH_I386: return "i386";
  case MACH_AMD64: return "i386:x86-64";
  case MACH_ARMNT: return "arm";
  case MACH_ARM64: return "arm64";
  case MACH_NONE: break;
  }
  return "none";
}

uint16_t machine_coff(Machine m) {
  switch (m) {
  case MACH_I386: return 0x14c;    // IMAGE_FILE_MACHINE_I386
  case MACH_AMD64: return 0x8664;  // IMAGE_FILE_MACHINE_AMD64
  case MACH_ARMNT: return 0x1c4;   // IMAGE_FILE_MACHINE_ARMNT
  case MACH_ARM64: return 0xaa64;  // IMAGE_FILE_MACHINE_ARM64
  case MACH_NONE: break;
  }
  return 0;                        // IMAGE_FILE_MACHINE_UNKNOWN
}

Machine machine_from_coff(uint16_t coff) {
  static const Machine all[] = {MACH_I386, MACH_AMD64, MACH_ARMNT, MACH_ARM64};
  for (size_t i = 0; i < sizeof all / sizeof *all; i++)
    if (machine_coff(all[i]) == coff)
      return all[i];
  return MACH_NONE;
}

// Does s[0 .. n) equal word?
static bool equals(const char *s, size_t n, const char *word) {
  return strlen(word) == n && !memcmp(s, word, n);
}

static bool starts_with(const char *s, size_t n, const char *prefix) {
  size_t len = strlen(prefix);
  return n >= len && !memcmp(s, prefix, len);
}

// The arch part of a triple. Windows on ARM is Thumb-2 only, so every
// armvN/thumbvN spelling means ARMNT (big-endian armeb/thumbeb are not
// Windows targets and are refused).
static bool parse_arch(const char *s, size_t n, Machine *out) {
  if (equals(s, n, "i386") || equals(s, n, "i486") || equals(s, n, "i586") ||
      equals(s, n, "i686") || equals(s, n, "x86")) {
    *out = MACH_I386;
    return true;
  }
  if (equals(s, n, "x86_64") || equals(s, n, "amd64") || equals(s, n, "x64")) {
    *out = MACH_AMD64;
    return true;
  }
  if (equals(s, n, "aarch64") || equals(s, n, "arm64")) {
    *out = MACH_ARM64;
    return true;
  }
  if (equals(s, n, "arm") || equals(s, n, "thumb") ||
      (starts_with(s, n, "armv") && n > 4 && s[4] >= '0' && s[4] <= '9') ||
      (starts_with(s, n, "thumbv") && n > 6 && s[6] >= '0' && s[6] <= '9')) {
    *out = MACH_ARMNT;
    return true;
  }
  return false;
}

// "i686-w64-mingw32", "x86_64-pc-windows-msvc", "aarch64-w64-windows-gnu".
// The ABI follows clang: MinGW, Cygwin and MSYS, and windows-gnu*, are the
// GNU ABI (long double is 12 bytes on i386, 16 on x86_64); windows-msvc,
// windows-itanium and a bare "windows" are the MSVC ABI (long double 8).
bool target_parse_triple(const char *triple, Target *out) {
  const char *part[4];
  size_t len[4];
  int n = 0;
  for (const char *p = triple;;) {
    const char *dash = strchr(p, '-');
    size_t l = dash ? (size_t)(dash - p) : strlen(p);
    if (n == 4)
      return false;
    part[n] = p;
    len[n++] = l;
    if (!dash)
      break;
    p = dash + 1;
  }

  Machine m;   // the vendor may be empty ("x86_64--mingw32"), the rest not
  if (n < 2 || !parse_arch(part[0], len[0], &m))
    return false;

  // The OS is the second part when the vendor is left out
  // ("x86_64-windows-gnu"), else the third.
  for (int i = 1; i < n && i <= 2; i++) {
    const char *os = part[i], *env = i + 1 < n ? part[i + 1] : "";
    size_t os_len = len[i], env_len = i + 1 < n ? len[i + 1] : 0;
    if (i + 2 < n)
      continue;   // an environment can only be the last part
    if (starts_with(os, os_len, "mingw32") || starts_with(os, os_len, "cygwin") ||
        starts_with(os, os_len, "msys")) {
      if (env_len && !starts_with(env, env_len, "gnu"))
        return false;
      *out = (Target){m, ABI_GNU};
      return true;
    }
    if (starts_with(os, os_len, "windows") || starts_with(os, os_len, "win32")) {
      bool gnu = starts_with(env, env_len, "gnu") || equals(env, env_len, "cygnus");
      *out = (Target){m, gnu ? ABI_GNU : ABI_MSVC};
      return true;
    }
  }
  return false;
}

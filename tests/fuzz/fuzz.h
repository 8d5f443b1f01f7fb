// fuzz.h - what the libFuzzer targets of tests/fuzz share: a Diag that
// drops its messages, and a NUL-terminated copy of the input.
//
// Each target frees everything it allocated for one input (arena_free,
// exportlist_free, buf_free), so that LeakSanitizer reports real leaks
// only. See docs/fuzzing.md.
#ifndef CCDLL_FUZZ_H
#define CCDLL_FUZZ_H

#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

// The sink: messages are counted by diag_report, and dropped here.
static void discard(Diag *d, DiagLevel level, const SrcLoc *loc, const char *msg) {
  (void)d, (void)level, (void)loc, (void)msg;
}

static inline Diag quiet_diag(void) {
  return (Diag){.prog = "fuzz", .sink = discard};
}

// A malloc'ed copy of data with a NUL after it (the parsers' contract).
static inline char *nul_copy(const uint8_t *data, size_t size) {
  char *s = malloc(size + 1);
  if (!s)
    abort();
  if (size)
    memcpy(s, data, size);
  s[size] = '\0';
  return s;
}

// Fails the run (libFuzzer saves the input) with what went wrong.
#define FUZZ_CHECK(cond, ...)                                              \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                        \
      fputc('\n', stderr);                                                 \
      abort();                                                             \
    }                                                                      \
  } while (0)

// The machines a target picks from two bits of its input.
static const Machine fuzz_machines[4] = {MACH_I386, MACH_AMD64, MACH_ARMNT, MACH_ARM64};

#endif

// check.h - a tiny harness for the unit tests: CHECK prints the failing
// expression with its place and counts it; main returns check_report().
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures, check_count;

#define CHECK(cond)                                                           \
  do {                                                                        \
    check_count++;                                                            \
    if (!(cond)) {                                                            \
      check_failures++;                                                       \
      printf("%s:%d: FAIL: %s\n", __FILE__, __LINE__, #cond);                 \
    }                                                                         \
  } while (0)

#define CHECK_STR(got, want)                                                  \
  do {                                                                        \
    const char *got_ = (got), *want_ = (want);                                \
    check_count++;                                                            \
    if (!got_ || !want_ ? got_ != want_ : strcmp(got_, want_) != 0) {         \
      check_failures++;                                                       \
      printf("%s:%d: FAIL: %s => \"%s\", expected \"%s\"\n", __FILE__,        \
             __LINE__, #got, got_ ? got_ : "(null)", want_ ? want_ : "(null)"); \
    }                                                                         \
  } while (0)

static int check_report(void) {
  printf("%d checks, %d failed\n", check_count, check_failures);
  return check_failures ? 1 : 0;
}

#endif

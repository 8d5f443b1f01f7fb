/* foo.c - foo.dll: two stdcall functions, two cdecl ones and a variable,
   exported through FOO_API (see foo.h); no .def file. */
#include <stdarg.h>

#include "foo.h"

int foo_calls;

int __stdcall foo_add(int a, int b) {
  foo_calls++;
  return a + b;
}

double __stdcall foo_scale(double x, int k) {
  foo_calls++;
  return x * k;
}

const char *foo_version(void) {
  foo_calls++;
  return "foo 1.0";
}

int foo_sum(int n, ...) {
  va_list ap;
  int sum = 0;
  foo_calls++;
  va_start(ap, n);
  while (n-- > 0)
    sum += va_arg(ap, int);
  va_end(ap);
  return sum;
}

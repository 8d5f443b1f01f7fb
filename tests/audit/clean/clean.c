/* clean.c - clean.dll; see clean.h. Its functions branch and loop, so
   that the audit reads more than one return. */
#include <stdarg.h>
#include "clean.h"

int counter = 1;
const char *const version = "1.0";

int __stdcall Add(int a, int b) { return a + b; }
double __stdcall Scale(double x, float f) { return x * f; }
int __fastcall Fast(int a, int b, int c) { return a * b - c; }

int Sum(int n, ...) {
  va_list ap;
  int s = 0;
  va_start(ap, n);
  while (n-- > 0)
    s += va_arg(ap, int);
  va_end(ap);
  return s;
}

long long __cdecl Wide(long long a) { return a * 3; }
int __stdcall ByValue(struct pair p, char c) { return p.a + p.b + c; }
void __stdcall NoArgs(void) { counter++; }

int __stdcall Branches(int a, int b) {
  if (a > b)
    return a - b;
  for (int i = 0; i < b; i++)
    if (i * a == 42)
      return i;
  switch (a) {
  case 1: return 10;
  case 2: return 20;
  case 3: return 33;
  case 4: return 44;
  case 5: return 55;
  default: return b;
  }
}

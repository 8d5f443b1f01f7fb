// Variadic functions are cdecl whatever they are declared: no decoration.
#include <stdarg.h>
#define API __declspec(dllexport)
API int __cdecl vsum(int n, ...) {
  va_list ap;
  va_start(ap, n);
  int s = 0;
  while (n--)
    s += va_arg(ap, int);
  va_end(ap);
  return s;
}
API int __stdcall vstd(const char *fmt, ...) { return fmt[0]; }

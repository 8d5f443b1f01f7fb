// Parameters through typedefs, enums, bool and function pointers.
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#define API __declspec(dllexport)
typedef struct { short s[3]; } triple;
typedef enum { RED, GREEN } color;
typedef int (*callback)(void *);
typedef double real;
API int __stdcall td_enum(color c, bool b) { return c + b; }
API int __stdcall td_cb(callback cb, void *ctx) { return cb(ctx); }
API int __stdcall td_struct(triple t) { return t.s[0]; }
API real __stdcall td_real(real r, size_t n, int64_t w, uint8_t b) { return r + (real)n + (real)w + b; }

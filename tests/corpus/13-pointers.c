// Pointers to anything are 4 bytes on i386 and function types decay.
#define API __declspec(dllexport)
struct opaque;
API int __stdcall p_opaque(struct opaque *o, const char **argv) { return o != 0 && argv != 0; }
API int __stdcall p_func(int f(int), void (*g)(void)) { return f(1) + (g != 0); }
API int __stdcall p_void(void *a, volatile int *b, const void *const c) { return a == c && b; }

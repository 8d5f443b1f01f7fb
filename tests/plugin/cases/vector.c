/* vector.c - a vector parameter (compiled with -msse2 on i686). */
#define API __declspec(dllexport)
typedef float v4sf __attribute__((vector_size(16)));
API float __stdcall Vector(v4sf v, int n) { return v[0] + n; }

// _Complex and vector types by value.
#define API __declspec(dllexport)
typedef int v4si __attribute__((vector_size(16)));
typedef float v2sf __attribute__((vector_size(8)));
API double __stdcall cx_double(_Complex double z) { return __real__ z; }
API float __stdcall cx_float(_Complex float z) { return __imag__ z; }
API int __stdcall vec16(v4si v) { return v[0]; }
API float __stdcall vec8(v2sf v) { return v[1]; }

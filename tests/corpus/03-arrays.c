// Parameters written as arrays are pointers: T x[] and T x[16] are 4 bytes,
// whatever the element (the classic trap of computing sizeof(T[16])).
#define API __declspec(dllexport)
API int __stdcall arr_open(int x[]) { return x[0]; }
API int __stdcall arr_sized(char x[16], double y[4]) { return x[0] + (int)y[0]; }
API int __stdcall arr_2d(int m[][4], int n) { return m[0][0] + n; }
API int __stdcall arr_static(int x[static 3]) { return x[2]; }

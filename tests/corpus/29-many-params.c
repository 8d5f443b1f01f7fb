// Many parameters: @nn in the hundreds.
#define API __declspec(dllexport)
struct blob { char c[200]; };
API int __stdcall many(int a, int b, int c, int d, int e, int f, int g, int h, double i, double j,
                       long long k, struct blob l) { return a + b + c + d + e + f + g + h + (int)i + (int)j + (int)k + l.c[0]; }
API int __fastcall many_fast(struct blob a, struct blob b) { return a.c[0] + b.c[0]; }

// Structs and unions by value: their size rounded up to 4 bytes.
#define API __declspec(dllexport)
struct three { char a, b, c; };
struct pt { int x, y; };
struct big { double d[5]; };
union u { char c; double d; };
API int __stdcall by_three(struct three t) { return t.a; }
API int __stdcall by_pt(struct pt p, int k) { return p.x + k; }
API double __stdcall by_big(struct big b) { return b.d[0]; }
API int __stdcall by_union(union u v) { return v.c; }

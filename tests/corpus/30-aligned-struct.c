// Aligned and packed structs by value: the size with padding, rounded to 4.
#define API __declspec(dllexport)
struct __attribute__((packed)) packed5 { char a; int b; };
struct __attribute__((aligned(16))) al16 { int a; };
struct odd { short a; char b; };
API int __stdcall st_packed(struct packed5 p) { return p.a; }
API int __stdcall st_aligned(struct al16 a) { return a.a; }
API int __stdcall st_odd(struct odd o) { return o.a; }

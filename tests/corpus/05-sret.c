// Functions returning structs: the hidden return pointer is not counted in
// @nn by GCC and clang for mingw (it is popped by the callee, though).
#define API __declspec(dllexport)
struct big { int a[4]; };
struct small { int a; };
API struct big __stdcall ret_big(int x) { struct big b = {{x}}; return b; }
API struct small __stdcall ret_small(int x) { struct small s = {x}; return s; }
API struct big __fastcall ret_big_fast(int x, int y) { struct big b = {{x + y}}; return b; }

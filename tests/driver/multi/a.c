/* a.c - exports Foo, which uses Helper from the static library. */
int __stdcall Helper(int x);
__declspec(dllexport) int __stdcall Foo(int x) { return Helper(x) + 1; }

/* broken.c - does not compile: GCC's own errors, no object. */
__declspec(dllexport) int __stdcall Broken(int x) { return x + ; }

/* unused.c - a member of libhelp.a that nothing references: the link
   leaves it out, and its export with it. */
__declspec(dllexport) int __stdcall Unused(int x) { return x; }

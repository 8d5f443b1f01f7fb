/* helper.c - a member of libhelp.a that the DLL needs (a.c calls Helper):
   the link takes it in, and with it its export. */
__declspec(dllexport) int __stdcall Helper(int x) { return x * 2; }

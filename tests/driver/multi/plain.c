/* plain.c - no dllexport: plain.def names the exports, Plain without its
   decoration (GNU ld's stdcall fixup links it to Plain@8), and Cdecl. */
int __stdcall Plain(int a, int b) { return a - b; }
int Cdecl(int a) { return -a; }
int NotExported(int a) { return a; }

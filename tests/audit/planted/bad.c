/* bad.c - bad.dll: what its code really is, against bad.h. */
int __stdcall Good(int a, int b) { return a + b; }
int __stdcall Seven(int a) { return a + 7; }
int __stdcall Deco(int a, int b) { return a - b; }
int __stdcall Conv(int a, int b) { return a * b; }
int __stdcall Stack(int a, int b, int c) { return a + b + c; }   /* pops 12, not 8 */
int __stdcall CdeclPops(int a) { return a + 1; }                /* pops 4: stdcall */
int StdNoPop(int a) { return a + 2; }                           /* pops nothing: cdecl */
int FuncAsData(void) { return 1; }
int VarAsCode(void) { return 2; }                               /* a function */
int __stdcall Plain(int a) { return a + 3; }
int __stdcall LoaderMissing(int a) { return a + 4; }
int __stdcall ByOrd(int a) { return a + 5; }
int __stdcall NewName(int a) { return a + 6; }
int __stdcall Redeco(int a, int b, int c) { return a ^ b ^ c; }
int __stdcall Moved(int a) { return a + 8; }
int KindChanged(void) { return 9; }
int Undeclared(void) { return 10; }
int Counter = 3;

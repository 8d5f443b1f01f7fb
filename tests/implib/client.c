/* client.c - calls every kind of export of testlib.dll through the import
   library under test. Exits with 0 when each gives its value, else with
   the number of the first check that failed. Freestanding. */
__declspec(dllimport) void __stdcall ExitProcess(unsigned status);
__declspec(dllimport) int __stdcall Foo(int);   /* through __imp_ */
int __stdcall Bar(int, int);                    /* through the thunk */
int __fastcall Fast(int, int, int);
int Cdecl(int);
__declspec(dllimport) extern int Var;
int ByOrd(void);                                /* imported by ordinal */
int Alias(int);                                 /* Alias == RealName */

void entry(void) {
  unsigned failed = 0;
  if (Foo(1) != 2)
    failed = 1;
  else if (Bar(6, 7) != 42)
    failed = 2;
  else if (Fast(1, 2, 3) != 123)
    failed = 3;
  else if (Cdecl(4) != 12)
    failed = 4;
  else if (Var != 42)
    failed = 5;
  else if (ByOrd() != 5)
    failed = 6;
  else if (Alias(10) != 9)
    failed = 7;
  ExitProcess(failed);
}

/* testlib.c - the DLL the client tests import from: a function of each
   calling convention, data, a function exported by ordinal only, one the
   import library renames, and one with floating-point arguments (which a
   delay-load thunk must keep). Freestanding: no C runtime. */
int __stdcall Foo(int x) { return x + 1; }
int __stdcall Bar(int a, int b) { return a * b; }
int __fastcall Fast(int a, int b, int c) { return a * 100 + b * 10 + c; }
int Cdecl(int x) { return x * 3; }
int Var = 42;
int ByOrd(void) { return 5; }
int RealName(int x) { return x - 1; }
double Scale(double a, double b, float c, double d) { return a * b * c * d; }

int __stdcall DllMain(void *module, unsigned reason, void *reserved) {
  (void)module, (void)reason, (void)reserved;
  return 1;
}

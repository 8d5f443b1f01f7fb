/* testdll.c - the seed's bar.c grown to every kind of export: stdcall Foo
   and Bar, fastcall, cdecl, data, one by ordinal only. Some carry
   dllexport on purpose: its "-export:Foo@4" directives must not add
   decorated names to the DLL's table. Freestanding. */
#define EXPORT __declspec(dllexport)

EXPORT int __stdcall Foo(int x) { return x + 1; }
EXPORT int __stdcall Bar(int x) { return x * 2; }
EXPORT int __fastcall Fast(int a, int b) { return a * 10 + b; }
int Cdecl(int x) { return x * 3; }
EXPORT int Var = 42;
int Hidden(void) { return 7; }

int __stdcall DllMain(void *module, unsigned reason, void *reserved) {
  (void)module, (void)reason, (void)reserved;
  return 1;
}

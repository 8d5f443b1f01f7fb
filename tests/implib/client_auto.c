/* client_auto.c - reads a DATA export without dllimport: mingw's
   auto-import, which the C runtime completes with pseudo-relocations. */
extern int Var;
int main(void) { return Var == 42 ? 0 : 1; }

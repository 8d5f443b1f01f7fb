/* client.c - calls each export of api.h through the import library made
   from ccdll scan's api_i.def (tests/scan/pair.sh). */
#include "api.h"

int main(void) {
  struct Triple t = {{1, 2, 3}};
  char c[1] = {0};
  return Foo(1) + Fast(1, 2) + cdeclfn("x") + Var + Attr(1.0, c, t) + ViaMacro(3);
}

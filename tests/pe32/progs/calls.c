// calls.exe: calls a.dll's exports through every kind of import.
#include "common.h"

IMPORT WINAPI int Std(int a);
IMPORT WINAPI int Std2(int a, int b);
IMPORT __attribute__((fastcall)) int Fast(int a, int b, int c);
IMPORT int Cde(int a, int b);
IMPORT extern int counter;
IMPORT int Secret(void);  // by ordinal
IMPORT int Fwd(int x);    // forwarded to b.Target
IMPORT int FwdOrd(void);  // forwarded to b.#3
IMPORT int AddB(int a, int b);

int start(void) {
  put("calls: start\n");
  show("Std(1)", Std(1));
  show("Std2(4, 5)", Std2(4, 5));
  show("Fast(2, 3, 4)", Fast(2, 3, 4));
  show("Cde(9, 2)", Cde(9, 2));
  show("counter", counter);
  counter = 20;
  show("Std(1) after counter = 20", Std(1));
  show("Secret()", Secret());
  show("Fwd(5)", Fwd(5));
  show("FwdOrd()", FwdOrd());
  show("AddB(2, 3)", AddB(2, 3));
  put("calls: end\n");
  return 7;
}

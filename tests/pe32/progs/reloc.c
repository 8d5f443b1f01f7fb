// reloc.exe: c.dll and d.dll share a preferred base; both must work.
#include "common.h"

IMPORT const char *CWord(int i);
IMPORT const char *DWord(int i);
IMPORT int COp(int i, int x);
IMPORT int DOp(int i, int x);

int start(void) {
  put(CWord(0)); put(" "); put(CWord(1)); put(" ");
  put(DWord(0)); put(" "); put(DWord(1)); put("\n");
  show("COp(0, 5)", COp(0, 5));
  show("COp(1, 5)", COp(1, 5));
  show("DOp(0, 7)", DOp(0, 7));
  show("DOp(1, 7)", DOp(1, 7));
  void *c = GetModuleHandleA("c.dll"), *d = GetModuleHandleA("d.dll");
  show("c and d at different bases", c && d && c != d);
  show("one at 0x10000000", c == (void *)0x10000000 || d == (void *)0x10000000);
  return 0;
}

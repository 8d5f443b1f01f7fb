// c.dll and, built with -DD, d.dll: both prefer base 0x10000000, so one of
// them is relocated. Their tables of pointers need base relocations.
#include "common.h"

#ifdef D
#define NAME(x) D##x
#define TAG "d"
#else
#define NAME(x) C##x
#define TAG "c"
#endif

static const char *const words[] = { TAG "-zero", TAG "-one" };
static int twice(int x) { return 2 * x; }
static int thrice(int x) { return 3 * x; }
static int (*const ops[])(int) = { twice, thrice };
int value = 100;
int *const value_ptr = &value;

const char *NAME(Word)(int i) { return words[i]; }
int NAME(Op)(int i, int x) { return ops[i](x) + *value_ptr; }

WINAPI int DllMain(void *self, unsigned reason, void *reserved) {
  (void)self, (void)reserved;
  if (reason == 1) {
    put(words[0]);
    put(": attach\n");
  }
  return 1;
}

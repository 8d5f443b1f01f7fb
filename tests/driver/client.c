/* client.c - calls bar.dll's Foo and Bar through libbar.dll.a, compiled
   against bar.h. Exits with 0 when both give their value, else with the
   number of the first check that failed. Freestanding. */
#include "bar.h"

__declspec(dllimport) void __stdcall ExitProcess(unsigned status);

void entry(void) {
  unsigned failed = 0;
  if (Foo(41) != 42)
    failed = 1;
  else if (Bar(21) != 42)
    failed = 2;
  ExitProcess(failed);
}

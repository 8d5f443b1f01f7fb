/* count.c - greet_count, a cdecl function of greet.dll. */
#include "greet.h"

extern int greet_calls;

int greet_count(void) {
  return greet_calls;
}

/* cdecl.c - cdecl exports and exported data. */
#include "accel.h"

int accel_version = 3;
const char accel_name[] = "accel";
struct Point accel_origin = {0, 0};

int __cdecl Count(const char *s) {
  int n = 0;
  while (s[n])
    n++;
  return n;
}

int Plain(void) { return accel_version; }

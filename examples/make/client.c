/* client.c - greet.dll's client: exits 0 when both calls answer right. */
#include <stdio.h>
#include <string.h>

#include "greet.h"

int main(void) {
  char buf[64];
  int n = greet_hello(buf, sizeof buf);
  printf("greet_hello: %s (%d)\ngreet_count: %d\n", buf, n, greet_count());
  return strcmp(buf, "hello from greet.dll") != 0 || greet_count() != 1;
}

/* greet.c - greet_hello, a stdcall function of greet.dll. */
#include <stdio.h>

#include "greet.h"

int greet_calls;

int __stdcall greet_hello(char *buf, int size) {
  greet_calls++;
  return snprintf(buf, (size_t)size, "hello from greet.dll");
}

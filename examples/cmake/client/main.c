/* main.c - foo.dll's client: calls each export through libfoo.dll.a and
   exits 0 when every answer is right. */
#include <stdio.h>
#include <string.h>

#include <foo.h>

int main(void) {
  int bad = 0;
  int sum = foo_add(2, 3);
  double scaled = foo_scale(1.5, 4);
  const char *version = foo_version();
  int total = foo_sum(3, 10, 20, 30);
  printf("foo_add(2, 3) = %d\n", sum);
  printf("foo_scale(1.5, 4) = %g\n", scaled);
  printf("foo_version() = %s\n", version);
  printf("foo_sum(3, 10, 20, 30) = %d\n", total);
  printf("foo_calls = %d\n", foo_calls);
  bad |= sum != 5;
  bad |= scaled != 6.0;
  bad |= strcmp(version, "foo 1.0") != 0;
  bad |= total != 60;
  bad |= foo_calls != 4;
  puts(bad ? "FAIL" : "ok");
  return bad;
}

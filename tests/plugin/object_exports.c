// object_exports.c - prints the exports the core library reads from an
// object (object_exports: .ccdll records and .drectve directives), one a
// line: name symbol conv arg_bytes kind. Messages go to stderr; exit 1
// when the reader reports an error.
#include "core.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: object_exports OBJECT\n");
    return 2;
  }
  Diag d = {.prog = "object_exports"};
  Arena a = {0};
  char *data;
  size_t len;
  if (!file_read(&d, argv[1], &data, &len))
    return 1;
  Machine m = MACH_NONE;
  ExportList l = {0};
  bool ok = object_exports(&d, &a, argv[1], (const uint8_t *)data, len, &m, &l);
  for (uint32_t i = 0; i < l.len; i++) {
    const Export *e = l.v[i];
    printf("%s %s %s %d %s\n", e->name, e->symbol ? e->symbol : e->name, conv_name(e->conv), e->arg_bytes,
           e->kind == EXPORT_DATA ? "data" : "code");
  }
  exportlist_free(&l);
  arena_free(&a);
  free(data);
  return ok ? 0 : 1;
}

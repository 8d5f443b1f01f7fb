// buf.c - a growable byte buffer (its writers are inline in core.h).
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PAGED_BUF = 4 << 20 };

void buf_grow(Buf *b, size_t extra) {
  if (b->flush && b->len) {
    b->flushed += b->len;
    b->flush(b);
    if (b->cap - b->len >= extra)
      return;
  }
  size_t cap = b->cap ? b->cap : 256;
  while (cap - b->len < extra)
    cap *= 2;
  if (cap < PAGED_BUF) {
    b->data = xrealloc(b->data, cap);
  } else {
    uint8_t *data = pages_alloc(cap);
    if (b->len)
      memcpy(data, b->data, b->len);
    if (b->paged)
      pages_free(b->data, b->cap);
    else
      free(b->data);
    b->data = data;
    b->paged = true;
  }
  b->cap = cap;
}

void buf_printf(Buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char small[256];
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < (int)sizeof small) {
    buf_put(b, small, (size_t)n);
    return;
  }
  buf_reserve(b, (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void buf_free(Buf *b) {
  if (b->paged)
    pages_free(b->data, b->cap);
  else
    free(b->data);
  *b = (Buf){0};
}

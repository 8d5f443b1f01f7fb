// buf.c - a growable byte buffer with little-endian writers.
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_reserve(Buf *b, size_t extra) {
  if (b->cap - b->len >= extra)
    return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap - b->len < extra)
    cap *= 2;
  b->data = xrealloc(b->data, cap);
  b->cap = cap;
}

void buf_put(Buf *b, const void *p, size_t n) {
  buf_reserve(b, n);
  if (n)
    memcpy(b->data + b->len, p, n);
  b->len += n;
}

void buf_puts(Buf *b, const char *s) {
  buf_put(b, s, strlen(s));
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

void buf_put_u8(Buf *b, uint8_t v) {
  buf_put(b, &v, 1);
}

void buf_put_u16(Buf *b, uint16_t v) {
  uint8_t x[2] = {v & 0xff, v >> 8};
  buf_put(b, x, 2);
}

void buf_put_u32(Buf *b, uint32_t v) {
  uint8_t x[4] = {v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24};
  buf_put(b, x, 4);
}

void buf_put_u64(Buf *b, uint64_t v) {
  buf_put_u32(b, (uint32_t)v);
  buf_put_u32(b, (uint32_t)(v >> 32));
}

void buf_free(Buf *b) {
  free(b->data);
  *b = (Buf){0};
}

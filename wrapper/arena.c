// arena.c - memory for a whole run, freed at once.
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ArenaChunk {
  ArenaChunk *prev;
  size_t used, size;
  _Alignas(16) unsigned char mem[];
};

enum { CHUNK_SIZE = 1 << 20 };

void fatal_oom(void) {
  fputs("ccdll: error: out of memory\n", stderr);
  exit(1);
}

void *xmalloc(size_t size) {
  void *p = malloc(size ? size : 1);
  if (!p)
    fatal_oom();
  return p;
}

void *xrealloc(void *p, size_t size) {
  p = realloc(p, size ? size : 1);
  if (!p)
    fatal_oom();
  return p;
}

void *arena_alloc(Arena *a, size_t size) {
  size = (size + 15) & ~(size_t)15;
  ArenaChunk *c = a->chunk;
  if (!c || c->size - c->used < size) {
    size_t want = size > CHUNK_SIZE / 4 ? size : CHUNK_SIZE;
    ArenaChunk *n = xmalloc(sizeof(ArenaChunk) + want);
    n->used = 0;
    n->size = want;
    // A large block gets a chunk of its own behind the current one, so the
    // free space of the current chunk is not lost.
    if (c && want != CHUNK_SIZE) {
      n->prev = c->prev;
      c->prev = n;
    } else {
      n->prev = c;
      a->chunk = n;
    }
    c = n;
  }
  void *p = c->mem + c->used;
  c->used += size;
  memset(p, 0, size);
  return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
  char *p = arena_alloc(a, n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_strdup(Arena *a, const char *s) {
  return arena_strndup(a, s, strlen(s));
}

char *arena_printf(Arena *a, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *p = arena_alloc(a, (size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  return p;
}

void arena_free(Arena *a) {
  for (ArenaChunk *c = a->chunk; c;) {
    ArenaChunk *prev = c->prev;
    free(c);
    c = prev;
  }
  a->chunk = NULL;
}

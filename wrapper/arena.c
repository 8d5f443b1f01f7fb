// arena.c - memory for a whole run, freed at once.
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ArenaChunk {
  ArenaChunk *prev;
  size_t used, size;
  bool paged;          // from pages_alloc, else from calloc
  _Alignas(16) unsigned char mem[];
};

// Chunks start small (a small run touches little memory) and double up to
// two huge pages; from one huge page on they come from pages_alloc.
enum { FIRST_CHUNK = 64 << 10, LAST_CHUNK = 4 << 20, PAGED_CHUNK = 2 << 20 };

static ArenaChunk *new_chunk(size_t size) {
  size_t bytes = sizeof(ArenaChunk) + size;
  bool paged = bytes >= PAGED_CHUNK;
  ArenaChunk *c = paged ? pages_alloc(bytes) : calloc(1, bytes);
  if (!c)
    fatal_oom();
  c->size = size;
  c->paged = paged;
  return c;
}

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

// Chunks come zeroed (fresh pages, so nothing to clear) and memory is never
// handed out twice, so allocations need no memset.
static void *alloc(Arena *a, size_t size, size_t align) {
  ArenaChunk *c = a->chunk;
  size_t start = c ? (c->used + align - 1) & ~(align - 1) : 0;
  if (!c || start > c->size || c->size - start < size) {
    size_t chunk = !c ? FIRST_CHUNK - sizeof(ArenaChunk)
                      : c->size * 2 + sizeof(ArenaChunk) <= LAST_CHUNK ? c->size * 2 + sizeof(ArenaChunk)
                                                                       : LAST_CHUNK - sizeof(ArenaChunk);
    bool own = size > chunk / 4;
    ArenaChunk *n = new_chunk(own ? size : chunk);
    // A large block gets a chunk of its own behind the current one, so the
    // free space of the current chunk is not lost.
    if (c && own) {
      n->prev = c->prev;
      c->prev = n;
    } else {
      n->prev = c;
      a->chunk = n;
    }
    c = n;
    start = 0;
  }
  void *p = c->mem + start;
  c->used = start + size;
  return p;
}

void *arena_alloc(Arena *a, size_t size) {
  return alloc(a, size, 8);
}

void *arena_reserve(Arena *a, void *v, uint32_t len, uint32_t *cap, uint32_t want, size_t elem) {
  if (want <= *cap)
    return v;
  *cap = want > *cap * 2 ? want : *cap * 2 > 8 ? *cap * 2 : 8;
  void *w = arena_alloc(a, elem * *cap);
  if (len)
    memcpy(w, v, elem * len);
  return w;
}

char *arena_strndup(Arena *a, const char *s, size_t n) {
  char *p = alloc(a, n + 1, 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_strdup(Arena *a, const char *s) {
  return arena_strndup(a, s, strlen(s));
}

char *arena_concat(Arena *a, const char *s1, const char *s2, const char *s3) {
  size_t n1 = strlen(s1), n2 = strlen(s2), n3 = strlen(s3);
  char *p = alloc(a, n1 + n2 + n3 + 1, 1);
  memcpy(p, s1, n1);
  memcpy(p + n1, s2, n2);
  memcpy(p + n1 + n2, s3, n3 + 1);
  return p;
}

char *arena_printf(Arena *a, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  char *p = alloc(a, (size_t)n + 1, 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap2);
  va_end(ap2);
  return p;
}

void arena_free(Arena *a) {
  for (ArenaChunk *c = a->chunk; c;) {
    ArenaChunk *prev = c->prev;
    if (c->paged)
      pages_free(c, sizeof(ArenaChunk) + c->size);
    else
      free(c);
    c = prev;
  }
  a->chunk = NULL;
}

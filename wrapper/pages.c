// pages.c - large zeroed memory in 2 MiB huge pages where the kernel gives
// them. For the arena's chunks and for big output buffers, this turns
// thousands of page faults (each a few microseconds) into a handful: most
// of the time an import library of 100,000 exports took went there.
#define _DEFAULT_SOURCE   // MAP_ANONYMOUS, MADV_HUGEPAGE
#include "core.h"

#include <sys/mman.h>

enum { HUGE_PAGE = 2 << 20 };

static size_t round_up(size_t n) {
  return (n + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
}

void *pages_alloc(size_t size) {
  size = round_up(size);
  // Map one huge page more than needed, then trim to an aligned start.
  char *p = mmap(NULL, size + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    fatal_oom();
  char *start = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
  if (start > p)
    munmap(p, (size_t)(start - p));
  munmap(start + size, (size_t)(p + HUGE_PAGE - start));
#ifdef MADV_HUGEPAGE
  madvise(start, size, MADV_HUGEPAGE);   // a hint: without it, small pages
#endif
  return start;
}

void pages_free(void *p, size_t size) {
  munmap(p, round_up(size));
}

// coffread.c - reads the section table of a COFF object (PE/COFF, "COFF
// File Header", "Section Table"), bounds-checked: objects come from
// anywhere. Big-object files (-mbig-obj) and short import objects are not
// COFF objects here.
#include "core.h"

#include <string.h>

static uint16_t get16(const uint8_t *p) {
  return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool known_machine(uint16_t m) {
  return m == 0x14c || m == 0x8664 || m == 0x1c4 || m == 0xaa64;
}

bool coff_view(Arena *a, const uint8_t *data, size_t len, CoffView *out) {
  if (len < 20 || !known_machine(get16(data)))
    return false;
  uint32_t nsections = get16(data + 2);
  uint32_t symtab = get32(data + 8), nsymbols = get32(data + 12);
  uint32_t sections = 20 + get16(data + 16);
  if (sections + 40ull * nsections > len)
    return false;
  // The string table follows the symbol table; "/123" names point into it.
  uint64_t strtab = (uint64_t)symtab + 18ull * nsymbols;
  uint32_t strsize = strtab + 4 <= len ? get32(data + strtab) : 0;
  if (strtab + strsize > len)
    strsize = 0;

  *out = (CoffView){.machine = get16(data), .nsections = nsections,
                    .sections = arena_alloc(a, sizeof(CoffSectionView) * (nsections + 1))};
  for (uint32_t i = 0; i < nsections; i++) {
    const uint8_t *h = data + sections + 40 * i;
    CoffSectionView *s = &out->sections[i];
    s->header_offset = sections + 40 * i;
    s->name = (Str){(const char *)h, (uint32_t)strnlen((const char *)h, 8)};
    if (h[0] == '/' && strsize) {
      unsigned long off = 0;
      for (int k = 1; k < 8 && h[k] >= '0' && h[k] <= '9'; k++)
        off = off * 10 + (unsigned long)(h[k] - '0');
      if (off >= 4 && off < strsize)
        s->name = (Str){(const char *)data + strtab + off,
                        (uint32_t)strnlen((const char *)data + strtab + off, strsize - off)};
    }
    s->size = get32(h + 16);
    s->offset = get32(h + 20);
    s->characteristics = get32(h + 36);
    if (s->size && ((uint64_t)s->offset + s->size > len || !s->offset))
      return false;
  }
  return true;
}

// coffread.c - reads a COFF object: its section table and its symbols
// (PE/COFF specification, "COFF File Header", "Section Table", "COFF Symbol
// Table"), bounds-checked: objects come from anywhere.
//
// Two headers lead to the same tables. The usual one is 20 bytes with
// 18-byte symbols; the big-object header (as -Wa,-mbig-obj and /bigobj
// write for more than 65,279 sections) is 56 bytes, starts 00 00 ff ff with
// version 2 and a fixed class id, and has 20-byte symbols whose section
// number is 32 bits. Short import objects (00 00 ff ff, version 0) are no
// COFF objects here.
#include "core.h"

#include <stdlib.h>
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

// ANON_OBJECT_HEADER_BIGOBJ's class id, {D1BAA1C7-BAEE-4ba9-AF20-FAF66AA4DCB8}.
static const uint8_t bigobj_class[16] = {0xc7, 0xa1, 0xba, 0xd1, 0xee, 0xba, 0xa9, 0x4b,
                                         0xaf, 0x20, 0xfa, 0xf6, 0x6a, 0xa4, 0xdc, 0xb8};

// A name in the string table at offset off, or an empty slice when off is
// outside it.
static Str strtab_name(const CoffView *v, uint64_t off) {
  if (off < 4 || off >= v->strsize)
    return (Str){"", 0};
  const char *s = (const char *)v->strtab + off;
  return (Str){s, (uint32_t)strnlen(s, v->strsize - off)};
}

static int by_offset(const void *x, const void *y) {
  const CoffSectionView *a = *(const CoffSectionView *const *)x, *b = *(const CoffSectionView *const *)y;
  return a->offset < b->offset ? -1 : a->offset > b->offset;
}

// Do two sections share raw data? No compiler or assembler writes that;
// a hostile object does, to make every section's contents (its .drectve,
// say) be read over and over.
static bool sections_overlap(Arena *a, const CoffView *v) {
  const CoffSectionView **with_data = arena_alloc(a, sizeof *with_data * (v->nsections + 1));
  uint32_t n = 0;
  for (uint32_t i = 0; i < v->nsections; i++)
    if (v->sections[i].size)
      with_data[n++] = &v->sections[i];
  if (n > 1)
    qsort(with_data, n, sizeof *with_data, by_offset);
  for (uint32_t i = 1; i < n; i++)
    if ((uint64_t)with_data[i - 1]->offset + with_data[i - 1]->size > with_data[i]->offset)
      return true;
  return false;
}

bool coff_view(Arena *a, const uint8_t *data, size_t len, CoffView *out) {
  *out = (CoffView){.data = data};
  uint32_t sections;
  if (len >= 56 && get16(data) == 0 && get16(data + 2) == 0xffff && get16(data + 4) == 2 &&
      !memcmp(data + 12, bigobj_class, 16)) {
    out->bigobj = true;
    out->machine = get16(data + 6);
    out->nsections = get32(data + 44);
    out->symtab = get32(data + 48);
    out->nsymbols = get32(data + 52);
    out->symbol_size = 20;
    sections = 56;
  } else if (len >= 20) {
    out->machine = get16(data);
    out->nsections = get16(data + 2);
    out->symtab = get32(data + 8);
    out->nsymbols = get32(data + 12);
    out->symbol_size = 18;
    sections = 20 + get16(data + 16);
  } else {
    return false;
  }
  if (!known_machine(out->machine) || sections + 40ull * out->nsections > len)
    return false;
  // The string table follows the symbol table; "/123" section names and
  // long symbol names point into it. A damaged one reads as empty.
  uint64_t symtab_end = out->symtab + (uint64_t)out->symbol_size * out->nsymbols;
  if (out->nsymbols && (!out->symtab || symtab_end > len))
    return false;
  if (symtab_end + 4 <= len && out->symtab) {
    out->strtab = data + symtab_end;
    out->strsize = get32(out->strtab);
    if (symtab_end + out->strsize > len || out->strsize < 4)
      out->strsize = 0;
  }

  out->sections = arena_alloc(a, sizeof(CoffSectionView) * (out->nsections + 1));
  for (uint32_t i = 0; i < out->nsections; i++) {
    const uint8_t *h = data + sections + 40 * i;
    CoffSectionView *s = &out->sections[i];
    s->header_offset = sections + 40 * i;
    s->name = (Str){(const char *)h, (uint32_t)strnlen((const char *)h, 8)};
    if (h[0] == '/') {
      unsigned long off = 0;
      for (int k = 1; k < 8 && h[k] >= '0' && h[k] <= '9'; k++)
        off = off * 10 + (unsigned long)(h[k] - '0');
      Str name = strtab_name(out, off);
      if (name.len)
        s->name = name;
    }
    s->characteristics = get32(h + 36);
    // Uninitialized data (.bss) has no raw data, though GNU as writes its
    // size into SizeOfRawData.
    if (!(s->characteristics & IMAGE_SCN_CNT_UNINITIALIZED_DATA)) {
      s->size = get32(h + 16);
      s->offset = get32(h + 20);
    }
    if (s->size && ((uint64_t)s->offset + s->size > len || !s->offset))
      return false;
  }
  return !sections_overlap(a, out);
}

bool coff_symbol_at(const CoffView *v, uint32_t index, CoffSymbolView *out) {
  if (index >= v->nsymbols)
    return false;
  const uint8_t *p = v->data + v->symtab + (size_t)v->symbol_size * index;
  // The name: eight bytes in place, or 0 and an offset into the string table.
  if (get32(p) == 0)
    out->name = strtab_name(v, get32(p + 4));
  else
    out->name = (Str){(const char *)p, (uint32_t)strnlen((const char *)p, 8)};
  out->value = get32(p + 8);
  if (v->bigobj) {
    out->section = (int32_t)get32(p + 12);
    p += 2;
  } else {
    out->section = (int16_t)get16(p + 12);
  }
  out->type = get16(p + 14);
  out->storage_class = p[16];
  out->naux = p[17];
  return true;
}

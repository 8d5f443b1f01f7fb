// objedit.c - adds a section to a COFF object that a compiler wrote: the
// export records of the libclang scanner, for objects compiled by clang
// (the GCC plugin writes its own through the assembler).
//
// The new section header goes after the last one, which moves everything
// behind the section table 40 bytes on: each section's raw data,
// relocations and line numbers, and the symbol table (with the string
// table behind it). The section's data goes at the end of the file.
// Symbols refer to sections by number, and the new one is the last, so
// no symbol changes.
#include "core.h"

#include <string.h>

enum { SECTION_HEADER_SIZE = 40 };

static uint32_t get32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++)
    p[i] = (uint8_t)(v >> 8 * i);
}

// Adds `delta` to the file offset at p unless it is 0 (none).
static void move_offset(uint8_t *p, uint32_t delta) {
  if (get32(p))
    put32(p, get32(p) + delta);
}

bool object_add_section(Arena *a, const uint8_t *data, size_t len, const char *name, const void *bytes, size_t n,
                        uint32_t characteristics, Buf *out) {
  CoffView v;
  if (strlen(name) > 8 || !coff_view(a, data, len, &v) || (!v.bigobj && v.nsections >= 0xfffe))
    return false;
  uint32_t table = v.nsections ? v.sections[0].header_offset : (v.bigobj ? 56 : 20 + (uint32_t)(data[16] | data[17] << 8));
  uint32_t table_end = table + SECTION_HEADER_SIZE * v.nsections;

  buf_put(out, data, table_end);
  uint8_t *h = out->data;
  // NumberOfSections and PointerToSymbolTable.
  if (v.bigobj) {
    put32(h + 44, v.nsections + 1);
    move_offset(h + 48, SECTION_HEADER_SIZE);
  } else {
    h[2] = (uint8_t)(v.nsections + 1), h[3] = (uint8_t)((v.nsections + 1) >> 8);
    move_offset(h + 8, SECTION_HEADER_SIZE);
  }
  for (uint32_t i = 0; i < v.nsections; i++) {
    uint8_t *s = h + table + SECTION_HEADER_SIZE * i;
    move_offset(s + 20, SECTION_HEADER_SIZE);   // PointerToRawData
    move_offset(s + 24, SECTION_HEADER_SIZE);   // PointerToRelocations
    move_offset(s + 28, SECTION_HEADER_SIZE);   // PointerToLinenumbers
  }
  // The new header; its data is placed after the rest, 4-byte aligned.
  size_t rest = len - table_end;
  uint32_t at = (uint32_t)((table_end + SECTION_HEADER_SIZE + rest + 3) & ~(size_t)3);
  uint8_t header[SECTION_HEADER_SIZE] = {0};
  memcpy(header, name, strlen(name));
  put32(header + 16, (uint32_t)n);                        // SizeOfRawData
  put32(header + 20, n ? at : 0);                         // PointerToRawData
  put32(header + 36, characteristics);
  buf_put(out, header, sizeof header);
  buf_put(out, data + table_end, rest);
  while (buf_offset(out) < at)
    buf_put_u8(out, 0);
  buf_put(out, bytes, n);
  return true;
}

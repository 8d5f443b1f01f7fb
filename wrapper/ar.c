// ar.c - archives in the layout lib.exe writes (PE/COFF specification,
// "Archive (Library) File Format"): the signature, the first linker member
// (big-endian, symbols in member order), the second linker member
// (little-endian, symbols sorted, which link.exe searches by bisection),
// the longnames member, then the members, each at an even offset.
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { HEADER_SIZE = 60 };

// Member header: Name[16] Date[12] UserID[6] GroupID[6] Mode[8] Size[10]
// End[2]. Dates and ids are 0, so the bytes depend only on the contents.
static void put_header(Buf *out, const char *name, uint32_t size, bool is_member) {
  char h[HEADER_SIZE + 1];
  snprintf(h, sizeof h, "%-16s%-12s%-6s%-6s%-8s%-10u`\n", name, "0", is_member ? "0" : "",
           is_member ? "0" : "", is_member ? "644" : "0", (unsigned)size);
  buf_put(out, h, HEADER_SIZE);
}

static void put_u32_be(Buf *out, uint32_t v) {
  uint8_t b[4] = {v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff};
  buf_put(out, b, 4);
}

static void pad_even(Buf *out) {
  if (out->len & 1)
    buf_put_u8(out, '\n');
}

typedef struct {
  const char *name;
  uint32_t member;
} SymbolRef;

static int by_symbol_name(const void *a, const void *b) {
  return strcmp(((const SymbolRef *)a)->name, ((const SymbolRef *)b)->name);
}

void ar_write(Buf *out, const ArMember *members, uint32_t n,
              void (*emit)(Buf *out, uint32_t index, void *ctx), void *ctx) {
  uint32_t nsyms = 0;
  size_t names_size = 0;
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t s = 0; s < members[i].nsymbols; s++) {
      nsyms++;
      names_size += strlen(members[i].symbols[s]) + 1;
    }

  // Names of more than 15 bytes live in the longnames member ("/offset");
  // shorter ones are written "name/" in the header.
  Buf longnames = {0};
  char (*header_names)[17] = xmalloc(sizeof *header_names * (n ? n : 1));
  const char *last_long = NULL;   // members in a row often share a name
  uint32_t last_off = 0;
  for (uint32_t i = 0; i < n; i++) {
    size_t len = strlen(members[i].name);
    if (len <= 15) {
      snprintf(header_names[i], 17, "%s/", members[i].name);
      continue;
    }
    if (!last_long || strcmp(last_long, members[i].name)) {
      last_long = members[i].name;
      last_off = (uint32_t)longnames.len;
      buf_put(&longnames, members[i].name, len + 1);
    }
    snprintf(header_names[i], 17, "/%u", last_off);
  }

  // The second linker member counts members in 16 bits: past 65535 members
  // it cannot be written, and only the first one (which GNU ld and lld
  // read) is. link.exe needs the second.
  bool second = n <= 0xffff;
  uint32_t first_size = 4 + 4 * nsyms + (uint32_t)names_size;
  uint32_t second_size = 4 + 4 * n + 4 + 2 * nsyms + (uint32_t)names_size;
  uint32_t pos = 8 + HEADER_SIZE + first_size + (first_size & 1);
  if (second)
    pos += HEADER_SIZE + second_size + (second_size & 1);
  if (longnames.len)
    pos += HEADER_SIZE + (uint32_t)longnames.len + (longnames.len & 1);
  uint32_t *offsets = xmalloc(sizeof(uint32_t) * (n ? n : 1));
  for (uint32_t i = 0; i < n; i++) {
    offsets[i] = pos;
    pos += HEADER_SIZE + members[i].size + (members[i].size & 1);
  }
  buf_reserve(out, pos);

  buf_puts(out, "!<arch>\n");
  put_header(out, "/", first_size, false);
  put_u32_be(out, nsyms);
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t s = 0; s < members[i].nsymbols; s++)
      put_u32_be(out, offsets[i]);
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t s = 0; s < members[i].nsymbols; s++)
      buf_put(out, members[i].symbols[s], strlen(members[i].symbols[s]) + 1);
  pad_even(out);

  if (second) {
    SymbolRef *sorted = xmalloc(sizeof(SymbolRef) * (nsyms ? nsyms : 1));
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++)
      for (uint32_t s = 0; s < members[i].nsymbols; s++)
        sorted[k++] = (SymbolRef){members[i].symbols[s], i};
    qsort(sorted, nsyms, sizeof(SymbolRef), by_symbol_name);
    put_header(out, "/", second_size, false);
    buf_put_u32(out, n);
    for (uint32_t i = 0; i < n; i++)
      buf_put_u32(out, offsets[i]);
    buf_put_u32(out, nsyms);
    for (uint32_t i = 0; i < nsyms; i++)
      buf_put_u16(out, (uint16_t)(sorted[i].member + 1));   // 1-based
    for (uint32_t i = 0; i < nsyms; i++)
      buf_put(out, sorted[i].name, strlen(sorted[i].name) + 1);
    pad_even(out);
    free(sorted);
  }

  if (longnames.len) {
    put_header(out, "//", (uint32_t)longnames.len, false);
    buf_put(out, longnames.data, longnames.len);
    pad_even(out);
  }
  for (uint32_t i = 0; i < n; i++) {
    put_header(out, header_names[i], members[i].size, true);
    emit(out, i, ctx);
    pad_even(out);
  }
  free(offsets);
  free(header_names);
  buf_free(&longnames);
}

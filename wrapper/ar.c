// ar.c - archives in the layout lib.exe writes (PE/COFF specification,
// "Archive (Library) File Format"): the signature, the first linker member
// (big-endian, symbols in member order), the second linker member
// (little-endian, symbols sorted, which link.exe searches by bisection),
// the longnames member, then the members, each at an even offset.
#include "core.h"

#include <stdlib.h>
#include <string.h>

enum { HEADER_SIZE = 60 };

int str_cmp(Str a, Str b) {
  int c = memcmp(a.s, b.s, a.len < b.len ? a.len : b.len);
  return c ? c : (a.len > b.len) - (a.len < b.len);
}

// A field of a member header: text, padded with blanks to its width.
static void put_field(char *field, int width, const char *text, size_t len) {
  memcpy(field, text, len);
  memset(field + len, ' ', (size_t)width - len);
}

// Member header: Name[16] Date[12] UserID[6] GroupID[6] Mode[8] Size[10]
// End[2]. Dates and ids are 0, so the bytes depend only on the contents.
static void put_header(Buf *out, const char *name, uint32_t size, bool is_member) {
  char h[HEADER_SIZE];
  char digits[10];
  int n = 0;
  do
    digits[9 - n++] = (char)('0' + size % 10);
  while (size /= 10);
  put_field(h, 16, name, strlen(name));
  put_field(h + 16, 12, "0", 1);
  put_field(h + 28, 6, "0", 1);
  put_field(h + 34, 6, "0", 1);
  put_field(h + 40, 8, is_member ? "644" : "0", is_member ? 3 : 1);
  put_field(h + 48, 10, digits + 10 - n, (size_t)n);
  h[58] = '`';
  h[59] = '\n';
  buf_put(out, h, HEADER_SIZE);
}

static void put_u32_be(Buf *out, uint32_t v) {
  uint8_t b[4] = {v >> 24, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff};
  buf_put(out, b, 4);
}

static void pad_even(Buf *out) {
  if (buf_offset(out) & 1)
    buf_put_u8(out, '\n');
}

// The padding of a linker member, inside its size: a NUL.
static void pad_symbol_table(Buf *out) {
  if (buf_offset(out) & 1)
    buf_put_u8(out, 0);
}

static void put_symbol(Buf *out, ArSymbol s) {
  buf_puts(out, s.prefix);
  buf_put(out, s.name.s, s.name.len);
  buf_put_u8(out, 0);
}

typedef struct {
  ArSymbol symbol;
  uint32_t member;
} SymbolRef;

// prefix+name against prefix+name, as strcmp compares the concatenations.
static int by_symbol_name(const void *pa, const void *pb) {
  ArSymbol a = ((const SymbolRef *)pa)->symbol, b = ((const SymbolRef *)pb)->symbol;
  if (a.prefix == b.prefix)   // the usual case: one of a few prefix literals
    return str_cmp(a.name, b.name);
  size_t pa_len = strlen(a.prefix), pb_len = strlen(b.prefix);
  size_t alen = pa_len + a.name.len, blen = pb_len + b.name.len;
  for (size_t i = 0; i < alen && i < blen; i++) {
    unsigned char x = (unsigned char)(i < pa_len ? a.prefix[i] : a.name.s[i - pa_len]);
    unsigned char y = (unsigned char)(i < pb_len ? b.prefix[i] : b.name.s[i - pb_len]);
    if (x != y)
      return x - y;
  }
  return (alen > blen) - (alen < blen);
}

// The header name of a member: "name/" when it fits in 16 bytes, else
// "/offset" of the name in the longnames member. The first pass over the
// members appends the long names; the second finds them at `cursor` in
// the same order.
typedef struct {
  Buf longnames;
  uint32_t cursor;
  const char *last;        // members in a row mostly share a name
  char header[17];
} Names;

static const char *header_name(Names *names, const char *name) {
  if (names->last && (names->last == name || !strcmp(names->last, name)))
    return names->header;
  names->last = name;
  size_t len = strlen(name);
  if (len <= 15) {
    memcpy(names->header, name, len);
    memcpy(names->header + len, "/", 2);
    return names->header;
  }
  uint32_t off = names->cursor;
  if (off == names->longnames.len)
    buf_put(&names->longnames, name, len + 1);
  names->cursor = off + (uint32_t)len + 1;
  char digits[16];
  int n = 0;
  do
    digits[15 - n++] = (char)('0' + off % 10);
  while (off /= 10);
  names->header[0] = '/';
  memcpy(names->header + 1, digits + 16 - n, (size_t)n);
  names->header[n + 1] = '\0';
  return names->header;
}

void ar_write(Buf *out, const ArSource *src) {
  uint32_t n = src->count, nsyms = 0;
  size_t names_size = 0;
  Names names = {0};
  for (uint32_t i = 0; i < n; i++) {
    header_name(&names, src->name(src, i));   // collects the long names
    uint32_t ns = src->nsymbols(src, i);
    for (uint32_t k = 0; k < ns; k++) {
      ArSymbol s = src->symbol(src, i, k);
      names_size += strlen(s.prefix) + s.name.len + 1;
    }
    nsyms += ns;
  }

  // The second linker member counts members in 16 bits: past 65535 members
  // it cannot be written, and only the first one (which GNU ld and lld
  // read) is. link.exe needs the second.
  // The linker members count their padding byte as part of their size (as
  // llvm's archive writer does; readers stop at the symbol count).
  bool second = n <= 0xffff;
  uint32_t first_size = 4 + 4 * nsyms + (uint32_t)names_size;
  uint32_t second_size = 4 + 4 * n + 4 + 2 * nsyms + (uint32_t)names_size;
  first_size += first_size & 1;
  second_size += second_size & 1;
  uint32_t pos = 8 + HEADER_SIZE + first_size;
  if (second)
    pos += HEADER_SIZE + second_size;
  if (names.longnames.len)
    pos += HEADER_SIZE + (uint32_t)names.longnames.len + (names.longnames.len & 1);
  uint32_t *offsets = xmalloc(sizeof(uint32_t) * (n ? n : 1));
  for (uint32_t i = 0; i < n; i++) {
    uint32_t size = src->size(src, i);
    offsets[i] = pos;
    pos += HEADER_SIZE + size + (size & 1);
  }

  buf_puts(out, "!<arch>\n");
  put_header(out, "/", first_size, false);
  put_u32_be(out, nsyms);
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t k = src->nsymbols(src, i); k > 0; k--)
      put_u32_be(out, offsets[i]);
  for (uint32_t i = 0; i < n; i++)
    for (uint32_t k = 0, ns = src->nsymbols(src, i); k < ns; k++)
      put_symbol(out, src->symbol(src, i, k));
  pad_symbol_table(out);

  if (second) {
    SymbolRef *sorted = xmalloc(sizeof(SymbolRef) * (nsyms ? nsyms : 1));
    uint32_t j = 0;
    for (uint32_t i = 0; i < n; i++)
      for (uint32_t k = 0, ns = src->nsymbols(src, i); k < ns; k++)
        sorted[j++] = (SymbolRef){src->symbol(src, i, k), i};
    qsort(sorted, nsyms, sizeof(SymbolRef), by_symbol_name);
    put_header(out, "/", second_size, false);
    buf_put_u32(out, n);
    for (uint32_t i = 0; i < n; i++)
      buf_put_u32(out, offsets[i]);
    buf_put_u32(out, nsyms);
    for (uint32_t i = 0; i < nsyms; i++)
      buf_put_u16(out, (uint16_t)(sorted[i].member + 1));   // 1-based
    for (uint32_t i = 0; i < nsyms; i++)
      put_symbol(out, sorted[i].symbol);
    pad_symbol_table(out);
    free(sorted);
  }

  if (names.longnames.len) {
    put_header(out, "//", (uint32_t)names.longnames.len, false);
    buf_put(out, names.longnames.data, names.longnames.len);
    pad_even(out);
  }
  names.last = NULL;
  names.cursor = 0;
  for (uint32_t i = 0; i < n; i++) {
    put_header(out, header_name(&names, src->name(src, i)), src->size(src, i), true);
    src->emit(src, i, out);
    pad_even(out);
  }
  free(offsets);
  buf_free(&names.longnames);
}

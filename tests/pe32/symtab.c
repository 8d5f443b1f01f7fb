// symtab.c - reads the __imp_ symbols of an image's COFF symbol table.
//
// Implements PE Format "COFF Symbol Table" and "COFF String Table". GNU ld
// keeps the table in images unless they are stripped (-s); lld in MinGW mode
// keeps it unless -s is given (then -Wl,--Xlink=-debug:symtab brings it back).
// In an image a symbol's Value is relative to its section, so the RVA of
// __imp__Foo@4 is the section's VirtualAddress + Value: the IAT slot.
#include "pe32load.h"

#include <stdlib.h>
#include <string.h>

// Reads the decoration of an i386 import symbol (the part after "__imp_"):
//   _Foo        cdecl: the caller pops, the callee pops 0
//   _Foo@12     stdcall: the callee pops 12
//   @Foo@12     fastcall: the first two 4-byte arguments go in ECX and EDX,
//               the callee pops the rest: max(0, 12 - 8)
// Anything else (vectorcall Foo@@12, names without the '_' prefix) is unknown.
static CallConv decoration(const char *s, int *pops) {
  *pops = -1;
  if (s[0] != '_' && s[0] != '@')
    return CONV_UNKNOWN;
  const char *at = strrchr(s + 1, '@');
  if (!at) {
    if (s[0] == '@')
      return CONV_UNKNOWN;
    *pops = 0;
    return CONV_CDECL;
  }
  if (at[-1] == '@' || !at[1] || strspn(at + 1, "0123456789") != strlen(at + 1))
    return CONV_UNKNOWN;
  long n = strtol(at + 1, NULL, 10);
  if (s[0] == '@') {
    *pops = n > 8 ? (int)n - 8 : 0;
    return CONV_FASTCALL;
  }
  *pops = (int)n;
  return CONV_STDCALL;
}

static int by_rva(const void *a, const void *b) {
  uint32_t x = ((const ImpSym *)a)->rva, y = ((const ImpSym *)b)->rva;
  return x < y ? -1 : x > y;
}

// Collects m's __imp_ symbols; a module without a table has none.
bool symtab_read(Module *m) {
  if (m->sym_off == 0 || m->nsyms == 0)
    return true;
  // Each record is 18 bytes: Name[8], Value, SectionNumber, Type,
  // StorageClass, NumberOfAuxSymbols; the string table follows the records.
  uint64_t tab_len = 18ull * m->nsyms;
  const uint8_t *tab = tab_len <= UINT32_MAX ? file_at(m, m->sym_off, (uint32_t)tab_len) : NULL;
  if (!tab) {
    error("%s: symbol table out of file bounds (offset 0x%x, %u symbols)", m->path, m->sym_off, m->nsyms);
    return false;
  }
  uint32_t str_off = m->sym_off + (uint32_t)tab_len, str_len = 0;
  const uint8_t *str = file_at(m, str_off, 4);
  if (str) {
    memcpy(&str_len, str, 4);
    if (str_len < 4 || !file_at(m, str_off, str_len)) {
      error("%s: string table out of file bounds (offset 0x%x, size 0x%x)", m->path, str_off, str_len);
      return false;
    }
  }

  m->imps = xmalloc(sizeof(ImpSym) * m->nsyms);
  for (uint32_t i = 0; i < m->nsyms; i++) {
    const uint8_t *r = tab + 18 * i;
    char short_name[9];
    const char *name;
    uint32_t zeroes, off;
    memcpy(&zeroes, r, 4);
    memcpy(&off, r + 4, 4);
    if (zeroes == 0) {
      if (!str || off < 4 || off >= str_len || !memchr(str + off, 0, str_len - off)) {
        error("%s: symbol %u: name outside the string table", m->path, i);
        return false;
      }
      name = (const char *)str + off;
    } else {
      memcpy(short_name, r, 8);
      short_name[8] = 0;
      name = short_name;
    }
    uint32_t value;
    int16_t secno;
    memcpy(&value, r + 8, 4);
    memcpy(&secno, r + 12, 2);
    i += r[17]; // skip the auxiliary records
    if (strncmp(name, "__imp_", 6) || secno < 1 || secno > m->nsec)
      continue;
    ImpSym *s = &m->imps[m->nimps++];
    s->rva = m->sec[secno - 1].vaddr + value;
    s->symbol = xstrdup(name);
    s->conv = decoration(name + 6, &s->pops);
  }
  qsort(m->imps, m->nimps, sizeof(ImpSym), by_rva);
  return true;
}

// Returns the __imp_ symbol naming the IAT slot at rva, or NULL.
const ImpSym *symtab_find(const Module *m, uint32_t rva) {
  int lo = 0, hi = m->nimps;
  while (lo < hi) {
    int mid = (lo + hi) / 2;
    if (m->imps[mid].rva < rva)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < m->nimps && m->imps[lo].rva == rva ? &m->imps[lo] : NULL;
}

// edata.c - the export object: a COFF object whose .edata section is a
// DLL's whole export table (PE/COFF specification, "The .edata Section"),
// the role of GNU dlltool -e. Linked into the DLL, it is the table the
// loader reads; see dlllink.c for how each linker is kept from adding one
// of its own.
//
//   export directory     40 bytes, its RVAs filled by relocations
//   export address table one entry per ordinal from the base to the highest:
//                        the RVA of the symbol (a relocation against it), of
//                        a forwarder string inside .edata, or 0 for a gap
//   name pointer table   the RVAs of the names, sorted by byte value, which
//                        the loader searches by bisection
//   ordinal table        per name, its index in the address table
//   strings              the DLL name, the names, the forwarder strings
#include "core.h"

#include <stdlib.h>
#include <string.h>

enum { DIRECTORY_SIZE = 40 };

typedef struct {
  Str name;            // the exported name
  const Export *e;
} Named;

static int by_name(const void *a, const void *b) {
  return str_cmp(((const Named *)a)->name, ((const Named *)b)->name);
}

// The time stamp of the directory: SOURCE_DATE_EPOCH when it is set (the
// reproducible-builds convention), else 0.
static uint32_t time_stamp(void) {
  const char *epoch = getenv("SOURCE_DATE_EPOCH");
  if (!epoch || !*epoch)
    return 0;
  char *end;
  unsigned long long v = strtoull(epoch, &end, 10);
  return *end || v > UINT32_MAX ? 0 : (uint32_t)v;
}

bool edata_write(Buf *out, Diag *d, Arena *a, Module *m, Machine machine, Dialect dialect) {
  ExportList *l = &m->exports;
  if (!exportlist_finalize(l, d))
    return false;
  ImplibOptions names_opt = {.machine = machine, .dialect = dialect};

  // The name table: every export with a name, sorted as the loader needs.
  // finalize sorted the exports by their names, which are mostly the
  // exported names too: sort again only when they are not in order.
  Named *named = xmalloc(sizeof(Named) * (l->len + 1));
  uint32_t nnamed = 0;
  bool sorted = true;
  for (uint32_t i = 0; i < l->len; i++)
    if (!l->v[i]->noname) {
      named[nnamed] = (Named){import_exported_name(a, l->v[i], &names_opt), l->v[i]};
      sorted &= nnamed == 0 || str_cmp(named[nnamed - 1].name, named[nnamed].name) <= 0;
      nnamed++;
    }
  if (!sorted)
    qsort(named, nnamed, sizeof(Named), by_name);
  for (uint32_t i = 1; i < nnamed; i++)
    if (str_eq(named[i - 1].name, named[i].name)) {
      // Reported at the later of the two in the file, noted at the other.
      const Export *first = named[i - 1].e, *second = named[i].e;
      if (first->loc.line > second->loc.line) {
        first = named[i].e;
        second = named[i - 1].e;
      }
      diag_error(d, &second->loc, "'%s' and '%s' are both exported as '%.*s'", second->name, first->name,
                 (int)named[i].name.len, named[i].name.s);
      diag_note(d, &first->loc, "'%s' is defined here", first->name);
      free(named);
      return false;
    }

  uint32_t base = 0, top = 0;
  for (uint32_t i = 0; i < l->len; i++) {
    uint32_t ord = l->v[i]->ordinal;
    if (!base || ord < base)
      base = ord;
    if (ord > top)
      top = ord;
  }
  uint32_t entries = l->len ? top - base + 1 : 0;

  // Offsets in .edata.
  const char *dll = import_dll_name(a, m);
  uint32_t eat = DIRECTORY_SIZE;
  uint32_t npt = eat + 4 * entries;
  uint32_t ot = npt + 4 * nnamed;
  uint32_t strings = ot + 2 * nnamed;

  CoffObject *o = coff_new(a, machine);
  int edata = coff_section(o, ".edata", IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ |
                                            IMAGE_SCN_ALIGN_4BYTES);
  coff_reserve(o, edata, 4 + entries + nnamed, 1 + l->len);
  uint32_t self = coff_symbol(o, ".edata", 0, edata, 0, IMAGE_SYM_CLASS_STATIC);
  uint16_t rva = coff_rva_reloc(machine);
  Buf *b = coff_data(o, edata);
  buf_reserve(b, strings);

  // Strings first into their own buffer: their offsets go into the tables.
  Buf str = {0};
  uint32_t dll_name = strings;
  buf_put(&str, dll, strlen(dll) + 1);
  uint32_t *name_at = xmalloc(sizeof(uint32_t) * (nnamed + 1));
  for (uint32_t i = 0; i < nnamed; i++) {
    name_at[i] = strings + (uint32_t)str.len;
    buf_put(&str, named[i].name.s, named[i].name.len);
    buf_put_u8(&str, 0);
  }

  buf_put_u32(b, 0);                       // Export Flags
  buf_put_u32(b, time_stamp());            // Time/Date Stamp
  buf_put_u16(b, 0);                       // Major Version
  buf_put_u16(b, 0);                       // Minor Version
  buf_put_u32(b, dll_name);                // Name RVA
  buf_put_u32(b, base);                    // Ordinal Base
  buf_put_u32(b, entries);                 // Address Table Entries
  buf_put_u32(b, nnamed);                  // Number of Name Pointers
  buf_put_u32(b, eat);                     // Export Address Table RVA
  buf_put_u32(b, npt);                     // Name Pointer RVA
  buf_put_u32(b, ot);                      // Ordinal Table RVA
  // The relocations add the address of .edata to the offsets written.
  uint32_t fields[] = {12, 28, 32, 36};
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
    coff_reloc(o, edata, fields[i], self, rva);

  // The export address table. A forwarder's entry points at its string,
  // within the export directory's range, which is how the loader tells it
  // from an export (PE/COFF, "Export Address Table").
  uint32_t *by_ordinal = xmalloc(sizeof(uint32_t) * (entries + 1));
  memset(by_ordinal, 0, sizeof(uint32_t) * (entries + 1));
  for (uint32_t i = 0; i < l->len; i++)
    by_ordinal[l->v[i]->ordinal - base] = i + 1;
  for (uint32_t k = 0; k < entries; k++) {
    uint32_t at = eat + 4 * k;
    const Export *e = by_ordinal[k] ? l->v[by_ordinal[k] - 1] : NULL;
    if (!e) {
      buf_put_u32(b, 0);
    } else if (e->forward) {
      buf_put_u32(b, strings + (uint32_t)str.len);
      buf_put(&str, e->forward, strlen(e->forward) + 1);
      coff_reloc(o, edata, at, self, rva);
    } else {
      buf_put_u32(b, 0);
      const char *symbol = linker_symbol(a, machine, e->symbol ? e->symbol : e->name);
      coff_reloc(o, edata, at, coff_symbol(o, symbol, 0, 0, 0, IMAGE_SYM_CLASS_EXTERNAL), rva);
    }
  }
  for (uint32_t i = 0; i < nnamed; i++) {   // the name pointer table
    buf_put_u32(b, name_at[i]);
    coff_reloc(o, edata, npt + 4 * i, self, rva);
  }
  for (uint32_t i = 0; i < nnamed; i++)     // the ordinal table
    buf_put_u16(b, (uint16_t)(named[i].e->ordinal - base));
  buf_put(b, str.data, str.len);

  coff_write(o, out);
  coff_free(o);
  buf_free(&str);
  free(by_ordinal);
  free(name_at);
  free(named);
  return true;
}

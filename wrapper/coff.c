// coff.c - builds small COFF objects (PE/COFF specification, "COFF File
// Header", "Section Table", "COFF Relocations", "COFF Symbol Table",
// "COFF String Table"): the import descriptor objects of an import
// library, the export object, the thunks of a delay-load library.
#include "core.h"

#include <stdio.h>
#include <string.h>

typedef struct {
  uint32_t offset, symbol;
  uint16_t type;
} Reloc;

typedef struct {
  const char *name;
  uint32_t characteristics;
  Buf data;
  Reloc *relocs;
  uint32_t nrelocs, cap;
} Section;

typedef struct {
  const char *name;
  uint32_t value;
  int16_t section;
  uint16_t type;
  uint8_t storage_class;
} Symbol;

struct CoffObject {
  Arena *arena;
  Machine machine;
  Section *sections;
  uint32_t nsections, seccap;
  Symbol *symbols;
  uint32_t nsymbols, symcap;
};

enum { FILE_HEADER_SIZE = 20, SECTION_HEADER_SIZE = 40, RELOC_SIZE = 10, SYMBOL_SIZE = 18 };

CoffObject *coff_new(Arena *a, Machine m) {
  CoffObject *o = arena_alloc(a, sizeof(CoffObject));
  o->arena = a;
  o->machine = m;
  return o;
}

int coff_section(CoffObject *o, const char *name, uint32_t characteristics) {
  o->sections = arena_reserve(o->arena, o->sections, o->nsections, &o->seccap, o->nsections + 1, sizeof(Section));
  o->sections[o->nsections] = (Section){.name = name, .characteristics = characteristics};
  return (int)++o->nsections;
}

void coff_reserve(CoffObject *o, int section, uint32_t nrelocs, uint32_t nsymbols) {
  Section *s = &o->sections[section - 1];
  s->relocs = arena_reserve(o->arena, s->relocs, s->nrelocs, &s->cap, nrelocs, sizeof(Reloc));
  o->symbols = arena_reserve(o->arena, o->symbols, o->nsymbols, &o->symcap, nsymbols, sizeof(Symbol));
}

Buf *coff_data(CoffObject *o, int section) {
  return &o->sections[section - 1].data;
}

uint32_t coff_symbol(CoffObject *o, const char *name, uint32_t value, int section,
                     uint16_t type, uint8_t storage_class) {
  o->symbols = arena_reserve(o->arena, o->symbols, o->nsymbols, &o->symcap, o->nsymbols + 1, sizeof(Symbol));
  o->symbols[o->nsymbols] = (Symbol){name, value, (int16_t)section, type, storage_class};
  return o->nsymbols++;
}

void coff_reloc(CoffObject *o, int section, uint32_t offset, uint32_t symbol, uint16_t type) {
  Section *s = &o->sections[section - 1];
  s->relocs = arena_reserve(o->arena, s->relocs, s->nrelocs, &s->cap, s->nrelocs + 1, sizeof(Reloc));
  s->relocs[s->nrelocs++] = (Reloc){offset, symbol, type};
}

uint16_t coff_rva_reloc(Machine m) {
  switch (m) {
  case MACH_I386: return 0x0007;    // IMAGE_REL_I386_DIR32NB
  case MACH_AMD64: return 0x0003;   // IMAGE_REL_AMD64_ADDR32NB
  case MACH_ARMNT: return 0x0002;   // IMAGE_REL_ARM_ADDR32NB
  case MACH_ARM64: return 0x0002;   // IMAGE_REL_ARM64_ADDR32NB
  case MACH_NONE: break;
  }
  return 0;
}

// Layout: file header, section headers, then each section's data followed
// by its relocations, then the symbol table and the string table.
void coff_write(const CoffObject *o, Buf *out) {
  uint32_t pos = FILE_HEADER_SIZE + SECTION_HEADER_SIZE * (uint32_t)o->nsections;
  uint32_t symtab = pos;
  for (uint32_t i = 0; i < o->nsections; i++)
    symtab += (uint32_t)o->sections[i].data.len + RELOC_SIZE * o->sections[i].nrelocs;
  bool is32 = o->machine == MACH_I386 || o->machine == MACH_ARMNT;

  buf_put_u16(out, machine_coff(o->machine));        // Machine
  buf_put_u16(out, (uint16_t)o->nsections);          // NumberOfSections
  buf_put_u32(out, 0);                               // TimeDateStamp: none, for reproducibility
  buf_put_u32(out, symtab);                          // PointerToSymbolTable
  buf_put_u32(out, o->nsymbols);                     // NumberOfSymbols
  buf_put_u16(out, 0);                               // SizeOfOptionalHeader
  buf_put_u16(out, is32 ? IMAGE_FILE_32BIT_MACHINE : 0);  // Characteristics

  // Names longer than 8 bytes go to the string table, which starts with
  // its own size (4 bytes): section names as "/offset", then symbols.
  uint32_t strtab = 4;
  for (uint32_t i = 0; i < o->nsections; i++) {
    const Section *s = &o->sections[i];
    uint32_t size = (uint32_t)s->data.len;
    size_t len = strlen(s->name);
    char name[9] = {0};   // a name of 8 bytes has no NUL
    if (len <= 8) {
      memcpy(name, s->name, len);
    } else {
      snprintf(name, sizeof name, "/%u", strtab);
      strtab += (uint32_t)len + 1;
    }
    buf_put(out, name, 8);                           // Name
    buf_put_u32(out, 0);                             // VirtualSize
    buf_put_u32(out, 0);                             // VirtualAddress
    buf_put_u32(out, size);                          // SizeOfRawData
    buf_put_u32(out, size ? pos : 0);                // PointerToRawData
    buf_put_u32(out, s->nrelocs ? pos + size : 0);   // PointerToRelocations
    buf_put_u32(out, 0);                             // PointerToLinenumbers
    buf_put_u16(out, (uint16_t)s->nrelocs);          // NumberOfRelocations
    buf_put_u16(out, 0);                             // NumberOfLinenumbers
    buf_put_u32(out, s->characteristics);            // Characteristics
    pos += size + RELOC_SIZE * s->nrelocs;
  }
  for (uint32_t i = 0; i < o->nsections; i++) {
    const Section *s = &o->sections[i];
    buf_put(out, s->data.data, s->data.len);
    for (uint32_t r = 0; r < s->nrelocs; r++) {
      buf_put_u32(out, s->relocs[r].offset);         // VirtualAddress
      buf_put_u32(out, s->relocs[r].symbol);         // SymbolTableIndex
      buf_put_u16(out, s->relocs[r].type);           // Type
    }
  }

  for (uint32_t i = 0; i < o->nsymbols; i++) {
    const Symbol *sym = &o->symbols[i];
    size_t len = strlen(sym->name);
    if (len <= 8) {
      char name[8] = {0};
      memcpy(name, sym->name, len);
      buf_put(out, name, 8);                         // ShortName
    } else {
      buf_put_u32(out, 0);                           // Zeroes
      buf_put_u32(out, strtab);                      // Offset
      strtab += (uint32_t)len + 1;
    }
    buf_put_u32(out, sym->value);                    // Value
    buf_put_u16(out, (uint16_t)sym->section);        // SectionNumber
    buf_put_u16(out, sym->type);                     // Type
    buf_put_u8(out, sym->storage_class);             // StorageClass
    buf_put_u8(out, 0);                              // NumberOfAuxSymbols
  }
  buf_put_u32(out, strtab);
  for (uint32_t i = 0; i < o->nsections; i++)
    if (strlen(o->sections[i].name) > 8)
      buf_put(out, o->sections[i].name, strlen(o->sections[i].name) + 1);
  for (uint32_t i = 0; i < o->nsymbols; i++)
    if (strlen(o->symbols[i].name) > 8)
      buf_put(out, o->symbols[i].name, strlen(o->symbols[i].name) + 1);
}

void coff_free(CoffObject *o) {
  for (uint32_t i = 0; i < o->nsections; i++)
    buf_free(&o->sections[i].data);
}

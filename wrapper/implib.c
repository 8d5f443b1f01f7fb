// implib.c - import libraries (PE/COFF specification, "Import Library
// Format"): an archive of
//   the import descriptor    __IMPORT_DESCRIPTOR_bar: .idata$2 (the import
//                            directory entry) and .idata$6 (the DLL name)
//   the null descriptor      __NULL_IMPORT_DESCRIPTOR: .idata$3, the entry
//                            that ends the import directory
//   the null thunk           \x7fbar_NULL_THUNK_DATA: the zero entries that
//                            end this DLL's lookup and address tables
//   one short import object per export, from which the linker makes the
//   thunk, the __imp_ pointer and the lookup entry.
// The layout of the three objects is the one link.exe, lld and GNU ld
// expect (and lib.exe and llvm-dlltool write).
#include "core.h"

#include <stdlib.h>
#include <string.h>

// Import types and name types of a short import object's header.
enum { IMPORT_CODE = 0, IMPORT_DATA = 1, IMPORT_CONST = 2 };
enum {
  IMPORT_ORDINAL = 0,           // by ordinal
  IMPORT_NAME = 1,              // the symbol is the name
  IMPORT_NAME_NOPREFIX = 2,     // the symbol without its leading ?, @ or _
  IMPORT_NAME_UNDECORATE = 3,   // that, cut at the first @
  IMPORT_NAME_EXPORTAS = 4,     // a name given after the DLL name
};

enum { SHORT_IMPORT_HEADER_SIZE = 20 };

typedef struct {
  const char *symbol;      // the linker symbol: "_Foo@4"
  const char *exportas;    // for IMPORT_NAME_EXPORTAS, else NULL
  const char *archive_symbols[2];   // "__imp__Foo@4", "_Foo@4" (not for DATA)
  uint16_t ordinal_hint;
  uint8_t type, name_type;
} ShortImport;

// A member is a short import object or a COFF object built in `object`.
typedef struct {
  ShortImport *imp;
  Buf object;
} Member;

typedef struct {
  const ImplibOptions *opt;
  const char *dll;         // "bar.dll"
  Member *members;
} Library;

// What the loader looks up for a symbol under each name type (PE/COFF,
// "Import Name Type"). Returns its length; *start is set to its start.
static size_t apply_name_type(int name_type, const char *symbol, const char **start) {
  const char *s = symbol;
  if (name_type == IMPORT_NAME_NOPREFIX || name_type == IMPORT_NAME_UNDECORATE)
    if (*s == '?' || *s == '@' || *s == '_')
      s++;
  *start = s;
  if (name_type == IMPORT_NAME_UNDECORATE) {
    const char *at = strchr(s, '@');
    if (at)
      return (size_t)(at - s);
  }
  return strlen(s);
}

static bool name_type_gives(int name_type, const char *symbol, const char *name) {
  const char *s;
  size_t len = apply_name_type(name_type, symbol, &s);
  return len == strlen(name) && !memcmp(s, name, len);
}

// Chooses how the loader gets from the symbol to the exported name: the
// first name type that gives it; else EXPORTAS, if the options allow it.
// Returns false when neither does.
static bool choose_name_type(const char *symbol, const char *exported, const ImplibOptions *opt,
                             ShortImport *imp) {
  static const int types[] = {IMPORT_NAME, IMPORT_NAME_NOPREFIX, IMPORT_NAME_UNDECORATE};
  for (size_t i = 0; i < sizeof types / sizeof *types; i++)
    if (name_type_gives(types[i], symbol, exported)) {
      imp->name_type = (uint8_t)types[i];
      return true;
    }
  if (!opt->exportas)
    return false;
  imp->name_type = IMPORT_NAME_EXPORTAS;
  imp->exportas = exported;
  return true;
}

// `Renamed == cdeclfn` where no name type gives cdeclfn from _Renamed and
// EXPORTAS may not be used (GNU ld 2.40 rejects an archive holding one, lld
// 14 imports an empty name): a member in GNU dlltool's long format that is
// a whole import directory entry of its own, for this one function:
//   .idata$2  the directory entry, pointing at the four pieces below
//   .idata$4  lookup table: the entry, then the zero that ends it
//   .idata$5  address table (__imp_ symbol): the same
//   .idata$6  hint and name;  .idata$7  the DLL name
//   .text     the jump through __imp_ (code imports)
// Holding its own terminators, it needs no other member next to it, so
// neither linker's ordering of .idata$ pieces matters. The loader accepts
// several directory entries for one DLL.
static void build_long_import(Arena *a, Machine m, const char *dll, const ShortImport *imp,
                              const char *exported, Buf *out) {
  CoffObject *o = coff_new(a, m);
  bool is64 = m == MACH_AMD64 || m == MACH_ARM64;
  uint32_t ptr = is64 ? 8 : 4;
  uint32_t data = IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE;
  uint32_t align = is64 ? IMAGE_SCN_ALIGN_8BYTES : IMAGE_SCN_ALIGN_4BYTES;
  int idata2 = coff_section(o, ".idata$2", data | IMAGE_SCN_ALIGN_4BYTES);
  int idata4 = coff_section(o, ".idata$4", data | align);
  int idata5 = coff_section(o, ".idata$5", data | align);
  int idata6 = coff_section(o, ".idata$6", data | IMAGE_SCN_ALIGN_2BYTES);
  int idata7 = coff_section(o, ".idata$7", data | IMAGE_SCN_ALIGN_2BYTES);
  int text = imp->type == IMPORT_DATA ? 0 :
    coff_section(o, ".text", IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ | IMAGE_SCN_ALIGN_4BYTES);

  uint32_t sec[8] = {0};   // section symbols, the targets of the relocations
  for (int i = idata2; i <= idata7; i++)
    sec[i] = coff_symbol(o, (const char *[]){"", ".idata$2", ".idata$4", ".idata$5", ".idata$6", ".idata$7"}[i],
                         0, i, 0, IMAGE_SYM_CLASS_STATIC);
  uint32_t iat = coff_symbol(o, imp->archive_symbols[0], 0, idata5, 0, IMAGE_SYM_CLASS_EXTERNAL);
  // For link.exe, which ends the directory with this; GNU ld and lld add their own.
  coff_symbol(o, "__NULL_IMPORT_DESCRIPTOR", 0, 0, 0, IMAGE_SYM_CLASS_EXTERNAL);

  uint16_t rva = coff_rva_reloc(m);
  buf_put(coff_data(o, idata2), (uint8_t[20]){0}, 20);
  coff_reloc(o, idata2, 0, sec[idata4], rva);    // ImportLookupTableRVA
  coff_reloc(o, idata2, 12, sec[idata7], rva);   // NameRVA
  coff_reloc(o, idata2, 16, sec[idata5], rva);   // ImportAddressTableRVA
  for (int i = idata4; i <= idata5; i++) {
    buf_put(coff_data(o, i), (uint8_t[16]){0}, 2 * ptr);   // the entry and the terminator
    coff_reloc(o, i, 0, sec[idata6], rva);                  // Hint/Name Table RVA
  }
  Buf *hint_name = coff_data(o, idata6);
  buf_put_u16(hint_name, imp->ordinal_hint);
  buf_put(hint_name, exported, strlen(exported) + 1);
  if (hint_name->len & 1)
    buf_put_u8(hint_name, 0);
  buf_put(coff_data(o, idata7), dll, strlen(dll) + 1);

  if (text) {
    ImportThunk t = import_thunk(m);
    buf_put(coff_data(o, text), t.code, t.size);
    coff_symbol(o, imp->symbol, 0, text, 0x20, IMAGE_SYM_CLASS_EXTERNAL);   // Type: function
    coff_reloc(o, text, t.reloc_offset, iat, t.reloc_type);
    if (t.reloc2_offset)
      coff_reloc(o, text, t.reloc2_offset, iat, t.reloc2_type);
  }
  coff_write(o, out);
  coff_free(o);
}

//
// The three objects every import library has
//

static void build_descriptor(Arena *a, Machine m, const char *dll, const char *stem, Buf *out) {
  CoffObject *o = coff_new(a, m);
  int idata2 = coff_section(o, ".idata$2", IMAGE_SCN_ALIGN_4BYTES | IMAGE_SCN_CNT_INITIALIZED_DATA |
                                               IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE);
  int idata6 = coff_section(o, ".idata$6", IMAGE_SCN_ALIGN_2BYTES | IMAGE_SCN_CNT_INITIALIZED_DATA |
                                               IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE);
  // The import directory entry: its three RVAs are filled by relocations.
  Buf *dir = coff_data(o, idata2);
  buf_put_u32(dir, 0);   // ImportLookupTableRVA
  buf_put_u32(dir, 0);   // TimeDateStamp
  buf_put_u32(dir, 0);   // ForwarderChain
  buf_put_u32(dir, 0);   // NameRVA
  buf_put_u32(dir, 0);   // ImportAddressTableRVA
  buf_put(coff_data(o, idata6), dll, strlen(dll) + 1);

  coff_symbol(o, arena_printf(a, "__IMPORT_DESCRIPTOR_%s", stem), 0, idata2, 0, IMAGE_SYM_CLASS_EXTERNAL);
  coff_symbol(o, ".idata$2", 0, idata2, 0, IMAGE_SYM_CLASS_SECTION);
  uint32_t name = coff_symbol(o, ".idata$6", 0, idata6, 0, IMAGE_SYM_CLASS_STATIC);
  // The starts of this DLL's lookup and address tables: the linker
  // gathers each DLL's .idata$4 and .idata$5 pieces after these.
  uint32_t ilt = coff_symbol(o, ".idata$4", 0, 0, 0, IMAGE_SYM_CLASS_SECTION);
  uint32_t iat = coff_symbol(o, ".idata$5", 0, 0, 0, IMAGE_SYM_CLASS_SECTION);
  coff_symbol(o, "__NULL_IMPORT_DESCRIPTOR", 0, 0, 0, IMAGE_SYM_CLASS_EXTERNAL);
  coff_symbol(o, arena_printf(a, "\x7f%s_NULL_THUNK_DATA", stem), 0, 0, 0, IMAGE_SYM_CLASS_EXTERNAL);
  uint16_t rva = coff_rva_reloc(m);
  coff_reloc(o, idata2, 12, name, rva);   // NameRVA
  coff_reloc(o, idata2, 0, ilt, rva);     // ImportLookupTableRVA
  coff_reloc(o, idata2, 16, iat, rva);    // ImportAddressTableRVA
  coff_write(o, out);
  coff_free(o);
}

static void build_null_descriptor(Arena *a, Machine m, Buf *out) {
  CoffObject *o = coff_new(a, m);
  int idata3 = coff_section(o, ".idata$3", IMAGE_SCN_ALIGN_4BYTES | IMAGE_SCN_CNT_INITIALIZED_DATA |
                                               IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE);
  buf_put(coff_data(o, idata3), (uint8_t[20]){0}, 20);   // an all-zero directory entry
  coff_symbol(o, "__NULL_IMPORT_DESCRIPTOR", 0, idata3, 0, IMAGE_SYM_CLASS_EXTERNAL);
  coff_write(o, out);
  coff_free(o);
}

static void build_null_thunk(Arena *a, Machine m, const char *stem, Buf *out) {
  CoffObject *o = coff_new(a, m);
  bool is64 = m == MACH_AMD64 || m == MACH_ARM64;
  uint32_t flags = (is64 ? IMAGE_SCN_ALIGN_8BYTES : IMAGE_SCN_ALIGN_4BYTES) |
                   IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE;
  int idata5 = coff_section(o, ".idata$5", flags);
  int idata4 = coff_section(o, ".idata$4", flags);
  buf_put(coff_data(o, idata5), (uint8_t[8]){0}, is64 ? 8 : 4);
  buf_put(coff_data(o, idata4), (uint8_t[8]){0}, is64 ? 8 : 4);
  coff_symbol(o, arena_printf(a, "\x7f%s_NULL_THUNK_DATA", stem), 0, idata5, 0, IMAGE_SYM_CLASS_EXTERNAL);
  coff_write(o, out);
  coff_free(o);
}

//
// Writing
//

static uint32_t short_import_size(const Library *lib, const ShortImport *imp) {
  uint32_t size = SHORT_IMPORT_HEADER_SIZE + (uint32_t)strlen(imp->symbol) + 1 + (uint32_t)strlen(lib->dll) + 1;
  if (imp->exportas)
    size += (uint32_t)strlen(imp->exportas) + 1;
  return size;
}

static void emit_member(Buf *out, uint32_t index, void *ctx) {
  Library *lib = ctx;
  const ShortImport *imp = lib->members[index].imp;
  if (!imp) {
    buf_put(out, lib->members[index].object.data, lib->members[index].object.len);
    return;
  }
  uint32_t size = short_import_size(lib, imp);
  buf_put_u16(out, 0);                                  // Sig1: IMAGE_FILE_MACHINE_UNKNOWN
  buf_put_u16(out, 0xffff);                             // Sig2
  buf_put_u16(out, 0);                                  // Version
  buf_put_u16(out, machine_coff(lib->opt->machine));    // Machine
  buf_put_u32(out, 0);                                  // TimeDateStamp
  buf_put_u32(out, size - SHORT_IMPORT_HEADER_SIZE);    // SizeOfData
  buf_put_u16(out, imp->ordinal_hint);                  // Ordinal/Hint
  buf_put_u16(out, (uint16_t)(imp->type | imp->name_type << 2));   // Type, Name Type
  buf_put(out, imp->symbol, strlen(imp->symbol) + 1);   // Import name (the symbol)
  buf_put(out, lib->dll, strlen(lib->dll) + 1);         // DLL name
  if (imp->exportas)
    buf_put(out, imp->exportas, strlen(imp->exportas) + 1);
}

static void set_archive_symbols(Arena *a, ShortImport *imp) {
  imp->archive_symbols[0] = arena_printf(a, "__imp_%s", imp->symbol);
  imp->archive_symbols[1] = imp->symbol;
}

void implib_write(Buf *out, Arena *a, const Module *m, const ImplibOptions *opt) {
  Library lib = {.opt = opt, .dll = import_dll_name(a, m)};
  const char *stem = import_dll_stem(a, lib.dll);
  Machine mach = opt->machine;

  // Members: the three fixed objects, then one per export.
  uint32_t cap = 3 + m->exports.len;
  lib.members = arena_alloc(a, sizeof(Member) * cap);
  ArMember *members = arena_alloc(a, sizeof(ArMember) * cap);
  const char **fixed = arena_alloc(a, sizeof(char *) * 3);
  fixed[0] = arena_printf(a, "__IMPORT_DESCRIPTOR_%s", stem);
  fixed[1] = "__NULL_IMPORT_DESCRIPTOR";
  fixed[2] = arena_printf(a, "\x7f%s_NULL_THUNK_DATA", stem);
  build_descriptor(a, mach, lib.dll, stem, &lib.members[0].object);
  build_null_descriptor(a, mach, &lib.members[1].object);
  build_null_thunk(a, mach, stem, &lib.members[2].object);
  for (int i = 0; i < 3; i++)
    members[i] = (ArMember){lib.dll, (uint32_t)lib.members[i].object.len, &fixed[i], 1};
  uint32_t n = 3;

  HintTable hints = import_hint_table(a, m, opt);
  for (uint32_t i = 0; i < m->exports.len; i++) {
    const Export *e = m->exports.v[i];
    if (e->is_private)
      continue;
    ShortImport *imp = arena_alloc(a, sizeof(ShortImport));
    imp->symbol = import_symbol(a, mach, e);
    imp->type = e->kind == EXPORT_DATA ? IMPORT_DATA : e->kind == EXPORT_CONSTANT ? IMPORT_CONST : IMPORT_CODE;
    set_archive_symbols(a, imp);
    const char *exported = e->noname ? NULL : import_exported_name(a, e, opt);
    if (e->noname) {
      imp->name_type = IMPORT_ORDINAL;
      imp->ordinal_hint = e->ordinal;
    } else if (choose_name_type(imp->symbol, exported, opt, imp)) {
      imp->ordinal_hint = import_hint(&hints, exported);
    } else {
      imp->ordinal_hint = import_hint(&hints, exported);
      build_long_import(a, mach, lib.dll, imp, exported, &lib.members[n].object);
      members[n] = (ArMember){lib.dll, (uint32_t)lib.members[n].object.len, imp->archive_symbols,
                              imp->type == IMPORT_DATA ? 1 : 2};
      n++;
      continue;
    }
    lib.members[n].imp = imp;
    members[n] = (ArMember){lib.dll, short_import_size(&lib, imp), imp->archive_symbols,
                            imp->type == IMPORT_DATA ? 1 : 2};
    n++;
  }

  ar_write(out, members, n, emit_member, &lib);
  for (uint32_t i = 0; i < n; i++)
    buf_free(&lib.members[i].object);
}

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

// Import types of a short import object's header (name types: core.h).
enum { IMPORT_CODE = 0, IMPORT_DATA = 1, IMPORT_CONST = 2 };

enum { SHORT_IMPORT_HEADER_SIZE = 20 };

// One export's import: a short import object, or (object > 0) a COFF
// object in the long format. Kept small (24 bytes): a library may hold
// 100,000, and their memory is much of the time it takes.
typedef struct {
  const char *name;        // the client's symbol without the i386 '_': "Foo@4"
  uint32_t name_len;
  uint32_t object;         // index + 1 in Library.objects, else 0
  uint16_t ordinal_hint;
  uint8_t type, name_type;
  bool underscore;         // the linker symbol is "_" + name
} LibImport;

typedef struct {
  ArSource src;            // first: ar_write gets this
  const ImplibOptions *opt;
  const char *dll;         // "bar.dll"
  uint32_t dll_len;
  Buf *objects;            // descriptor, null descriptor, null thunk, long imports
  LibImport *imports;
  uint32_t nimports;
  Str *exportas;           // per import: the name for IMPORT_NAME_EXPORTAS
  ArSymbol fixed[3];       // the symbols of the three fixed objects
} Library;

// Does the loader, given the symbol ("_" + name when underscore) and a
// name type, look up `exported` (PE/COFF, "Import Name Type")?
static bool name_type_gives(int name_type, const LibImport *imp, bool i386, Str exported) {
  Str name = {imp->name, imp->name_len};
  if (name_type == IMPORT_NAME) {   // the whole symbol, '_' included
    if (!imp->underscore)
      return str_eq(name, exported);
    return exported.len == name.len + 1 && exported.s[0] == '_' && !memcmp(exported.s + 1, name.s, name.len);
  }
  // NOPREFIX and UNDECORATE skip one leading ?, @ or _ of the linker
  // symbol: the '_' imp->underscore stands for, or a name's own (of a
  // symbol that gets none, vectorcall's), on i386 only: GNU ld keeps a '_'
  // elsewhere, lld drops it, so neither is relied on.
  if (!imp->underscore && name.len && (name.s[0] == '?' || name.s[0] == '@' || (name.s[0] == '_' && i386)))
    name = (Str){name.s + 1, name.len - 1};
  if (name_type == IMPORT_NAME_UNDECORATE) {
    const char *at = memchr(name.s, '@', name.len);
    if (at)
      name.len = (uint32_t)(at - name.s);
  }
  return str_eq(name, exported);
}

// Chooses how the loader gets from the symbol to the exported name: the
// first name type that gives it; else EXPORTAS, if the options allow it.
// Returns false when neither does.
static bool choose_name_type(LibImport *imp, Str exported, const ImplibOptions *opt, Str *exportas) {
  static const int types[] = {IMPORT_NAME, IMPORT_NAME_NOPREFIX, IMPORT_NAME_UNDECORATE};
  for (size_t i = 0; i < sizeof types / sizeof *types; i++)
    if (name_type_gives(types[i], imp, opt->machine == MACH_I386, exported)) {
      imp->name_type = (uint8_t)types[i];
      return true;
    }
  if (!opt->exportas)
    return false;
  imp->name_type = IMPORT_NAME_EXPORTAS;
  *exportas = exported;
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
static void build_long_import(Arena *a, Machine m, const char *dll, const LibImport *imp, Str exported,
                              Buf *out) {
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
  const char *symbol = linker_symbol(a, m, imp->name);
  int text = imp->type == IMPORT_DATA ? 0 :
    coff_section(o, ".text", IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ | IMAGE_SCN_ALIGN_4BYTES);

  uint32_t sec[8] = {0};   // section symbols, the targets of the relocations
  for (int i = idata2; i <= idata7; i++)
    sec[i] = coff_symbol(o, (const char *[]){"", ".idata$2", ".idata$4", ".idata$5", ".idata$6", ".idata$7"}[i],
                         0, i, 0, IMAGE_SYM_CLASS_STATIC);
  uint32_t iat = coff_symbol(o, arena_concat(a, "__imp_", symbol, ""), 0, idata5, 0, IMAGE_SYM_CLASS_EXTERNAL);
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
  buf_put(hint_name, exported.s, exported.len);
  buf_put_u8(hint_name, 0);
  if (hint_name->len & 1)
    buf_put_u8(hint_name, 0);
  buf_put(coff_data(o, idata7), dll, strlen(dll) + 1);

  if (text) {
    ImportThunk t = import_thunk(m);
    buf_put(coff_data(o, text), t.code, t.size);
    coff_symbol(o, symbol, 0, text, 0x20, IMAGE_SYM_CLASS_EXTERNAL);   // Type: function
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

static const char *member_name(const ArSource *src, uint32_t i) {
  (void)i;
  return ((const Library *)src)->dll;
}

static uint32_t member_size(const ArSource *src, uint32_t i) {
  const Library *lib = (const Library *)src;
  if (i < 3)
    return (uint32_t)lib->objects[i].len;
  const LibImport *imp = &lib->imports[i - 3];
  if (imp->object)
    return (uint32_t)lib->objects[imp->object - 1].len;
  uint32_t size = SHORT_IMPORT_HEADER_SIZE + imp->underscore + imp->name_len + 1 + lib->dll_len + 1;
  if (imp->name_type == IMPORT_NAME_EXPORTAS)
    size += lib->exportas[i - 3].len + 1;
  return size;
}

static uint32_t member_nsymbols(const ArSource *src, uint32_t i) {
  const Library *lib = (const Library *)src;
  return i < 3 ? 1 : lib->imports[i - 3].type == IMPORT_DATA ? 1 : 2;
}

// __imp_ + the symbol, and the symbol (the thunk) for code.
static ArSymbol member_symbol(const ArSource *src, uint32_t i, uint32_t k) {
  const Library *lib = (const Library *)src;
  if (i < 3)
    return lib->fixed[i];
  const LibImport *imp = &lib->imports[i - 3];
  Str name = {imp->name, imp->name_len};
  return (ArSymbol){k == 0 ? (imp->underscore ? "__imp__" : "__imp_") : imp->underscore ? "_" : "", name};
}

static void emit_member(const ArSource *src, uint32_t i, Buf *out) {
  const Library *lib = (const Library *)src;
  const LibImport *imp = i < 3 ? NULL : &lib->imports[i - 3];
  if (!imp || imp->object) {
    const Buf *b = &lib->objects[imp ? imp->object - 1 : i];
    buf_put(out, b->data, b->len);
    return;
  }
  buf_put_u16(out, 0);                                  // Sig1: IMAGE_FILE_MACHINE_UNKNOWN
  buf_put_u16(out, 0xffff);                             // Sig2
  buf_put_u16(out, 0);                                  // Version
  buf_put_u16(out, machine_coff(lib->opt->machine));    // Machine
  buf_put_u32(out, 0);                                  // TimeDateStamp
  buf_put_u32(out, member_size(src, i) - SHORT_IMPORT_HEADER_SIZE);   // SizeOfData
  buf_put_u16(out, imp->ordinal_hint);                  // Ordinal/Hint
  buf_put_u16(out, (uint16_t)(imp->type | imp->name_type << 2));   // Type, Name Type
  if (imp->underscore)                                  // Import name (the symbol)
    buf_put_u8(out, '_');
  buf_put(out, imp->name, imp->name_len);
  buf_put_u8(out, 0);
  buf_put(out, lib->dll, lib->dll_len + 1);             // DLL name
  if (imp->name_type == IMPORT_NAME_EXPORTAS) {
    buf_put(out, lib->exportas[i - 3].s, lib->exportas[i - 3].len);
    buf_put_u8(out, 0);
  }
}

void implib_write(Buf *out, Arena *a, const Module *m, const ImplibOptions *opt) {
  Machine mach = opt->machine;
  Library lib = {
    .src = {0, member_name, member_size, member_nsymbols, member_symbol, emit_member},
    .opt = opt,
    .dll = import_dll_name(a, m),
  };
  lib.dll_len = (uint32_t)strlen(lib.dll);
  const char *stem = import_dll_stem(a, lib.dll);
  uint32_t nobjects = 3;
  lib.objects = arena_alloc(a, sizeof(Buf) * (3 + m->exports.len));
  build_descriptor(a, mach, lib.dll, stem, &lib.objects[0]);
  build_null_descriptor(a, mach, &lib.objects[1]);
  build_null_thunk(a, mach, stem, &lib.objects[2]);
  lib.fixed[0] = (ArSymbol){"__IMPORT_DESCRIPTOR_", str(stem)};
  lib.fixed[1] = (ArSymbol){"", str("__NULL_IMPORT_DESCRIPTOR")};
  lib.fixed[2] = (ArSymbol){"\x7f", str(arena_concat(a, stem, "_NULL_THUNK_DATA", ""))};

  uint16_t *hints = import_hints(a, m, opt);
  lib.imports = arena_alloc(a, sizeof(LibImport) * (m->exports.len + 1));
  if (opt->exportas)
    lib.exportas = arena_alloc(a, sizeof(Str) * (m->exports.len + 1));
  for (uint32_t i = 0; i < m->exports.len; i++) {
    const Export *e = m->exports.v[i];
    if (e->is_private)
      continue;
    Str *exportas = opt->exportas ? &lib.exportas[lib.nimports] : NULL;
    LibImport *imp = &lib.imports[lib.nimports++];
    Str name = import_client_name(a, mach, e);
    imp->name = name.s;
    imp->name_len = name.len;
    imp->underscore = linker_underscore(mach, name);
    imp->type = e->kind == EXPORT_DATA ? IMPORT_DATA : e->kind == EXPORT_CONSTANT ? IMPORT_CONST : IMPORT_CODE;
    if (e->noname) {
      imp->name_type = IMPORT_ORDINAL;
      imp->ordinal_hint = e->ordinal;
      continue;
    }
    Str exported = import_exported_name(a, e, opt);
    imp->ordinal_hint = hints[i];
    if (!choose_name_type(imp, exported, opt, exportas)) {
      build_long_import(a, mach, lib.dll, imp, exported, &lib.objects[nobjects]);
      imp->object = ++nobjects;
    }
  }
  lib.src.count = 3 + lib.nimports;
  ar_write(out, &lib.src);
  for (uint32_t i = 0; i < nobjects; i++)
    buf_free(&lib.objects[i]);
}

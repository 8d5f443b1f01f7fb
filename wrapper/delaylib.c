// delaylib.c - delay-load import libraries (GNU dlltool -y). A program
// linked with one loads the DLL at the first call of one of its functions,
// through __delayLoadHelper2 (mingw-w64's libdelayimp.a, MSVC's
// delayimp.lib), not when it starts. The members, in GNU dlltool's long
// format:
//
//   <stem>_h.o    the delay import descriptor (PE/COFF "Delay-Load Import
//                 Tables"), the module handle, the DLL name, the start of
//                 the address and name tables, and __tailMerge_<stem>,
//                 which calls the helper and jumps to the function it found
//   <stem>_s<n>.o per function: the thunk `Foo: jmp *__imp_Foo`; the
//                 __imp_Foo slot, which holds the address of the load stub
//                 (`mov __imp_Foo, %eax; jmp __tailMerge`) until the helper
//                 stores the function's address; its name table entry
//   <stem>_t.o    the zeros that end the address and name tables
//
// The address table is written to at run time, so it cannot be in .idata
// as GNU dlltool puts it (lld makes .idata read-only, and the helper then
// faults). It lives in `.data$delay!<stem>!<n>` and the name table in
// `.rdata$delay!<stem>!<n>`, n = 1 (head), 2 (functions), 3 (tail): every
// linker orders grouped sections by the name after the '$' (GNU ld's
// SORT(.data$*)), which puts each DLL's pieces together and in this order
// ('!' sorts below the characters of file names, so "bar" and "bar_x"
// cannot interleave). Pieces of one name keep the order of their objects
// in both sections, so the two tables stay parallel.
//
// Symbols and names follow the import library's policy (imports.c), with or
// without kill-at: GNU dlltool -y forces kill-at, so a DLL that exports
// decorated names could not be delay-loaded with its libraries.
#include "core.h"

#include <string.h>

enum {
  REL_I386_DIR32 = 0x0006,
  REL_I386_REL32 = 0x0014,
  REL_AMD64_ADDR64 = 0x0001,
  REL_AMD64_REL32 = 0x0004,
};

typedef struct {
  Arena *arena;
  Machine machine;
  bool is64;
  const char *dll, *stem;
  uint32_t data;            // characteristics of initialized data
  uint32_t ptr_align;
  const char *iat[4], *names[4];   // table section names for pieces 1..3
} Delay;

static uint16_t abs_reloc(const Delay *d) {
  return d->is64 ? REL_AMD64_ADDR64 : REL_I386_DIR32;
}

static void put_pointer(Buf *b, const Delay *d, uint64_t v) {
  if (d->is64)
    buf_put_u64(b, v);
  else
    buf_put_u32(b, (uint32_t)v);
}

static const char *tail_merge_name(const Delay *d) {
  return arena_printf(d->arena, "__tailMerge_%s", d->stem);
}

static const char *tail_name(const Delay *d) {
  return arena_printf(d->arena, "__DELAY_IMPORT_END_%s", d->stem);
}

// i386: the helper is stdcall; the thunk keeps ECX and EDX (fastcall
// arguments) across it. EAX holds the address of the __imp_ slot.
static const uint8_t tail_merge_i386[] = {
  0x51,                           // push %ecx
  0x52,                           // push %edx
  0x50,                           // push %eax             (the slot)
  0x68, 0, 0, 0, 0,               // push $descriptor
  0xe8, 0, 0, 0, 0,               // call ___delayLoadHelper2@8
  0x5a,                           // pop %edx
  0x59,                           // pop %ecx
  0xff, 0xe0,                     // jmp *%eax
};

// x86_64: the four argument registers and xmm0-xmm3 (GNU dlltool's thunk
// loses the xmm ones) are kept across the helper; 0x88 bytes keep the
// stack 16-byte aligned at the call, with the helper's 32-byte home area.
static const uint8_t tail_merge_x64[] = {
  0x48, 0x81, 0xec, 0x88, 0, 0, 0,      // sub $0x88, %rsp
  0x48, 0x89, 0x4c, 0x24, 0x20,         // mov %rcx, 0x20(%rsp)
  0x48, 0x89, 0x54, 0x24, 0x28,         // mov %rdx, 0x28(%rsp)
  0x4c, 0x89, 0x44, 0x24, 0x30,         // mov %r8, 0x30(%rsp)
  0x4c, 0x89, 0x4c, 0x24, 0x38,         // mov %r9, 0x38(%rsp)
  0x66, 0x0f, 0x7f, 0x44, 0x24, 0x40,   // movdqa %xmm0, 0x40(%rsp)
  0x66, 0x0f, 0x7f, 0x4c, 0x24, 0x50,   // movdqa %xmm1, 0x50(%rsp)
  0x66, 0x0f, 0x7f, 0x54, 0x24, 0x60,   // movdqa %xmm2, 0x60(%rsp)
  0x66, 0x0f, 0x7f, 0x5c, 0x24, 0x70,   // movdqa %xmm3, 0x70(%rsp)
  0x48, 0x89, 0xc2,                     // mov %rax, %rdx        (the slot)
  0x48, 0x8d, 0x0d, 0, 0, 0, 0,         // lea descriptor(%rip), %rcx
  0xe8, 0, 0, 0, 0,                     // call __delayLoadHelper2
  0x66, 0x0f, 0x6f, 0x44, 0x24, 0x40,   // movdqa 0x40(%rsp), %xmm0
  0x66, 0x0f, 0x6f, 0x4c, 0x24, 0x50,   // movdqa 0x50(%rsp), %xmm1
  0x66, 0x0f, 0x6f, 0x54, 0x24, 0x60,   // movdqa 0x60(%rsp), %xmm2
  0x66, 0x0f, 0x6f, 0x5c, 0x24, 0x70,   // movdqa 0x70(%rsp), %xmm3
  0x48, 0x8b, 0x4c, 0x24, 0x20,         // mov 0x20(%rsp), %rcx
  0x48, 0x8b, 0x54, 0x24, 0x28,         // mov 0x28(%rsp), %rdx
  0x4c, 0x8b, 0x44, 0x24, 0x30,         // mov 0x30(%rsp), %r8
  0x4c, 0x8b, 0x4c, 0x24, 0x38,         // mov 0x38(%rsp), %r9
  0x48, 0x81, 0xc4, 0x88, 0, 0, 0,      // add $0x88, %rsp
  0xff, 0xe0,                           // jmp *%rax
};
enum { X64_DESCRIPTOR_AT = 57, X64_HELPER_AT = 62, X64_PROLOG = 7 };

static void build_head(const Delay *d, Buf *out) {
  Arena *a = d->arena;
  CoffObject *o = coff_new(a, d->machine);
  int text = coff_section(o, ".text", IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ |
                                          IMAGE_SCN_ALIGN_16BYTES);
  int data = coff_section(o, ".data", d->data | d->ptr_align);
  int rdata = coff_section(o, ".rdata", IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ |
                                            IMAGE_SCN_ALIGN_4BYTES);
  int iat = coff_section(o, d->iat[1], d->data | d->ptr_align);
  int names = coff_section(o, d->names[1], IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | d->ptr_align);
  uint32_t ptr = d->is64 ? 8 : 4;

  uint32_t s_text = coff_symbol(o, ".text", 0, text, 0, IMAGE_SYM_CLASS_STATIC);
  uint32_t s_data = coff_symbol(o, ".data", 0, data, 0, IMAGE_SYM_CLASS_STATIC);
  uint32_t s_rdata = coff_symbol(o, ".rdata", 0, rdata, 0, IMAGE_SYM_CLASS_STATIC);
  uint32_t s_iat = coff_symbol(o, d->iat[1], 0, iat, 0, IMAGE_SYM_CLASS_STATIC);
  uint32_t s_int = coff_symbol(o, d->names[1], 0, names, 0, IMAGE_SYM_CLASS_STATIC);
  uint32_t s_desc = coff_symbol(o, arena_printf(a, "__DELAY_IMPORT_DESCRIPTOR_%s", d->stem), 0, rdata, 0,
                                IMAGE_SYM_CLASS_EXTERNAL);
  coff_symbol(o, tail_merge_name(d), 0, text, 0x20, IMAGE_SYM_CLASS_EXTERNAL);
  uint32_t s_helper = coff_symbol(o, d->is64 ? "__delayLoadHelper2" : "___delayLoadHelper2@8", 0, 0, 0x20,
                                  IMAGE_SYM_CLASS_EXTERNAL);
  coff_symbol(o, tail_name(d), 0, 0, 0, IMAGE_SYM_CLASS_EXTERNAL);   // pulls in the tail

  // The descriptor. The tables start after the zero that makes the head's
  // pieces of them (as in GNU dlltool's head): the relocations add the
  // offset written in the field.
  uint16_t rva = coff_rva_reloc(d->machine);
  Buf *r = coff_data(o, rdata);
  buf_put_u32(r, 1);     // Attributes: 1, the fields are RVAs
  buf_put_u32(r, 32);    // Name: the DLL name, after the descriptor
  buf_put_u32(r, 0);     // Module Handle
  buf_put_u32(r, ptr);   // Delay Import Address Table
  buf_put_u32(r, ptr);   // Delay Import Name Table
  buf_put_u32(r, 0);     // Bound Delay Import Table
  buf_put_u32(r, 0);     // Unload Delay Import Table
  buf_put_u32(r, 0);     // Time Stamp
  buf_put(r, d->dll, strlen(d->dll) + 1);
  coff_reloc(o, rdata, 4, s_rdata, rva);
  coff_reloc(o, rdata, 8, s_data, rva);
  coff_reloc(o, rdata, 12, s_iat, rva);
  coff_reloc(o, rdata, 16, s_int, rva);
  put_pointer(coff_data(o, data), d, 0);     // the module handle
  put_pointer(coff_data(o, iat), d, 0);
  put_pointer(coff_data(o, names), d, 0);

  Buf *code = coff_data(o, text);
  if (d->is64) {
    buf_put(code, tail_merge_x64, sizeof tail_merge_x64);
    coff_reloc(o, text, X64_DESCRIPTOR_AT, s_desc, REL_AMD64_REL32);
    coff_reloc(o, text, X64_HELPER_AT, s_helper, REL_AMD64_REL32);

    // Unwind data for __tailMerge, so that an exception the helper raises
    // (DLL or function not found) can unwind through it (PE/COFF ".pdata",
    // and the x64 UNWIND_INFO: one UWOP_ALLOC_LARGE of 0x88 bytes).
    int xdata = coff_section(o, ".xdata", IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ |
                                              IMAGE_SCN_ALIGN_4BYTES);
    int pdata = coff_section(o, ".pdata", IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ |
                                              IMAGE_SCN_ALIGN_4BYTES);
    uint32_t s_xdata = coff_symbol(o, ".xdata", 0, xdata, 0, IMAGE_SYM_CLASS_STATIC);
    Buf *x = coff_data(o, xdata);
    buf_put_u8(x, 1);              // Version 1, no flags
    buf_put_u8(x, X64_PROLOG);     // SizeOfProlog
    buf_put_u8(x, 2);              // CountOfUnwindCodes
    buf_put_u8(x, 0);              // no frame register
    buf_put_u8(x, X64_PROLOG);     // CodeOffset: the end of `sub $0x88, %rsp`
    buf_put_u8(x, 1);              // UWOP_ALLOC_LARGE, OpInfo 0: size / 8 follows
    buf_put_u16(x, 0x88 / 8);
    Buf *p = coff_data(o, pdata);
    buf_put_u32(p, 0);                              // BeginAddress
    buf_put_u32(p, sizeof tail_merge_x64);          // EndAddress
    buf_put_u32(p, 0);                              // UnwindInformation
    coff_reloc(o, pdata, 0, s_text, rva);
    coff_reloc(o, pdata, 4, s_text, rva);
    coff_reloc(o, pdata, 8, s_xdata, rva);
  } else {
    buf_put(code, tail_merge_i386, sizeof tail_merge_i386);
    coff_reloc(o, text, 4, s_desc, REL_I386_DIR32);
    coff_reloc(o, text, 9, s_helper, REL_I386_REL32);
  }
  coff_write(o, out);
  coff_free(o);
}

// One function: the thunk, the load stub, its slot and its name entry.
static void build_function(const Delay *d, const char *symbol, Str exported, uint16_t hint,
                           const Export *e, Buf *out) {
  Arena *a = d->arena;
  CoffObject *o = coff_new(a, d->machine);
  int text = coff_section(o, ".text", IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ |
                                          IMAGE_SCN_ALIGN_4BYTES);
  int iat = coff_section(o, d->iat[2], d->data | d->ptr_align);
  int names = coff_section(o, d->names[2], IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | d->ptr_align);
  int hint_name = e->noname ? 0 : coff_section(o, ".rdata", IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ |
                                                                IMAGE_SCN_ALIGN_2BYTES);

  uint32_t s_text = coff_symbol(o, ".text", 0, text, 0, IMAGE_SYM_CLASS_STATIC);
  uint32_t s_hint_name = hint_name ? coff_symbol(o, ".rdata", 0, hint_name, 0, IMAGE_SYM_CLASS_STATIC) : 0;
  coff_symbol(o, symbol, 0, text, 0x20, IMAGE_SYM_CLASS_EXTERNAL);
  uint32_t s_slot = coff_symbol(o, arena_printf(a, "__imp_%s", symbol), 0, iat, 0, IMAGE_SYM_CLASS_EXTERNAL);
  uint32_t s_merge = coff_symbol(o, tail_merge_name(d), 0, 0, 0x20, IMAGE_SYM_CLASS_EXTERNAL);

  Buf *code = coff_data(o, text);
  uint32_t stub;   // offset of the load stub
  if (d->is64) {
    static const uint8_t x64[] = {
      0xff, 0x25, 0, 0, 0, 0,         // jmp *__imp_Foo(%rip)
      0x48, 0x8d, 0x05, 0, 0, 0, 0,   // lea __imp_Foo(%rip), %rax
      0xe9, 0, 0, 0, 0,               // jmp __tailMerge
      0xcc, 0xcc,
    };
    buf_put(code, x64, sizeof x64);
    coff_reloc(o, text, 2, s_slot, REL_AMD64_REL32);
    coff_reloc(o, text, 9, s_slot, REL_AMD64_REL32);
    coff_reloc(o, text, 14, s_merge, REL_AMD64_REL32);
    stub = 6;
  } else {
    static const uint8_t i386[] = {
      0xff, 0x25, 0, 0, 0, 0,         // jmp *__imp_Foo
      0xb8, 0, 0, 0, 0,               // mov $__imp_Foo, %eax
      0xe9, 0, 0, 0, 0,               // jmp __tailMerge
    };
    buf_put(code, i386, sizeof i386);
    coff_reloc(o, text, 2, s_slot, REL_I386_DIR32);
    coff_reloc(o, text, 7, s_slot, REL_I386_DIR32);
    coff_reloc(o, text, 12, s_merge, REL_I386_REL32);
    stub = 6;
  }
  // The slot starts out holding the stub's address (.text + stub).
  put_pointer(coff_data(o, iat), d, stub);
  coff_reloc(o, iat, 0, s_text, abs_reloc(d));

  // The name table entry: an ordinal with the top bit set, or the RVA of
  // the hint and name.
  if (e->noname) {
    put_pointer(coff_data(o, names), d, (d->is64 ? 1ull << 63 : 1ull << 31) | e->ordinal);
  } else {
    put_pointer(coff_data(o, names), d, 0);
    coff_reloc(o, names, 0, s_hint_name, coff_rva_reloc(d->machine));
    Buf *hn = coff_data(o, hint_name);
    buf_put_u16(hn, hint);
    buf_put(hn, exported.s, exported.len);
    buf_put_u8(hn, 0);
    if (hn->len & 1)
      buf_put_u8(hn, 0);
  }
  coff_write(o, out);
  coff_free(o);
}

static void build_tail(const Delay *d, Buf *out) {
  CoffObject *o = coff_new(d->arena, d->machine);
  int iat = coff_section(o, d->iat[3], d->data | d->ptr_align);
  int names = coff_section(o, d->names[3], IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | d->ptr_align);
  put_pointer(coff_data(o, iat), d, 0);
  put_pointer(coff_data(o, names), d, 0);
  coff_symbol(o, tail_name(d), 0, iat, 0, IMAGE_SYM_CLASS_EXTERNAL);
  coff_write(o, out);
  coff_free(o);
}

// The members, for ar_write: head, functions, tail.
typedef struct {
  ArSource src;
  Buf *objects;
  const char **names;
  ArSymbol (*symbols)[2];
  uint32_t *nsymbols;
} Members;

static const char *member_name(const ArSource *src, uint32_t i) {
  return ((const Members *)src)->names[i];
}

static uint32_t member_size(const ArSource *src, uint32_t i) {
  return (uint32_t)((const Members *)src)->objects[i].len;
}

static uint32_t member_nsymbols(const ArSource *src, uint32_t i) {
  return ((const Members *)src)->nsymbols[i];
}

static ArSymbol member_symbol(const ArSource *src, uint32_t i, uint32_t k) {
  return ((const Members *)src)->symbols[i][k];
}

static void emit_member(const ArSource *src, uint32_t i, Buf *out) {
  const Buf *b = &((const Members *)src)->objects[i];
  buf_put(out, b->data, b->len);
}

void delaylib_write(Buf *out, Diag *diag, Arena *a, const Module *m, const ImplibOptions *opt) {
  Delay d = {.arena = a, .machine = opt->machine, .is64 = opt->machine == MACH_AMD64,
             .dll = import_dll_name(a, m),
             .data = IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE};
  d.stem = import_dll_stem(a, d.dll);
  d.ptr_align = d.is64 ? IMAGE_SCN_ALIGN_8BYTES : IMAGE_SCN_ALIGN_4BYTES;
  for (int piece = 1; piece <= 3; piece++) {
    d.iat[piece] = arena_printf(a, ".data$delay!%s!%d", d.stem, piece);
    d.names[piece] = arena_printf(a, ".rdata$delay!%s!%d", d.stem, piece);
  }
  uint16_t *hints = import_hints(a, m, opt);

  uint32_t cap = m->exports.len + 2, n = 0;
  Members mem = {
    .src = {0, member_name, member_size, member_nsymbols, member_symbol, emit_member},
    .objects = arena_alloc(a, sizeof(Buf) * cap),
    .names = arena_alloc(a, sizeof(char *) * cap),
    .symbols = arena_alloc(a, sizeof(ArSymbol[2]) * cap),
    .nsymbols = arena_alloc(a, sizeof(uint32_t) * cap),
  };
  build_head(&d, &mem.objects[n]);
  mem.names[n] = arena_printf(a, "%s_h.o", d.stem);
  mem.symbols[n][0] = (ArSymbol){"__DELAY_IMPORT_DESCRIPTOR_", str(d.stem)};
  mem.symbols[n][1] = (ArSymbol){"", str(tail_merge_name(&d))};
  mem.nsymbols[n++] = 2;

  for (uint32_t i = 0; i < m->exports.len; i++) {
    const Export *e = m->exports.v[i];
    if (e->is_private)
      continue;
    if (e->kind != EXPORT_CODE) {
      // The slot of a data import must hold the data's address from the
      // start; nothing calls the helper first.
      diag_warning(diag, &e->loc, "'%s' is data: it cannot be delay-loaded and is left out of "
                   "the delay-load library", e->name);
      continue;
    }
    Str client = import_client_name(a, opt->machine, e);
    const char *symbol = arena_concat(a, linker_underscore(opt->machine, client) ? "_" : "", client.s, "");
    Str exported = e->noname ? (Str){"", 0} : import_exported_name(a, e, opt);
    build_function(&d, symbol, exported, hints[i], e, &mem.objects[n]);
    mem.names[n] = arena_printf(a, "%s_s%05u.o", d.stem, n - 1);
    mem.symbols[n][0] = (ArSymbol){"__imp_", str(symbol)};
    mem.symbols[n][1] = (ArSymbol){"", str(symbol)};
    mem.nsymbols[n++] = 2;
  }
  build_tail(&d, &mem.objects[n]);
  mem.names[n] = arena_printf(a, "%s_t.o", d.stem);
  mem.symbols[n][0] = (ArSymbol){"", str(tail_name(&d))};
  mem.nsymbols[n++] = 1;

  mem.src.count = n;
  ar_write(out, &mem.src);
  for (uint32_t i = 0; i < n; i++)
    buf_free(&mem.objects[i]);
}

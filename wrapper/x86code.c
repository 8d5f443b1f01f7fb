// x86code.c - how many argument bytes an i386 function pops, read from its
// code: the N of its `ret N` instructions.
//
// A function is walked from its entry as a set of paths (a worklist of
// addresses and a visited set of instruction addresses): each instruction
// is decoded for its length only (Intel SDM vol. 2, appendix A, the one-
// and two-byte opcode maps, with prefixes, ModRM, SIB, displacements and
// immediates; 32-bit code, 0x66/0x67 prefixes honoured); conditional
// branches add their target, unconditional jumps go to theirs (a tail call
// is followed like a thunk), calls fall through (unless the callee never
// returns), and each `ret` (C3, 0 bytes) and `ret imm16` (C2) is counted.
// Whatever stops a path (an indirect jump such as a switch table, bytes we
// cannot decode, a jump out of the code, too many instructions) makes the
// answer unsure. Hostile code terminates: each address is decoded once,
// the number of instructions is limited, every read is bounds-checked.
//
// The image is read through its section table only (no other reader is
// needed): code bytes of executable sections, the import table for
// `jmp [__imp_Foo]` thunks (PE/COFF "The .idata Section"), and the export
// address table for the starts of the other functions.
#include "core.h"

#include <stdio.h>
#include <string.h>

enum {
  WALK_LIMIT = 50000,     // instructions walked for one function
  CALLEE_LIMIT = 4000,    // for each callee checked for a return
  TOTAL_LIMIT = 200000,   // for the function and all its callees
  THUNK_HOPS = 16,
  MAX_INSN = 15,
};

//
// Reading the image
//

// The raw bytes of the image at rva and how many follow in its section
// (within both the raw data and the virtual size); NULL when none. With
// code, only executable sections count.
static const uint8_t *image_at(const PeView *v, uint32_t rva, bool code, uint32_t *avail) {
  for (uint32_t i = 0; i < v->nsections; i++) {
    const PeSection *s = &v->sections[i];
    if (code && !(s->characteristics & (IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_CNT_CODE)))
      continue;
    uint32_t limit = s->size;
    if (s->vsize && s->vsize < limit)
      limit = s->vsize;
    if (s->offset > v->len)
      continue;
    if (limit > v->len - s->offset)
      limit = (uint32_t)(v->len - s->offset);
    if (rva < s->rva || rva - s->rva >= limit)
      continue;
    *avail = limit - (rva - s->rva);
    return v->data + s->offset + (rva - s->rva);
  }
  return NULL;
}

static bool read_u32(const PeView *v, uint32_t rva, uint32_t *out) {
  uint32_t n;
  const uint8_t *p = image_at(v, rva, false, &n);
  if (!p || n < 4)
    return false;
  *out = p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
  return true;
}

// A NUL-terminated string at rva (at most 512 bytes), copied into the arena.
static const char *read_string(Arena *a, const PeView *v, uint32_t rva) {
  uint32_t n;
  const char *p = (const char *)image_at(v, rva, false, &n);
  if (!p)
    return NULL;
  if (n > 512)
    n = 512;
  const char *end = memchr(p, 0, n);
  return end && end > p ? arena_strndup(a, p, (size_t)(end - p)) : NULL;
}

// The import table's address slots, read once: slot rva -> the lookup
// entry (by ordinal, or the rva of its hint/name) and the DLL name's rva.
typedef struct {
  uint32_t *key, *entry, *dll;   // key 0: free
  uint32_t len, cap;             // cap: a power of two
} SlotMap;

struct X86Image {
  Arena *a;
  const PeView *v;
  struct RvaSet *starts;   // known function starts: exports, call targets
  SlotMap slots;
};

enum { SLOT_BUDGET = 1 << 20 };   // slots read at most (hostile tables overlap)

static void slot_put(Arena *a, SlotMap *m, uint32_t slot, uint32_t entry, uint32_t dll) {
  if (2 * (m->len + 1) > m->cap) {
    SlotMap t = {0};
    t.cap = m->cap ? 2 * m->cap : 256;
    t.key = arena_alloc(a, sizeof(uint32_t) * t.cap);
    t.entry = arena_alloc(a, sizeof(uint32_t) * t.cap);
    t.dll = arena_alloc(a, sizeof(uint32_t) * t.cap);
    for (uint32_t i = 0; i < m->cap; i++)
      if (m->key[i])
        slot_put(a, &t, m->key[i], m->entry[i], m->dll[i]);
    *m = t;
  }
  uint32_t h = slot * 2654435761u & (m->cap - 1);
  for (; m->key[h]; h = (h + 1) & (m->cap - 1))
    if (m->key[h] == slot)
      return;   // the first descriptor that holds a slot names it
  m->key[h] = slot;
  m->entry[h] = entry;
  m->dll[h] = dll;
  m->len++;
}

// Every slot of every import descriptor, up to its table's terminating
// zero (PE/COFF "Import Directory Table", "Import Lookup Table").
static void read_slots(X86Image *img) {
  const PeView *v = img->v;
  if (v->ndirectories <= PE_IMPORT_DIRECTORY || !v->directories[PE_IMPORT_DIRECTORY].rva)
    return;
  uint32_t desc = v->directories[PE_IMPORT_DIRECTORY].rva, budget = SLOT_BUDGET;
  for (uint32_t k = 0; k < 4096 && budget; k++, desc += 20) {
    uint32_t lookup, name, first;
    if (!read_u32(v, desc, &lookup) || !read_u32(v, desc + 12, &name) || !read_u32(v, desc + 16, &first))
      return;
    if (!lookup && !name && !first)
      return;
    uint32_t table = lookup ? lookup : first, entry;
    for (uint32_t i = 0; i <= 65536 && budget && read_u32(v, table + 4 * i, &entry) && entry; i++, budget--)
      if (first + 4 * i)
        slot_put(img->a, &img->slots, first + 4 * i, entry, name);
  }
}

// The import behind the import address table slot at rva: "DLL!Name" or
// "DLL!#ord"; NULL when rva is no slot of the import table.
static const char *import_slot(X86Image *img, uint32_t slot) {
  const SlotMap *m = &img->slots;
  if (!m->cap || !slot)
    return NULL;
  uint32_t h = slot * 2654435761u & (m->cap - 1);
  for (; m->key[h] && m->key[h] != slot; h = (h + 1) & (m->cap - 1))
    ;
  if (!m->key[h])
    return NULL;
  const char *dll = read_string(img->a, img->v, m->dll[h]);
  if (!dll)
    dll = "?";
  if (m->entry[h] & 0x80000000u)
    return arena_printf(img->a, "%s!#%u", dll, m->entry[h] & 0xffff);
  const char *fn = read_string(img->a, img->v, m->entry[h] + 2);   // after the hint
  return fn ? arena_printf(img->a, "%s!%s", dll, fn) : NULL;
}

// The rva of an absolute address in the image; false when it is below it.
static bool address_rva(const PeView *v, uint32_t address, uint32_t *rva) {
  if (address < (uint32_t)v->image_base)
    return false;
  *rva = address - (uint32_t)v->image_base;
  return true;
}

// Imports that never return: a call to them ends a path (the compiler puts
// nothing after it, often just the next function).
static bool noreturn_import(const char *import) {
  static const char *const names[] = {
    "abort", "exit", "_exit", "_Exit", "quick_exit", "ExitProcess", "ExitThread", "FatalExit",
    "FatalAppExitA", "FatalAppExitW", "longjmp", "_longjmp", "__longjmp_chk", "_endthread", "_endthreadex",
    "RtlExitUserThread", "RtlExitUserProcess", "__fastfail", "_invalid_parameter_noinfo_noreturn",
    "__report_gsfailure", "_cexit_noreturn", "__cxa_throw", "_CxxThrowException", "_assert_noreturn",
  };
  const char *bang = import ? strchr(import, '!') : NULL;
  if (!bang)
    return false;
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (!strcmp(bang + 1, names[i]))
      return true;
  return false;
}

//
// The instruction length decoder
//

typedef enum {
  INSN_PLAIN,        // falls through
  INSN_RET,          // ret / ret imm16 (imm)
  INSN_JMP,          // jmp rel8/rel32 (target)
  INSN_JCC,          // jcc, loop, jecxz (target, and falls through)
  INSN_CALL,         // call rel32 (target)
  INSN_CALL_MEM,     // call [abs32] (address)
  INSN_CALL_IND,     // call through a register or another operand
  INSN_JMP_MEM,      // jmp [abs32] (address)
  INSN_JMP_IND,      // jmp through a register or another operand
  INSN_TRAP,         // int3, ud2, hlt, int 0x29: the path ends, no return
  INSN_FAR,          // far jump, call or return, iret: we do not follow them
} InsnKind;

typedef struct {
  uint32_t len;
  InsnKind kind;
  uint32_t target;   // an rva for JMP/JCC/CALL (wrapped arithmetic)
  uint32_t address;  // the disp32 of call/jmp [abs32]
  uint32_t imm;      // ret's imm16
  uint16_t op;       // the opcode: 0x0F00 | second byte for the 0F map
  uint8_t modrm_at;  // where its ModRM byte is; 0: none
  bool opsize16;     // a 0x66 prefix
} Insn;

// Operand encodings of the opcode maps.
enum {
  M = 1,        // a ModRM byte
  B = 2,        // imm8
  Z = 4,        // imm16/imm32 by operand size
  W = 8,        // imm16
  X = 0x80,     // invalid in 32-bit code, or not handled
};

static const uint8_t one_byte[256] = {
  // 00-0F: add, or; 0F is the escape
  M, M, M, M, B, Z, 0, 0, M, M, M, M, B, Z, 0, 0,
  // 10-1F: adc, sbb
  M, M, M, M, B, Z, 0, 0, M, M, M, M, B, Z, 0, 0,
  // 20-2F: and, sub (26, 2E prefixes)
  M, M, M, M, B, Z, 0, 0, M, M, M, M, B, Z, 0, 0,
  // 30-3F: xor, cmp (36, 3E prefixes)
  M, M, M, M, B, Z, 0, 0, M, M, M, M, B, Z, 0, 0,
  // 40-5F: inc, dec, push, pop
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  // 60-6F: pusha, popa, bound, arpl, (prefixes), push, imul, ins, outs
  0, 0, M, M, 0, 0, 0, 0, Z, M | Z, B, M | B, 0, 0, 0, 0,
  // 70-7F: jcc rel8
  B, B, B, B, B, B, B, B, B, B, B, B, B, B, B, B,
  // 80-8F: group 1, test, xchg, mov, lea, pop r/m
  M | B, M | Z, M | B, M | B, M, M, M, M, M, M, M, M, M, M, M, M,
  // 90-9F: xchg, cwde, cdq, callf (special), wait, pushf, popf, sahf, lahf
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, X, 0, 0, 0, 0, 0,
  // A0-AF: mov moffs (special), movs, cmps, test, stos, lods, scas
  X, X, X, X, 0, 0, 0, 0, B, Z, 0, 0, 0, 0, 0, 0,
  // B0-BF: mov imm
  B, B, B, B, B, B, B, B, Z, Z, Z, Z, Z, Z, Z, Z,
  // C0-CF: shifts, ret, les, lds, mov, enter, leave, retf, int3, int, into, iret
  M | B, M | B, W, 0, M, M, M | B, M | Z, X, 0, W, 0, 0, B, 0, 0,
  // D0-DF: shifts, aam, aad, salc, xlat, x87
  M, M, M, M, B, B, 0, 0, M, M, M, M, M, M, M, M,
  // E0-EF: loop, jecxz, in, out, call, jmp, jmpf (special), jmp rel8, in, out
  B, B, B, B, B, B, B, B, Z, Z, X, B, 0, 0, 0, 0,
  // F0-FF: (prefixes), int1, hlt, cmc, group 3 (special imm), clc.., group 4, 5
  0, 0, 0, 0, 0, 0, M, M, 0, 0, 0, 0, 0, 0, M, M,
};

// The 0F map: ModRM everywhere except where listed below.
static uint8_t two_byte(uint8_t op) {
  switch (op) {
  case 0x04: case 0x0a: case 0x0c: case 0x24: case 0x25: case 0x26: case 0x27:
  case 0x36: case 0x39: case 0x3b: case 0x3c: case 0x3d: case 0x3e: case 0x3f:
    return X;
  case 0x05: case 0x06: case 0x07: case 0x08: case 0x09: case 0x0b: case 0x0e:
  case 0x30: case 0x31: case 0x32: case 0x33: case 0x34: case 0x35: case 0x37:
  case 0x77: case 0xa0: case 0xa1: case 0xa2: case 0xa8: case 0xa9: case 0xaa:
    return 0;
  case 0x0f: case 0x70: case 0x71: case 0x72: case 0x73: case 0xa4: case 0xac: case 0xba:
  case 0xc2: case 0xc4: case 0xc5: case 0xc6:
    return M | B;
  }
  if (op >= 0x80 && op <= 0x8f)   // jcc rel32
    return Z;
  if (op >= 0xc8 && op <= 0xcf)   // bswap
    return 0;
  return M;
}

static uint32_t get32(const uint8_t *p) {
  return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

// The length of the ModRM operand (ModRM, SIB, displacement) at p; 0 when
// it does not fit in n bytes.
static uint32_t modrm_length(const uint8_t *p, uint32_t n, bool addr16) {
  if (n < 1)
    return 0;
  uint8_t mod = p[0] >> 6, rm = p[0] & 7;
  uint32_t len = 1;
  if (mod == 3)
    return 1;
  if (addr16) {
    if (mod == 1)
      len += 1;
    else if (mod == 2 || (mod == 0 && rm == 6))
      len += 2;
  } else {
    if (rm == 4) {
      if (n < 2)
        return 0;
      len++;
      if (mod == 0 && (p[1] & 7) == 5)
        len += 4;
    }
    if (mod == 1)
      len += 1;
    else if (mod == 2 || (mod == 0 && rm == 5))
      len += 4;
  }
  return len <= n ? len : 0;
}

// Decodes the instruction at p (n bytes readable) at rva; false when the
// bytes are no instruction we know, or run past n.
static bool decode(const uint8_t *p, uint32_t n, uint32_t rva, Insn *out) {
  uint32_t i = 0;
  bool opsize16 = false, addr16 = false;
  if (n > MAX_INSN)
    n = MAX_INSN;
  memset(out, 0, sizeof *out);
  for (;; i++) {
    if (i >= n)
      return false;
    uint8_t b = p[i];
    if (b == 0x66)
      opsize16 = true;
    else if (b == 0x67)
      addr16 = true;
    else if (!(b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x64 || b == 0x65 || b == 0xf0 ||
               b == 0xf2 || b == 0xf3))
      break;
  }
  uint8_t op = p[i++], flags, op2 = 0;
  bool two = op == 0x0f;
  uint32_t zsize = opsize16 ? 2 : 4;
  if (two) {
    if (i >= n)
      return false;
    op2 = p[i++];
    flags = two_byte(op2);
    if (op2 == 0x38 || op2 == 0x3a) {   // three-byte maps: an opcode byte, ModRM (and imm8)
      if (i >= n)
        return false;
      i++;
      flags = op2 == 0x3a ? M | B : M;
    }
    if (op2 >= 0x80 && op2 <= 0x8f)   // jcc rel32 (rel16 with 0x66: not in 32-bit code we follow)
      zsize = 4;
  } else {
    flags = one_byte[op];
    switch (op) {
    case 0xa0: case 0xa1: case 0xa2: case 0xa3:   // mov moffs
      flags = 0;
      i += addr16 ? 2 : 4;
      break;
    case 0x9a: case 0xea:   // callf, jmpf ptr16:32
      i += zsize + 2;
      out->kind = INSN_FAR;
      flags = 0;
      break;
    case 0xc8:   // enter imm16, imm8
      i += 3;
      flags = 0;
      break;
    }
  }
  if (flags & X)
    return false;
  uint32_t modrm_at = i, reg = 0;
  if (flags & M) {
    uint32_t m = modrm_length(p + i, n > i ? n - i : 0, addr16);
    if (!m)
      return false;
    reg = p[i] >> 3 & 7;
    i += m;
    // VEX (c4/c5 with a register operand) is not handled.
    if (!two && (op == 0xc4 || op == 0xc5) && p[modrm_at] >> 6 == 3)
      return false;
  }
  if (!two && (op == 0xf6 || op == 0xf7) && reg <= 1)   // test r/m, imm
    flags |= op == 0xf6 ? B : Z;
  uint32_t imm_at = i;
  if (flags & B)
    i += 1;
  if (flags & Z)
    i += zsize;
  if (flags & W)
    i += 2;
  if (i > n)
    return false;
  out->len = i;
  out->op = two ? 0x0f00 | op2 : op;
  out->modrm_at = flags & M ? (uint8_t)modrm_at : 0;
  out->opsize16 = opsize16;

  uint32_t next = rva + i;
  if (two) {
    if (op2 >= 0x80 && op2 <= 0x8f) {
      out->kind = INSN_JCC;
      out->target = next + get32(p + imm_at);
    } else if (op2 == 0x0b || op2 == 0xb9 || op2 == 0xff) {
      out->kind = INSN_TRAP;
    }
    return true;
  }
  switch (op) {
  case 0x70: case 0x71: case 0x72: case 0x73: case 0x74: case 0x75: case 0x76: case 0x77:
  case 0x78: case 0x79: case 0x7a: case 0x7b: case 0x7c: case 0x7d: case 0x7e: case 0x7f:
  case 0xe0: case 0xe1: case 0xe2: case 0xe3:
    out->kind = INSN_JCC;
    out->target = next + (uint32_t)(int32_t)(int8_t)p[imm_at];
    break;
  case 0xeb:
    out->kind = INSN_JMP;
    out->target = next + (uint32_t)(int32_t)(int8_t)p[imm_at];
    break;
  case 0xe9:
  case 0xe8:
    if (opsize16)
      return false;   // rel16 truncates EIP: not in code we care for
    out->kind = op == 0xe9 ? INSN_JMP : INSN_CALL;
    out->target = next + get32(p + imm_at);
    break;
  case 0xc3:
    out->kind = INSN_RET;
    break;
  case 0xc2:
    out->kind = INSN_RET;
    out->imm = p[imm_at] | p[imm_at + 1] << 8;
    break;
  case 0xca: case 0xcb: case 0xcf:
    out->kind = INSN_FAR;
    break;
  case 0xcc: case 0xf4:
    out->kind = INSN_TRAP;
    break;
  case 0xcd:   // int 0x29: __fastfail; int 0x2c: assertion failure
    if (p[imm_at] == 0x29 || p[imm_at] == 0x2c)
      out->kind = INSN_TRAP;
    break;
  case 0xff:
    if (reg == 2 || reg == 4) {
      bool abs32 = !addr16 && p[modrm_at] == (reg << 3 | 5);   // [disp32]
      if (abs32)
        out->address = get32(p + modrm_at + 1);
      out->kind = reg == 2 ? (abs32 ? INSN_CALL_MEM : INSN_CALL_IND) : (abs32 ? INSN_JMP_MEM : INSN_JMP_IND);
    } else if (reg == 3 || reg == 5) {
      out->kind = INSN_FAR;
    } else if (reg == 7) {
      return false;
    }
    break;
  }
  return true;
}

//
// The walk
//

// Does EAX hold the first argument after the instruction (given whether
// it did before)? mov eax, [ebp+8] and mov eax, [esp+4] load it; stores,
// loads into other registers, leave and pops keep it; anything else is
// taken to change it.
static bool keeps_eax(const uint8_t *p, const Insn *in, bool before) {
  const uint8_t *m = in->modrm_at ? p + in->modrm_at : NULL;
  if (in->opsize16 || in->kind != INSN_PLAIN)
    return false;
  if (in->op == 0x8b && m && (m[0] == 0x45 && m[1] == 8))
    return true;
  if (in->op == 0x8b && m && m[0] == 0x44 && m[1] == 0x24 && m[2] == 4)
    return true;
  if (!before)
    return false;
  if (m && (in->op == 0x89 || in->op == 0xc7 || in->op == 0x88 || in->op == 0xc6))
    return m[0] >> 6 != 3 || (m[0] & 7) != 0;   // a store, or a move into another register
  if (m && (in->op == 0x8b || in->op == 0x8d || in->op == 0x8a))
    return (m[0] >> 3 & 7) != 0;
  if (in->op == 0x83 && m && m[0] == 0xc4)   // add esp, imm8
    return true;
  return in->op == 0xc9 || (in->op >= 0x59 && in->op <= 0x5f) || in->op == 0x90;
}

// A set of rvas (open addressing; 0 marks a free place, so rva 0 is kept
// as 0xffffffff, which no walk reaches).
typedef struct RvaSet {
  uint32_t *v;
  uint32_t len, cap;   // cap: a power of two
} RvaSet;

static uint32_t set_key(uint32_t rva) {
  return rva ? rva : 0xffffffffu;
}

static bool set_has(const RvaSet *s, uint32_t rva) {
  if (!s->cap)
    return false;
  uint32_t k = set_key(rva);
  for (uint32_t h = k * 2654435761u & (s->cap - 1);; h = (h + 1) & (s->cap - 1)) {
    if (!s->v[h])
      return false;
    if (s->v[h] == k)
      return true;
  }
}

// Adds rva; false when it was there already.
static bool set_add(Arena *a, RvaSet *s, uint32_t rva) {
  if (set_has(s, rva))
    return false;
  if (2 * (s->len + 1) > s->cap) {
    RvaSet t = {arena_alloc(a, sizeof(uint32_t) * (s->cap ? 2 * s->cap : 256)), 0, s->cap ? 2 * s->cap : 256};
    for (uint32_t i = 0; i < s->cap; i++)
      if (s->v[i])
        set_add(a, &t, s->v[i] == 0xffffffffu ? 0 : s->v[i]);
    *s = t;
  }
  uint32_t k = set_key(rva);
  uint32_t h = k * 2654435761u & (s->cap - 1);
  while (s->v[h])
    h = (h + 1) & (s->cap - 1);
  s->v[h] = k;
  s->len++;
  return true;
}

typedef struct {
  X86Image *img;
  Arena *a;
  const PeView *v;
  RvaSet *starts;        // known function starts: exports, call targets
  RvaSet *noreturn;      // callees found never to return
  RvaSet *returning;     // callees found to return (or not known not to)
  int depth;             // 0 for the function asked for, 1 for a callee
  int *left;             // instructions left for the function and its callees
  // Results:
  int nret, bytes;
  int other;             // a second N when two returns disagree; -1 when none
  const char *why;       // what stopped a path (the first thing)
} Walk;

static void stop(Walk *w, const char *why) {
  if (!w->why)
    w->why = why;
}

// The starts of the exported functions, for the walk to stop where a path
// runs into the next function (after a call that does not return).
static void add_export_starts(Arena *a, const PeView *v, RvaSet *starts) {
  uint32_t dir = v->ndirectories > PE_EXPORT_DIRECTORY ? v->directories[PE_EXPORT_DIRECTORY].rva : 0;
  uint32_t count, table;
  if (!dir || !read_u32(v, dir + 20, &count) || !read_u32(v, dir + 28, &table))
    return;   // NumberOfFunctions, AddressOfFunctions
  if (count > 65536)
    count = 65536;
  for (uint32_t i = 0; i < count; i++) {
    uint32_t rva;
    if (!read_u32(v, table + 4 * i, &rva))
      break;
    uint32_t n;
    if (rva && image_at(v, rva, true, &n))
      set_add(a, starts, rva);
  }
}

// The import a code address jumps to when it is a `jmp [__imp_X]` thunk
// (after jmp rel thunks); NULL otherwise.
static const char *thunk_import(X86Image *img, uint32_t rva) {
  const PeView *v = img->v;
  for (int hop = 0; hop < THUNK_HOPS; hop++) {
    uint32_t n, slot;
    const uint8_t *p = image_at(v, rva, true, &n);
    Insn in;
    if (!p || !decode(p, n, rva, &in))
      return NULL;
    if (in.kind == INSN_JMP)
      rva = in.target;
    else if (in.kind == INSN_JMP_MEM && address_rva(v, in.address, &slot))
      return import_slot(img, slot);
    else
      return NULL;
  }
  return NULL;
}

static void walk(Walk *w, uint32_t entry, int limit);

// Does a call to target come back? Imports by their name; code of the
// image by a walk of it (one level deep: its own callees are assumed to
// return unless they are imports that do not).
static bool callee_returns(Walk *w, uint32_t target) {
  if (set_has(w->noreturn, target))
    return false;
  if (set_has(w->returning, target))
    return true;
  bool returns = true;
  const char *import = thunk_import(w->img, target);
  if (import) {
    returns = !noreturn_import(import);
  } else if (w->depth == 0) {
    Walk sub = {w->img, w->a, w->v, w->starts, w->noreturn, w->returning, 1, w->left, 0, -1, -1, NULL};
    walk(&sub, target, CALLEE_LIMIT);
    returns = sub.nret > 0 || sub.why;   // unsure: assume it returns
  } else {
    return true;   // not cached: a deeper walk may know better
  }
  set_add(w->a, returns ? w->returning : w->noreturn, target);
  return returns;
}

static void found_return(Walk *w, int n) {
  if (!w->nret++)
    w->bytes = n;
  else if (n != w->bytes && w->other < 0)
    w->other = n;
}

// Walks every path from entry, at most limit instructions.
static void walk(Walk *w, uint32_t entry, int limit) {
  RvaSet seen = {0};
  uint32_t *work = NULL, nwork = 0, cap = 0;
  work = arena_reserve(w->a, work, nwork, &cap, 1, sizeof *work);
  work[nwork++] = entry;
  while (nwork) {
    uint32_t pc = work[--nwork];
    bool eax_arg0 = false;   // EAX holds the first argument, in this straight line
    for (;;) {
      if (!set_add(w->a, &seen, pc))
        break;
      if (limit-- <= 0 || (*w->left)-- <= 0) {
        stop(w, "too many instructions to walk");
        return;
      }
      uint32_t n, slot;
      const uint8_t *p = image_at(w->v, pc, true, &n);
      Insn in;
      if (!p) {
        stop(w, "a jump out of the code");
        break;
      }
      if (!decode(p, n, pc, &in)) {
        stop(w, arena_printf(w->a, "undecodable bytes at rva 0x%x", pc));
        break;
      }
      uint32_t next = pc + in.len;
      if (in.kind == INSN_RET) {
        // A function returning a struct in memory returns the hidden
        // pointer (its first argument) in EAX and pops it: ret N counts 4
        // bytes the decoration does not.
        if (in.imm && eax_arg0)
          stop(w, "returns its first argument: a struct-return pointer, which ret counts?");
        found_return(w, (int)in.imm);
        break;
      }
      eax_arg0 = keeps_eax(p, &in, eax_arg0);
      if (in.kind == INSN_TRAP)
        break;
      if (in.kind == INSN_FAR) {
        stop(w, "a far jump, call or return");
        break;
      }
      if (in.kind == INSN_JMP_IND) {
        stop(w, "an indirect jump (a switch table?)");
        break;
      }
      if (in.kind == INSN_JMP_MEM) {
        const char *import = address_rva(w->v, in.address, &slot) ? import_slot(w->img, slot) : NULL;
        if (!import)
          stop(w, "an indirect jump (a switch table?)");
        else if (!noreturn_import(import))
          stop(w, arena_printf(w->a, "a tail call to %s", import));
        break;
      }
      if (in.kind == INSN_JMP || in.kind == INSN_JCC) {
        uint32_t k;
        if (!image_at(w->v, in.target, true, &k)) {
          stop(w, "a jump out of the code");
        } else {
          work = arena_reserve(w->a, work, nwork, &cap, nwork + 1, sizeof *work);
          work[nwork++] = in.target;
        }
        if (in.kind == INSN_JMP)
          break;
      }
      if (in.kind == INSN_CALL || in.kind == INSN_CALL_MEM) {
        bool returns = true;
        if (in.kind == INSN_CALL) {
          uint32_t k;
          // `call next; pop reg` reads EIP; other calls start functions.
          if (in.target != next && image_at(w->v, in.target, true, &k)) {
            set_add(w->a, w->starts, in.target);
            returns = callee_returns(w, in.target);
          }
        } else if (address_rva(w->v, in.address, &slot)) {
          returns = !noreturn_import(import_slot(w->img, slot));
        }
        // A call that does not come back, or one followed by the start of
        // another function (a callee we did not see never returns).
        if (!returns || set_has(w->starts, next))
          break;
      }
      pc = next;
    }
  }
}

// The registers (bit 1: ECX, bit 2: EDX; EAX..EDI are 0..7) an
// instruction reads and those it writes whole.
static void registers(const uint8_t *p, const Insn *in, unsigned *reads, unsigned *writes) {
  *reads = *writes = 0;
  unsigned op = in->op;
  if (op >= 0x40 && op <= 0x57)   // inc, dec, push
    *reads |= 1u << (op & 7);
  else if (op >= 0x58 && op <= 0x5f)   // pop
    *writes |= 1u << (op & 7);
  else if (op >= 0x91 && op <= 0x97)   // xchg eax, r
    *reads |= 1u << (op & 7);
  else if (op >= 0xb8 && op <= 0xbf && !in->opsize16)   // mov r, imm32
    *writes |= 1u << (op & 7);
  else if (op == 0x99)   // cdq
    *writes |= 1u << 2;
  else if (op == 0xd2 || op == 0xd3 || op == 0x0fa5 || op == 0x0fad)   // shifts by cl
    *reads |= 1u << 1;
  else if (op == 0x0f31)   // rdtsc
    *writes |= 1u << 2;
  else if (op == 0x0fa2)   // cpuid
    *reads |= 1u << 1;
  if (!in->modrm_at)
    return;
  uint8_t modrm = p[in->modrm_at], mod = modrm >> 6, reg = modrm >> 3 & 7, rm = modrm & 7;
  // Opcodes whose reg field extends the opcode.
  bool group = (op >= 0x80 && op <= 0x83) || op == 0x8f || op == 0xc0 || op == 0xc1 || op == 0xc6 ||
               op == 0xc7 || (op >= 0xd0 && op <= 0xdf) || op == 0xf6 || op == 0xf7 || op == 0xfe ||
               op == 0xff || op == 0x0f00 || op == 0x0f01 || (op >= 0x0f18 && op <= 0x0f1f) ||
               (op >= 0x0f71 && op <= 0x0f73) || op == 0x0fba || op == 0x0fc7 || op == 0x0fae;
  bool sse = op >= 0x0f10 && op != 0x0fa2 && !(op >= 0x0f40 && op <= 0x0f4f) &&
             !(op >= 0x0f80 && op <= 0x0fbf);   // xmm/mm registers in reg (mostly)
  unsigned regbit = group || sse ? 0 : 1u << reg, rmbit = 0;
  if (mod == 3) {
    rmbit = op >= 0xd8 && op <= 0xdf ? 0 : 1u << rm;   // x87: st(i)
  } else {
    // The address's registers are read.
    if (rm == 4) {
      uint8_t sib = p[in->modrm_at + 1];
      if (!(mod == 0 && (sib & 7) == 5))
        *reads |= 1u << (sib & 7);
      if ((sib >> 3 & 7) != 4)
        *reads |= 1u << (sib >> 3 & 7);
    } else if (!(mod == 0 && rm == 5)) {
      *reads |= 1u << rm;
    }
  }
  if (group && (op == 0xf7) && (reg == 4 || reg == 5))   // mul, imul: EDX:EAX
    *writes |= 1u << 2;
  if (group && (op == 0xf7) && (reg == 6 || reg == 7))   // div, idiv
    *reads |= 1u << 2;
  bool whole = !in->opsize16;
  if ((op == 0x8b || op == 0x8d || op == 0x0fb6 || op == 0x0fb7 || op == 0x0fbe || op == 0x0fbf) && whole) {
    *writes |= regbit;   // mov r, r/m; lea; movzx; movsx
    *reads |= rmbit;
  } else if ((op == 0x89 || op == 0xc7 || op == 0x8f) && whole) {
    *writes |= rmbit;   // mov r/m, r; mov r/m, imm; pop r/m
    *reads |= op == 0x89 ? regbit : 0;
  } else if ((op == 0x31 || op == 0x33 || op == 0x29 || op == 0x2b) && mod == 3 && reg == rm && whole) {
    *writes |= rmbit;   // xor r, r; sub r, r
  } else if (!sse || mod == 3) {
    *reads |= regbit | (sse ? 0 : rmbit);
  }
}

// Does the code at rva read ECX or EDX before it writes them, in the
// straight line from its entry? Then they hold arguments: fastcall (or
// thiscall), whose stack bytes are not those of the decoration.
static bool reads_register_arguments(const PeView *v, uint32_t rva) {
  unsigned written = 0;
  for (int k = 0; k < 64; k++) {
    uint32_t n, reads, writes;
    const uint8_t *p = image_at(v, rva, true, &n);
    Insn in;
    if (!p || !decode(p, n, rva, &in) || in.kind != INSN_PLAIN)
      return false;
    registers(p, &in, &reads, &writes);
    if (reads & ~written & 6u)
      return true;
    written |= writes;
    if ((written & 6u) == 6u)
      return false;
    rva += in.len;
  }
  return false;
}

X86Image *x86_image(Arena *a, const PeView *v) {
  X86Image *img = arena_alloc(a, sizeof *img);
  img->a = a;
  img->v = v;
  img->starts = arena_alloc(a, sizeof *img->starts);
  if (v->machine == MACH_I386) {
    add_export_starts(a, v, img->starts);
    read_slots(img);
  }
  return img;
}

bool x86_callee_pops(X86Image *img, uint32_t rva, CalleePops *out) {
  Arena *a = img->a;
  const PeView *v = img->v;
  *out = (CalleePops){.bytes = -1, .rva = rva};
  uint32_t n, slot;
  if (v->machine != MACH_I386) {
    out->why = "not an i386 image";
    return false;
  }
  if (!image_at(v, rva, true, &n)) {
    out->why = "not in an executable section";
    return false;
  }
  // Thunks: jmp rel to the code, jmp [__imp_X] to an import.
  for (int hop = 0; hop < THUNK_HOPS; hop++) {
    const uint8_t *p = image_at(v, out->rva, true, &n);
    Insn in;
    if (!p || !decode(p, n, out->rva, &in))
      break;
    if (in.kind == INSN_JMP && image_at(v, in.target, true, &n) && in.target != out->rva) {
      out->rva = in.target;
      continue;
    }
    if (in.kind == INSN_JMP_MEM && address_rva(v, in.address, &slot)) {
      out->import = import_slot(img, slot);
      if (out->import) {
        out->why = arena_printf(a, "a jump to the import %s", out->import);
        return true;
      }
    }
    break;
  }

  // The starts found are kept for the image's other functions: a call
  // target is the start of a function whoever calls it.
  RvaSet noreturn = {0}, returning = {0};
  set_add(a, img->starts, rva);
  set_add(a, img->starts, out->rva);
  int left = TOTAL_LIMIT;
  Walk w = {img, a, v, img->starts, &noreturn, &returning, 0, &left, 0, -1, -1, NULL};
  walk(&w, out->rva, WALK_LIMIT);
  if (!w.nret) {
    out->why = w.why ? w.why : "no return found";
    return true;
  }
  if (w.other >= 0) {
    out->why = arena_printf(a, "returns disagree (ret %d and ret %d)", w.bytes, w.other);
    return true;
  }
  out->bytes = w.bytes;
  out->sure = !w.why;
  out->why = w.why;
  if (out->sure && reads_register_arguments(v, out->rva)) {
    out->sure = false;
    out->why = "reads ECX or EDX before writing them: fastcall?";
  }
  return true;
}

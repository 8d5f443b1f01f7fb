// test_x86code.c - x86_callee_pops on hand-assembled i386 code in an image
// made here (a .text and an .idata section, no file around them): thunks,
// ret and ret N, branches, loops, switch tables, calls that do not return,
// truncated code and jumps out of the code.
#include "check.h"
#include "core.h"

#include <stdlib.h>

enum {
  BASE = 0x400000,
  TEXT_RVA = 0x1000,
  TEXT_SIZE = 0x20000,
  IDATA_RVA = 0x30000,
  IDATA_SIZE = 0x200,
  SLOT_SLEEP = IDATA_RVA + 0x60,     // the import address table slots
  SLOT_EXIT = IDATA_RVA + 0x64,
};

static uint8_t image[TEXT_SIZE + IDATA_SIZE];
static PeSection sections[2];
static PeView view;

static void put32(uint8_t *p, uint32_t v) {
  for (int i = 0; i < 4; i++)
    p[i] = (uint8_t)(v >> 8 * i);
}

static uint8_t *at(uint32_t rva) {
  return rva >= IDATA_RVA ? image + TEXT_SIZE + (rva - IDATA_RVA) : image + (rva - TEXT_RVA);
}

// Bytes at rva; returns the rva after them.
static uint32_t put(uint32_t rva, const uint8_t *bytes, size_t n) {
  memcpy(at(rva), bytes, n);
  return rva + (uint32_t)n;
}

#define PUT(rva, ...) put(rva, (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__}))

// A rel32 at rva (the 4 bytes after an opcode ending at rva) to target.
static void rel32(uint32_t rva, uint32_t target) {
  put32(at(rva), target - (rva + 4));
}

static void setup(void) {
  memset(image, 0xcc, TEXT_SIZE);   // int3: a path that runs off ends there
  sections[0] = (PeSection){str(".text"), TEXT_RVA, TEXT_SIZE, 0, TEXT_SIZE,
                            IMAGE_SCN_CNT_CODE | IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_MEM_READ};
  sections[1] = (PeSection){str(".idata"), IDATA_RVA, IDATA_SIZE, TEXT_SIZE, IDATA_SIZE,
                            IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ};
  view = (PeView){.data = image, .len = sizeof image, .machine = MACH_I386, .is_dll = true,
                  .image_base = BASE, .nsections = 2, .sections = sections, .ndirectories = 16};
  view.directories[PE_IMPORT_DIRECTORY] = (PeDirectory){IDATA_RVA, 40};
  // One descriptor: KERNEL32.dll, Sleep and ExitProcess.
  uint8_t *d = at(IDATA_RVA);
  put32(d + 0, IDATA_RVA + 0x40);    // OriginalFirstThunk
  put32(d + 12, IDATA_RVA + 0x80);   // Name
  put32(d + 16, IDATA_RVA + 0x60);   // FirstThunk
  put32(at(IDATA_RVA + 0x40), IDATA_RVA + 0xa0);   // the lookup table
  put32(at(IDATA_RVA + 0x44), IDATA_RVA + 0xb0);
  put32(at(IDATA_RVA + 0x60), IDATA_RVA + 0xa0);   // the import address table
  put32(at(IDATA_RVA + 0x64), IDATA_RVA + 0xb0);
  strcpy((char *)at(IDATA_RVA + 0x80), "KERNEL32.dll");
  strcpy((char *)at(IDATA_RVA + 0xa2), "Sleep");
  strcpy((char *)at(IDATA_RVA + 0xb2), "ExitProcess");
}

static Arena arena;

static CalleePops pops(uint32_t rva) {
  CalleePops out;
  bool ok = x86_callee_pops(x86_image(&arena, &view), rva, &out);
  if (!ok)
    printf("  0x%x: not code: %s\n", rva, out.why);
  printf("0x%x => bytes %d, %s%s%s%s%s\n", rva, out.bytes, out.sure ? "sure" : "unsure",
         out.why ? ": " : "", out.why ? out.why : "", out.import ? ", import " : "", out.import ? out.import : "");
  return out;
}

#define SURE(rva, n)                                                          \
  do {                                                                        \
    CalleePops r_ = pops(rva);                                                \
    CHECK(r_.sure && r_.bytes == (n));                                        \
  } while (0)

#define UNSURE(rva, n, why_part)                                              \
  do {                                                                        \
    CalleePops r_ = pops(rva);                                                \
    CHECK(!r_.sure && r_.bytes == (n));                                       \
    CHECK(r_.why && strstr(r_.why, why_part));                                \
  } while (0)

static void test_returns(void) {
  PUT(0x1000, 0xc3);                   // ret
  SURE(0x1000, 0);
  PUT(0x1010, 0xc2, 0x08, 0x00);       // ret 8
  SURE(0x1010, 8);
  // Prologue, operands of many forms, epilogue.
  PUT(0x1020, 0x55,                                  // push ebp
      0x31, 0xc9,                                    // xor ecx, ecx
      0x89, 0xe5,                                    // mov ebp, esp
      0x83, 0xec, 0x18,                              // sub esp, 24
      0x8b, 0x44, 0x24, 0x04,                        // mov eax, [esp+4]
      0x8b, 0x84, 0x24, 0x00, 0x01, 0x00, 0x00,      // mov eax, [esp+256]
      0x8b, 0x04, 0x85, 0x00, 0x10, 0x40, 0x00,      // mov eax, [eax*4+0x401000]
      0x8b, 0x05, 0x00, 0x10, 0x40, 0x00,            // mov eax, [0x401000]
      0x66, 0xc7, 0x05, 0x00, 0x10, 0x40, 0x00, 0x34, 0x12,   // mov word [0x401000], 0x1234
      0xf7, 0x44, 0x24, 0x04, 1, 2, 3, 4,            // test dword [esp+4], imm32
      0xf6, 0xc1, 0x01,                              // test cl, 1
      0xf7, 0xd8,                                    // neg eax
      0x0f, 0xb6, 0xc0,                              // movzx eax, al
      0x8d, 0x74, 0x26, 0x00,                        // lea esi, [esi+0]
      0x0f, 0x1f, 0x44, 0x00, 0x00,                  // nop dword [eax+eax]
      0xc7, 0x44, 0x24, 0x04, 1, 0, 0, 0,            // mov dword [esp+4], 1
      0xdd, 0x44, 0x24, 0x04,                        // fld qword [esp+4]
      0x69, 0xc0, 0x10, 0x27, 0x00, 0x00,            // imul eax, eax, 10000
      0x6b, 0xc0, 0x0a,                              // imul eax, eax, 10
      0xa1, 0x00, 0x10, 0x40, 0x00,                  // mov eax, [moffs]
      0xf3, 0x0f, 0x10, 0x44, 0x24, 0x04,            // movss xmm0, [esp+4]
      0x66, 0x0f, 0x3a, 0x0f, 0xc1, 0x08,            // palignr xmm0, xmm1, 8
      0xc8, 0x10, 0x00, 0x00,                        // enter 16, 0
      0xc9,                                          // leave
      0xc2, 0x10, 0x00);                             // ret 16
  SURE(0x1020, 16);
}

// ECX and EDX read before they are written: fastcall arguments.
static void test_registers(void) {
  PUT(0x1100, 0x8d, 0x04, 0x11, 0xc3);                    // lea eax, [ecx+edx]; ret
  UNSURE(0x1100, 0, "fastcall");
  PUT(0x1110, 0x89, 0xc8, 0xc2, 0x04, 0x00);              // mov eax, ecx; ret 4
  UNSURE(0x1110, 4, "fastcall");
  PUT(0x1120, 0x55, 0x89, 0xe5, 0x89, 0x55, 0xf8, 0xc3);  // push ebp; mov ebp, esp; mov [ebp-8], edx
  UNSURE(0x1120, 0, "fastcall");
  PUT(0x1130, 0x8b, 0x54, 0x24, 0x04, 0x8b, 0x0a,         // mov edx, [esp+4]; mov ecx, [edx]
      0x01, 0xc8, 0xc3);                                  // add eax, ecx; ret
  SURE(0x1130, 0);
  PUT(0x1140, 0x99, 0xf7, 0x7c, 0x24, 0x04, 0xc2, 0x08, 0x00);   // cdq; idiv dword [esp+4]; ret 8
  SURE(0x1140, 8);
  PUT(0x1150, 0xf7, 0x7c, 0x24, 0x04, 0xc3);              // idiv dword [esp+4] (reads edx)
  UNSURE(0x1150, 0, "fastcall");
  PUT(0x1160, 0xdd, 0x44, 0x24, 0x04, 0xd9, 0xc9, 0xc3);  // fld qword [esp+4]; fxch; ret
  SURE(0x1160, 0);
}

static void test_thunks(void) {
  PUT(0x1200, 0xe9);                   // jmp rel32 -> 0x1300
  rel32(0x1201, 0x1300);
  PUT(0x1300, 0xeb, 0x0e);             // jmp short -> 0x1310
  PUT(0x1310, 0xc2, 0x04, 0x00);
  CalleePops r = pops(0x1200);
  CHECK(r.sure && r.bytes == 4 && r.rva == 0x1310 && !r.import);
  // jmp [__imp__Sleep@4]
  PUT(0x1400, 0xff, 0x25);
  put32(at(0x1402), BASE + SLOT_SLEEP);
  r = pops(0x1400);
  CHECK(!r.sure && r.bytes == -1);
  CHECK_STR(r.import, "KERNEL32.dll!Sleep");
  // A jmp rel thunk to the import thunk.
  PUT(0x1410, 0xe9);
  rel32(0x1411, 0x1400);
  r = pops(0x1410);
  CHECK_STR(r.import, "KERNEL32.dll!Sleep");
  CHECK(r.rva == 0x1400);
  // A jmp [mem] that is no import slot: unsure.
  PUT(0x1420, 0xff, 0x25);
  put32(at(0x1422), BASE + 0x1000);
  UNSURE(0x1420, -1, "indirect jump");
  // Thunks in a cycle terminate.
  PUT(0x1430, 0xeb, 0x0e);             // -> 0x1440
  PUT(0x1440, 0xeb, 0xee);             // -> 0x1430
  UNSURE(0x1430, -1, "no return");
}

static void test_branches(void) {
  // Both arms return 8.
  PUT(0x2000, 0x85, 0xc0,              // test eax, eax
      0x74, 0x05,                      // je +5 -> 0x2009
      0x31, 0xc0,                      // xor eax, eax
      0xc2, 0x08, 0x00,                // ret 8
      0xb8, 1, 0, 0, 0,                // mov eax, 1
      0xc2, 0x08, 0x00);               // ret 8
  SURE(0x2000, 8);
  // A jcc rel32 with a ret 0 on either side.
  PUT(0x2100, 0x0f, 0x84);
  rel32(0x2102, 0x2180);
  PUT(0x2106, 0xc3);
  PUT(0x2180, 0x40, 0xc3);
  SURE(0x2100, 0);
  // Mismatched returns.
  PUT(0x2200, 0x74, 0x03, 0xc2, 0x04, 0x00, 0xc3);
  UNSURE(0x2200, -1, "disagree");
  // A switch table: jmp [eax*4+table].
  PUT(0x2300, 0x83, 0xf8, 0x03,        // cmp eax, 3
      0x77, 0x07,                      // ja +7 -> 0x230c
      0xff, 0x24, 0x85, 0x00, 0x10, 0x40, 0x00,   // jmp [eax*4+0x401000]
      0xc2, 0x04, 0x00);
  UNSURE(0x2300, 4, "indirect jump");
  // jmp eax
  PUT(0x2320, 0xff, 0xe0);
  UNSURE(0x2320, -1, "indirect jump");
  // loop / jecxz are branches too.
  PUT(0x2340, 0xe3, 0x03, 0xe2, 0xfc, 0xc3, 0xc3);   // jecxz +3; loop -4; ret; ret
  SURE(0x2340, 0);
}

static void test_loops(void) {
  // mov ecx, 10; dec ecx; jnz back; ret 4
  PUT(0x3000, 0xb9, 0x0a, 0, 0, 0, 0x49, 0x75, 0xfd, 0xc2, 0x04, 0x00);
  SURE(0x3000, 4);
  // jmp $: an endless loop, no return.
  PUT(0x3010, 0xeb, 0xfe);
  UNSURE(0x3010, -1, "no return");
  // Two blocks jumping to each other and a ret behind a branch.
  PUT(0x3020, 0x74, 0x02, 0xeb, 0x02, 0xeb, 0xfa, 0x75, 0xfa, 0xc3);
  SURE(0x3020, 0);
  // Too much code: nops up to the walk limit.
  memset(at(0x4000), 0x90, 0x10000);
  PUT(0x14000, 0xc3);
  UNSURE(0x4000, -1, "too many");
}

static void test_calls(void) {
  // A call to a function that returns falls through.
  PUT(0x5000, 0xe8);
  rel32(0x5001, 0x5100);
  PUT(0x5005, 0xc2, 0x0c, 0x00);
  PUT(0x5100, 0xc3);
  SURE(0x5000, 12);
  // call [__imp__ExitProcess@4]: no return; the ret after it is not ours.
  PUT(0x5200, 0x6a, 0x00, 0xff, 0x15);
  put32(at(0x5204), BASE + SLOT_EXIT);
  PUT(0x5208, 0xc2, 0x04, 0x00);
  UNSURE(0x5200, -1, "no return");
  // A call to our own function that never returns (int3 only).
  PUT(0x5300, 0xcc);
  PUT(0x5310, 0xe8);
  rel32(0x5311, 0x5300);
  PUT(0x5315, 0xc3);
  UNSURE(0x5310, -1, "no return");
  // ... and a call through a jmp thunk to ExitProcess.
  PUT(0x5320, 0xff, 0x25);
  put32(at(0x5322), BASE + SLOT_EXIT);
  PUT(0x5330, 0x74, 0x05, 0xe8);       // je +5; call 0x5320; ret 8
  rel32(0x5333, 0x5320);
  PUT(0x5337, 0xc2, 0x08, 0x00);
  SURE(0x5330, 8);
  // A tail call in the body: followed.
  PUT(0x5400, 0x74, 0x05, 0xe9);
  rel32(0x5403, 0x5500);
  PUT(0x5407, 0xc2, 0x08, 0x00);
  PUT(0x5500, 0x31, 0xc0, 0xc2, 0x08, 0x00);
  SURE(0x5400, 8);
  // A tail call to an import: unsure.
  PUT(0x5600, 0x74, 0x06, 0xff, 0x25);
  put32(at(0x5604), BASE + SLOT_SLEEP);
  PUT(0x5608, 0xc2, 0x04, 0x00);
  UNSURE(0x5600, 4, "tail call to KERNEL32.dll!Sleep");
  // call $+5; pop eax reads EIP.
  PUT(0x5700, 0xe8, 0, 0, 0, 0, 0x58, 0xc3);
  SURE(0x5700, 0);
}

static void test_damage(void) {
  // Truncated: an instruction runs past the end of the section.
  uint32_t end = TEXT_RVA + TEXT_SIZE;
  PUT(end - 3, 0x8b, 0x84, 0x24);
  UNSURE(end - 3, -1, "undecodable");
  PUT(end - 2, 0x74, 0x00);            // je to the end: both paths leave the code
  UNSURE(end - 2, -1, "out of the code");
  // A jump out of the image.
  PUT(0x6000, 0x74, 0x05, 0xe9);
  rel32(0x6003, 0x10000000);
  PUT(0x6007, 0xc3);
  UNSURE(0x6000, 0, "out of the code");
  // A jump into the data section.
  PUT(0x6010, 0xe9);
  rel32(0x6011, IDATA_RVA);
  UNSURE(0x6010, -1, "out of the code");
  // Bytes that are no instruction in 32-bit code.
  PUT(0x6020, 0x0f, 0x04);
  UNSURE(0x6020, -1, "undecodable");
  // Not code at all.
  CalleePops r;
  CHECK(!x86_callee_pops(x86_image(&arena, &view), IDATA_RVA, &r) && r.why);
  CHECK(!x86_callee_pops(x86_image(&arena, &view), 0x7fffffff, &r));
  view.machine = MACH_AMD64;
  CHECK(!x86_callee_pops(x86_image(&arena, &view), 0x1000, &r));
  view.machine = MACH_I386;
  // Damaged section table: raw data past the end of the file.
  sections[0].size = 0x7fffffff;
  SURE(0x1000, 0);
  sections[0].offset = 0x7fffffff;
  CHECK(!x86_callee_pops(x86_image(&arena, &view), 0x1000, &r));
  sections[0].offset = 0;
  sections[0].size = TEXT_SIZE;
  // A damaged import table: the slot's name is out of range.
  put32(at(IDATA_RVA + 0x44), 0x7ffffff0);
  PUT(0x6030, 0xff, 0x25);
  put32(at(0x6032), BASE + SLOT_EXIT);
  r = pops(0x6030);
  CHECK(!r.sure && !r.import);
}

// Random bytes: every walk terminates.
static void test_random(void) {
  srand(1);
  for (int round = 0; round < 20; round++) {
    for (uint32_t i = 0; i < TEXT_SIZE; i++)
      image[i] = (uint8_t)rand();
    for (int k = 0; k < 50; k++) {
      CalleePops r;
      uint32_t rva = TEXT_RVA + (uint32_t)rand() % TEXT_SIZE;
      x86_callee_pops(x86_image(&arena, &view), rva, &r);
      CHECK(r.sure ? r.bytes >= 0 : true);
    }
  }
}

int main(void) {
  setup();
  test_returns();
  test_registers();
  test_thunks();
  test_branches();
  test_loops();
  test_calls();
  test_damage();
  test_random();
  arena_free(&arena);
  return check_report();
}

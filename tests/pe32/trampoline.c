// trampoline.c - checked calls: every IAT slot of a function gets a stub that
// measures how many bytes of arguments the callee pops off the stack.
//
// A stub saves ESP at entry (it points at the return address) and the return
// address on a shadow stack, replaces the return address with ret_stub and
// jumps to the real function. When the callee returns (with "ret N") into
// ret_stub, ESP is entry + 4 + N: N is compared with what the caller's
// decoration promises, then control goes back to the saved return address.
// Registers a call carries (EAX, ECX, EDX for fastcall) and results (EDX:EAX)
// pass through untouched; the C helpers only do integer work, so a result in
// ST(0) survives too. Calls nest (a callee may call imports itself), hence
// the shadow stack, one per thread (glibc's TLS, through GS, which Windows
// code leaves alone). Stubs are made under code_mutex.
#include "pe32load.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define CODE_CHUNK 65536
#define MAX_DEPTH 4096

typedef struct {
  void *target;        // the real function; the stub jumps through this field
  const char *func;    // "Foo", for messages
  const char *dll;     // "bar.dll"
  int pops;            // bytes the callee must pop
} Tramp;

typedef struct {
  Tramp *t;
  uint32_t sp;         // ESP at the callee's entry: the address of the return address
  uint32_t ret;        // the caller's return address
} Frame;

static __thread Frame frames[MAX_DEPTH];
static __thread int depth;
static pthread_mutex_t code_mutex = PTHREAD_MUTEX_INITIALIZER;
static uint8_t *code, *code_end; // free space in the current executable chunk
static uint8_t *ret_stub;

// Returns n bytes of executable memory.
static uint8_t *alloc_code(size_t n) {
  if (!code || (size_t)(code_end - code) < n) {
    void *p = mmap(NULL, CODE_CHUNK, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      error("cannot map memory for trampolines");
      loader_exit(1);
    }
    code = p;
    code_end = code + CODE_CHUNK;
  }
  uint8_t *r = code;
  code += (n + 15) & ~(size_t)15;
  return r;
}

static uint8_t *put(uint8_t *p, const char *bytes, size_t n) {
  memcpy(p, bytes, n);
  return p + n;
}

static uint8_t *put32(uint8_t *p, uint32_t v) {
  memcpy(p, &v, 4);
  return p + 4;
}

// Called by a stub at the callee's entry: sp points at the return address.
// force_align_arg_pointer: Windows code keeps ESP only 4-byte aligned.
__attribute__((force_align_arg_pointer)) static void tramp_enter(Tramp *t, uint32_t *sp) {
  if (depth == MAX_DEPTH) {
    error("calls nested more than %d deep (at %s in %s)", MAX_DEPTH, t->func, t->dll);
    loader_exit(1);
  }
  frames[depth++] = (Frame){ t, (uint32_t)(uintptr_t)sp, *sp };
  *sp = (uint32_t)(uintptr_t)ret_stub;
}

// Called by ret_stub after the callee returned; saved points at the EDX and
// EAX it pushed, so the callee left ESP at saved + 8. Returns where to go.
__attribute__((force_align_arg_pointer)) static uint32_t tramp_leave(uint32_t *saved) {
  if (depth == 0) {
    error("internal error: return through a trampoline with no call recorded");
    loader_exit(1);
  }
  Frame f = frames[--depth];
  uint32_t after = (uint32_t)(uintptr_t)saved + 8;
  int popped = (int)(after - (f.sp + 4));
  if (popped != f.t->pops) {
    error("unbalanced call to %s (%s): callee popped %d bytes, caller expects %d",
          f.t->func, f.t->dll, popped, f.t->pops);
    fflush(stdout);
    _Exit(1); // the caller's stack is off: run no more Windows code
  }
  verbose("call %s (%s): callee popped %d bytes, caller expects %d", f.t->func, f.t->dll,
          popped, f.t->pops);
  return f.ret;
}

// Generates ret_stub, which every checked call returns into:
//   push eax; push edx          keep the result
//   mov eax, esp; push eax      tramp_leave(saved)
//   mov eax, tramp_leave; call eax
//   add esp, 4
//   pop edx
//   xchg eax, [esp]             restore EAX, put the return address in its place
//   ret
static void make_ret_stub(void) {
  uint8_t *p = ret_stub = alloc_code(32);
  p = put(p, "\x50\x52\x89\xe0\x50\xb8", 6);
  p = put32(p, (uint32_t)(uintptr_t)tramp_leave);
  p = put(p, "\xff\xd0\x83\xc4\x04\x5a\x87\x04\x24\xc3", 10);
}

// Returns a stub that calls target and checks that it pops pops bytes:
//   push eax; push ecx; push edx     keep the argument registers
//   lea eax, [esp+12]; push eax      tramp_enter(t, &return address)
//   push t
//   mov eax, tramp_enter; call eax
//   add esp, 8
//   pop edx; pop ecx; pop eax
//   jmp [t->target]
void *tramp_make(void *target, const char *func, const char *dll, int pops) {
  pthread_mutex_lock(&code_mutex);
  if (!ret_stub)
    make_ret_stub();
  Tramp *t = xmalloc(sizeof *t);
  *t = (Tramp){ target, func, dll, pops };
  uint8_t *stub = alloc_code(32), *p = stub;
  p = put(p, "\x50\x51\x52\x8d\x44\x24\x0c\x50\x68", 9);
  p = put32(p, (uint32_t)(uintptr_t)t);
  p = put(p, "\xb8", 1);
  p = put32(p, (uint32_t)(uintptr_t)tramp_enter);
  p = put(p, "\xff\xd0\x83\xc4\x08\x5a\x59\x58\xff\x25", 10);
  p = put32(p, (uint32_t)(uintptr_t)&t->target);
  pthread_mutex_unlock(&code_mutex);
  return stub;
}

typedef int __attribute__((stdcall)) DllMainFn(void *, uint32_t, void *);
typedef int EntryFn(void);
typedef uint32_t __attribute__((stdcall)) ThreadFn(void *);

// Calls m's DllMain(hinstance, reason, reserved), checking that it pops 12.
int tramp_call_dllmain(Module *m, uint32_t reason, void *reserved) {
  if (!m->dllmain_stub)
    m->dllmain_stub = tramp_make(m->base + m->entry, "DllMain", m->name, 12);
  DllMainFn *fn = (DllMainFn *)(uintptr_t)m->dllmain_stub;
  return fn(m->base, reason, reserved);
}

// Calls the EXE's entry point as int __cdecl entry(void): it must pop nothing.
int tramp_call_entry(Module *exe) {
  EntryFn *fn = (EntryFn *)(uintptr_t)tramp_make(exe->base + exe->entry, "the entry point", exe->name, 0);
  return fn();
}

// Calls a thread's entry point as DWORD WINAPI entry(void *arg): it must pop
// 4. One stub per entry point (a short list: tests start few).
uint32_t tramp_call_thread(void *entry, void *arg) {
  static struct Stub { void *entry, *stub; struct Stub *next; } *stubs;
  pthread_mutex_lock(&code_mutex);
  struct Stub *s = stubs;
  while (s && s->entry != entry)
    s = s->next;
  pthread_mutex_unlock(&code_mutex);
  if (!s) {
    s = xmalloc(sizeof *s);
    s->entry = entry;
    s->stub = tramp_make(entry, "the thread entry point", "CreateThread", 4);
    pthread_mutex_lock(&code_mutex);
    s->next = stubs;
    stubs = s;
    pthread_mutex_unlock(&code_mutex);
  }
  return ((ThreadFn *)(uintptr_t)s->stub)(arg);
}

// The shadow stack's depth in this thread (ExitThread leaves calls unreturned).
int tramp_depth(void) { return depth; }
void tramp_set_depth(int d) { depth = d; }

// kernel32.c - the built-in kernel32.dll: the few functions test programs use.
//
// Programs import these by name from "kernel32.dll" (mingw-w64's
// libkernel32.a names them undecorated: "GetProcAddress"). They are stdcall
// like the real ones; force_align_arg_pointer because Windows i386 code keeps
// ESP only 4-byte aligned, and glibc expects 16.
#include "pe32load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WINAPI __attribute__((stdcall, force_align_arg_pointer))

typedef uint32_t DWORD;
typedef int BOOL;

// Its handle (HMODULE) only has to be unique and not NULL.
static uint8_t kernel32_handle[16];
Module kernel32_module = { .name = "kernel32.dll", .builtin = true, .base = kernel32_handle };

static char *command_line;

static WINAPI void ExitProcess(unsigned status) {
  verbose("ExitProcess(%u)", status);
  loader_exit((int)status);
}

static WINAPI void OutputDebugStringA(const char *s) {
  if (s)
    fputs(s, stdout);
  fflush(stdout);
}

static void *get_module_handle(const char *name) {
  if (!name)
    return loader->mods[0]->base;
  Module *m = imports_find_module(name);
  if (!m)
    *thread_last_error() = 126; // ERROR_MOD_NOT_FOUND
  return m ? m->base : NULL;
}

// Under the loader lock.
static WINAPI void *GetModuleHandleA(const char *name) {
  loader_lock();
  void *r = get_module_handle(name);
  loader_unlock();
  return r;
}

// Loads name and what it imports, then runs the DllMains not run yet. On a
// failure the modules loaded by this call are forgotten (left mapped).
static void *load_library(const char *name) {
  if (!name)
    return NULL;
  int nmods = loader->nmods, ninit = loader->ninit;
  diag_quiet = !loader->verbose;
  Module *m = imports_load(name, loader->mods[0]);
  diag_quiet = false;
  if (!m || !loader_attach_pending()) {
    loader->nmods = nmods;
    loader->ninit = ninit;
    *thread_last_error() = 126; // ERROR_MOD_NOT_FOUND
    return NULL;
  }
  for (int i = nmods; i < loader->nmods; i++)
    m->dynamic |= loader->mods[i] == m;
  m->refs++;
  return m->base;
}

// Under the loader lock.
static WINAPI void *LoadLibraryA(const char *name) {
  loader_lock();
  void *r = load_library(name);
  loader_unlock();
  return r;
}

// Takes m out of the list v of n modules.
static void forget(Module **v, int *n, const Module *m) {
  for (int i = 0; i < *n; i++)
    if (v[i] == m) {
      memmove(v + i, v + i + 1, sizeof *v * (size_t)(*n - i - 1));
      --*n;
      return;
    }
}

// Modules stay mapped until the process exits. The last FreeLibrary of a
// DLL that LoadLibraryA loaded runs its DllMain(DLL_PROCESS_DETACH), with
// lpReserved NULL as on Windows, and forgets it (a later LoadLibraryA maps
// it anew); the DLLs it imports stay attached until the process exits
// (Windows would detach those no one else holds).
static BOOL free_library(void *h) {
  Module *m = imports_module_at(h);
  if (!m)
    return 0;
  if (m->refs > 0 && --m->refs == 0 && m->dynamic) {
    if (m->attached && m->entry) {
      verbose("DllMain(%s, DLL_PROCESS_DETACH)", m->name);
      tramp_call_dllmain(m, 0, NULL);
    }
    forget(loader->init, &loader->ninit, m);
    forget(loader->mods, &loader->nmods, m);
  }
  return 1;
}

// Under the loader lock.
static WINAPI BOOL FreeLibrary(void *h) {
  loader_lock();
  BOOL r = free_library(h);
  loader_unlock();
  return r;
}

// name is an ordinal when its high word is 0; forwarders are followed.
static void *get_proc_address(void *h, const char *name) {
  Module *m = imports_module_at(h);
  if (!m)
    return NULL;
  int ordinal = (uintptr_t)name >> 16 ? -1 : (int)(uintptr_t)name;
  Target t;
  diag_quiet = !loader->verbose;
  bool ok = imports_export(m, ordinal < 0 ? name : NULL, ordinal, -1, "GetProcAddress", &t);
  diag_quiet = false;
  if (!ok || !loader_attach_pending()) {
    *thread_last_error() = 127; // ERROR_PROC_NOT_FOUND
    return NULL;
  }
  return t.addr;
}

// Under the loader lock.
static WINAPI void *GetProcAddress(void *h, const char *name) {
  loader_lock();
  void *r = get_proc_address(h, name);
  loader_unlock();
  return r;
}

// For mingw-w64's delay-load helper (__delayLoadHelper2) and for programs
// that apply pseudo-relocations (auto-import): memory, failure, protection.
static WINAPI void *LocalAlloc(unsigned flags, size_t size) {
  return flags & 0x40 ? calloc(1, size ? size : 1) : malloc(size ? size : 1);   // LMEM_ZEROINIT
}

static WINAPI void *LocalFree(void *p) {
  free(p);
  return NULL;
}

// The delay-load helper raises when it cannot load the DLL or find the
// function; with no SEH here, that ends the program with a message.
static WINAPI void RaiseException(DWORD code, DWORD flags, DWORD nargs, const void *args) {
  (void)flags, (void)nargs, (void)args;
  error("the program raised exception 0x%08x", code);
  loader_exit(1);
}

// Every section is mapped read-write-execute: nothing to change.
static WINAPI BOOL VirtualProtect(void *p, size_t size, DWORD protect, DWORD *old) {
  (void)p, (void)size, (void)protect;
  if (old)
    *old = 0x40;   // PAGE_EXECUTE_READWRITE
  return 1;
}

typedef struct {
  void *BaseAddress, *AllocationBase;
  DWORD AllocationProtect;
  size_t RegionSize;
  DWORD State, Protect, Type;
} MemoryInfo;   // MEMORY_BASIC_INFORMATION

static WINAPI size_t VirtualQuery(const void *p, MemoryInfo *info, size_t size) {
  if (size < sizeof *info)
    return 0;
  uintptr_t page = (uintptr_t)p & ~(uintptr_t)0xfff;
  *info = (MemoryInfo){(void *)page, (void *)page, 0x40, 0x1000, 0x1000, 0x40, 0x1000000};
  return sizeof *info;   // MEM_COMMIT, PAGE_EXECUTE_READWRITE, MEM_IMAGE
}

static WINAPI DWORD GetLastError(void) { return *thread_last_error(); }
static WINAPI void SetLastError(DWORD e) { *thread_last_error() = e; }
static WINAPI const char *GetCommandLineA(void) { return command_line; }

// Builds the command line GetCommandLineA returns: the arguments from the
// program on, quoted when they hold a space.
void kernel32_set_cmdline(int argc, char **argv) {
  size_t n = 1;
  for (int i = 0; i < argc; i++)
    n += strlen(argv[i]) + 3;
  char *p = command_line = xmalloc(n);
  for (int i = 0; i < argc; i++) {
    bool q = strchr(argv[i], ' ') || !argv[i][0];
    p += sprintf(p, "%s%s%s%s", i ? " " : "", q ? "\"" : "", argv[i], q ? "\"" : "");
  }
  *p = 0;
}

#define FN(f) { #f, (void *)(uintptr_t)f }
static const struct { const char *name; void *addr; } functions[] = {
  FN(ExitProcess), FN(FreeLibrary), FN(GetCommandLineA), FN(GetLastError),
  FN(GetModuleHandleA), FN(GetProcAddress), FN(LoadLibraryA), FN(LocalAlloc), FN(LocalFree),
  FN(OutputDebugStringA), FN(RaiseException), FN(SetLastError), FN(VirtualProtect), FN(VirtualQuery),
};

// Returns the built-in function called name, or NULL.
void *kernel32_lookup(const char *name) {
  for (size_t i = 0; i < sizeof functions / sizeof functions[0]; i++)
    if (!strcmp(functions[i].name, name))
      return functions[i].addr;
  return threads_lookup(name);
}

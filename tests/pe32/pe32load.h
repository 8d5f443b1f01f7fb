// pe32load.h - the PE32 test loader: runs freestanding i386 Windows programs
// inside a 32-bit Linux process (see pe32load.c for the command line).
//
// Sections below follow the files: pe32load.c (driver, diagnostics),
// image.c (file reading, mapping, relocations), symtab.c (COFF symbol
// table: __imp_ decorations), imports.c (DLL search, import binding,
// exports, forwarders), trampoline.c (stack checks), kernel32.c (built-ins),
// threads.c (threads, events, waits, TEBs, the loader lock).
#ifndef PE32LOAD_H
#define PE32LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

// PE/COFF constants ("PE Format", Microsoft), only those the loader reads.
enum {
  MACHINE_I386 = 0x14c,          // IMAGE_FILE_MACHINE_I386
  FILE_DLL = 0x2000,             // IMAGE_FILE_DLL
  OPT_MAGIC_PE32 = 0x10b,        // IMAGE_NT_OPTIONAL_HDR32_MAGIC
  SCN_MEM_EXECUTE = 0x20000000,  // IMAGE_SCN_MEM_EXECUTE
  DIR_EXPORT = 0,                // data directory indexes
  DIR_IMPORT = 1,
  DIR_BASERELOC = 5,
  REL_BASED_ABSOLUTE = 0,        // base relocation types
  REL_BASED_HIGHLOW = 3,
};
#define ORDINAL_FLAG32 0x80000000u // IMAGE_ORDINAL_FLAG32: import by ordinal

// Calling conventions as read from an __imp_ symbol's decoration.
typedef enum { CONV_UNKNOWN, CONV_CDECL, CONV_STDCALL, CONV_FASTCALL } CallConv;

typedef struct {
  char name[9];                  // NUL-terminated copy of the 8-byte name
  uint32_t vaddr, vsize;         // VirtualAddress, VirtualSize
  uint32_t raw_off, raw_size;    // PointerToRawData, SizeOfRawData
  uint32_t flags;                // Characteristics
} Section;

// One __imp_ symbol of a module's COFF symbol table that names an IAT slot.
typedef struct {
  uint32_t rva;                  // of the __imp_ symbol (= of the IAT slot)
  char *symbol;                  // "__imp__Foo@12"
  CallConv conv;
  int pops;                      // bytes the callee must pop; -1 unknown
} ImpSym;

typedef struct Module Module;
struct Module {
  char *name;                    // "a.dll" as found on disk, or the EXE's file name
  char *path;                    // NULL for the built-in kernel32.dll
  bool builtin;                  // kernel32.dll, implemented in kernel32.c
  bool is_dll;
  bool relocs_stripped;          // IMAGE_FILE_RELOCS_STRIPPED: cannot be moved
  uint8_t *file;                 // the whole file (the symbol table is not mapped)
  size_t file_size;
  uint8_t *base;                 // where the image is mapped
  uint32_t image_size;           // SizeOfImage
  uint32_t hdr_len;              // headers up to the end of the section table
  uint32_t pref_base;            // ImageBase
  uint32_t entry;                // AddressOfEntryPoint (RVA), 0 = none
  uint32_t dir_rva[16], dir_size[16];
  Section *sec;
  int nsec;
  uint32_t sym_off, nsyms;       // PointerToSymbolTable, NumberOfSymbols
  ImpSym *imps;                  // sorted by rva
  int nimps;
  bool attached;                 // DllMain(DLL_PROCESS_ATTACH) returned TRUE
  int refs;                      // LoadLibraryA count
  bool dynamic;                  // first loaded by LoadLibraryA, not as an import
  void *dllmain_stub;            // checked entry for DllMain calls
  bool no_thread_calls;          // DisableThreadLibraryCalls
};

typedef struct {
  char *exe_dir;                 // searched first for DLLs
  char **lib_dirs;               // -L DIR, in order
  int nlib_dirs;
  bool verbose;
  Module **mods;                 // every module, in load order; mods[0] = the EXE
  int nmods;
  Module **init;                 // DLLs in initialisation order (imports first)
  int ninit;
} Loader;

//
// pe32load.c
//
extern Loader *loader;
extern bool diag_quiet;          // set while LoadLibraryA/GetProcAddress run
void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void loader_exit(int status);
bool loader_attach_pending(void);
void *xmalloc(size_t n);
char *xstrdup(const char *s);

//
// image.c
//
Module *image_load(const char *path, const char *name);
const void *image_rva(const Module *m, uint32_t rva, uint32_t len);
const char *image_str(const Module *m, uint32_t rva);
const Section *image_section(const Module *m, uint32_t rva);
const void *file_at(const Module *m, uint32_t off, uint32_t len);

//
// symtab.c
//
bool symtab_read(Module *m);
const ImpSym *symtab_find(const Module *m, uint32_t rva);

//
// imports.c
//
typedef struct {
  void *addr;                    // the export's address, after forwarders
  bool code;                     // in an executable section: gets a trampoline
} Target;

Module *imports_find_module(const char *name);
Module *imports_module_at(const void *base);
Module *imports_load(const char *name, const Module *importer);
bool imports_bind_exe(Module *exe);
bool imports_export(Module *m, const char *name, int ordinal, int hint,
                    const char *importer, Target *out);

//
// trampoline.c
//
void *tramp_make(void *target, const char *func, const char *dll, int pops);
int tramp_call_dllmain(Module *m, uint32_t reason, void *reserved);
int tramp_call_entry(Module *exe);
uint32_t tramp_call_thread(void *entry, void *arg);
int tramp_depth(void);
void tramp_set_depth(int depth);

//
// kernel32.c
//
extern Module kernel32_module;
void *kernel32_lookup(const char *name);
void kernel32_set_cmdline(int argc, char **argv);

//
// threads.c
//
void threads_init(void);
void loader_lock(void);          // recursive; DllMain calls run under it
void loader_unlock(void);
uint32_t *thread_last_error(void);
void *threads_lookup(const char *name);

#endif

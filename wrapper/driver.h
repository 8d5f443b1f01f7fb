// driver.h - the `cc-dll` program: a drop-in for gcc that, when it links a
// DLL, also writes its .def pair and import library with our emitters.
//
//   driver.c          main: the compiler, the mode, the steps
//   driver_args.c     gcc's command line: what each argument is
//   driver_compiler.c the real compiler and its plugin
//   driver_exports.c  the DLL's exports: from the objects, archives and .def
//   driver_scan.c     the scanner's records for what clang compiles
//   dllmain.c         DllMain checks
#ifndef CCDLL_DRIVER_H
#define CCDLL_DRIVER_H

#include "core.h"

//
// driver_args.c
//

// What one argument of the compiler's command line is.
typedef enum {
  ARG_COMPILE,         // an option for compiling (and linking): -O2, -DX, -I dir, -fPIC, -v
  ARG_LINK,            // an option only for linking: -shared, -L dir, -Wl,..., -Xlinker x, -lfoo
  ARG_OUTPUT,          // -o and its value
  ARG_LANGUAGE,        // -x and its value
  ARG_SOURCE,          // an input the compiler compiles: .c, .cpp, .s, or any after -x LANG
  ARG_OBJECT,          // .o, .obj (and .res from windres)
  ARG_ARCHIVE,         // .a, .lib: a static or an import library
  ARG_DEF,             // a .def: the DLL's exports (GNU ld takes it as an input)
  ARG_OTHER_INPUT,     // anything else the linker gets
} ArgRole;

typedef enum { MODE_PREPROCESS, MODE_ASSEMBLE, MODE_COMPILE, MODE_LINK } Mode;

// How stdcall and fastcall functions are exported (the import library
// always keeps their decoration, so callers link against the prototype).
typedef enum {
  EXPORTS_UNDECORATED, // Foo for Foo@4: the kill-at technique (default)
  EXPORTS_DECORATED,   // Foo@4 as it is
  EXPORTS_BOTH,        // both names (GNU ld's --add-stdcall-alias, for lld too)
} ExportPolicy;

typedef struct {
  // The compiler's arguments: the command line with cc-dll's own options
  // taken out and @files expanded, and what each one is.
  char **argv;
  ArgRole *role;
  int argc;
  const char **language;   // for each ARG_SOURCE, the -x in effect (NULL: by suffix)

  Mode mode;
  bool shared;             // -shared (or -mdll)
  const char *output;      // -o, NULL when not given
  bool verbose;            // -v: print every command (also passed to the compiler)

  // cc-dll's own options (--ccdll-*, --dry-run) and what it takes from -Wl:
  const char *compiler;    // --ccdll-cc=
  const char *implib;      // --ccdll-implib= or -Wl,--out-implib=
  bool no_implib;          // --ccdll-no-implib
  const char *exp;         // --ccdll-exp=: keep the export object
  const char *output_def;  // -Wl,--output-def=: the DLL's export .def
  ExportPolicy policy;     // --ccdll-exports=, -Wl,--kill-at, -Wl,--add-stdcall-alias
  bool lld_def;            // --ccdll-lld-def: NAME_e.def as lld wants it
  bool export_all;         // -Wl,--export-all-symbols
  bool dry_run;            // --dry-run: print the commands, run none
  bool compiler_check;     // --ccdll-compiler-check
  bool no_runtime;         // --ccdll-no-runtime: never link runtime/'s library
  bool stats;              // --ccdll-stats
} Invocation;

// "cc-dll: error: ...", exit status 2: the command line is malformed.
NORETURN void usage_error(const char *fmt, ...) PRINTF_LIKE(1, 2);

// Reads the command line (argv[0] is the program). Usage errors exit 2.
void invocation_parse(Diag *d, Arena *a, int argc, char **argv, Invocation *inv);
// Does the command build a DLL: links, with -shared or an output *.dll?
bool invocation_links_dll(const Invocation *inv);

// Expands @file arguments as gcc does (blank-separated, with '...', "..."
// and backslash escapes; nested @files; an @file that cannot be read stays
// as it is). false after an error.
bool expand_response_files(Diag *d, Arena *a, int *argc, char ***argv);

//
// driver_compiler.c
//

typedef enum { COMPILER_GCC, COMPILER_CLANG } CompilerKind;

typedef struct {
  const char *program;     // "i686-w64-mingw32-gcc", "clang"
  CompilerKind kind;
  Target target;           // machine MACH_NONE when not needed
  const char *triple;      // "i686-w64-mingw32"; NULL when not asked
  const char *plugin;      // our GCC plugin for it; NULL: none was built
} Compiler;

// The real compiler: --ccdll-cc, then $CCDLL_CC, then the name cc-dll was
// called under (i686-w64-mingw32-cc-dll: i686-w64-mingw32-gcc; c++-dll:
// g++), else gcc. Its target and plugin are asked of it.
// Asks it what cc-dll needs to know and nothing more: the target and plugin
// when it compiles; the machine when it links a DLL (from the objects when
// it compiles nothing); neither when the command is only passed on.
bool compiler_find(Diag *d, Arena *a, const Invocation *inv, const char *argv0, Compiler *out);
// A program's path as $PATH finds it (the name itself when it does not).
const char *find_program(Arena *a, const char *program);
// runtime/'s library for machine (libccdll_rt.a: the DllMain that calls the
// ccdll.h hooks): in $CCDLL_RUNTIME_DIR/<triple>, PREFIX/lib/ccdll/<triple>
// beside the installed program, or the build tree; NULL when there is none.
const char *runtime_find(Arena *a, Machine machine);

//
// driver_exports.c
//

// The exports of the DLL that `link` builds from `objects` (which the
// driver compiled or was given), the archives and the .def files of the
// command line: what the objects' records and export directives declare,
// the .def's entries, or with export_all (or nothing declared) every
// symbol they define. Applies the policy. false after an error.
// names[i] is what messages call objects[i] (a source the driver compiled
// into a temporary object is named by the source).
bool dll_exports(Diag *d, Arena *a, const Invocation *inv, Machine machine, const char *const *objects,
                 const char *const *names, int nobjects, Module *out);

//
// driver_scan.c
//

// Puts the libclang scanner's records of `source` into the .ccdll section
// of `object` (what clang compiled of it): those the object's export
// directives confirm. Without libclang, or when the scanner fails, the
// object is left as it is (its directives say what it exports).
void attach_scanner_records(Diag *d, Arena *a, const Invocation *inv, const Compiler *cc, const char *source,
                            const char *language, const char *object);

//
// dllmain.c
//

// Reports a DllMain that the loader would never call: a C++ one (its name
// mangled, so the C runtime's default DllMain is linked instead), and on
// i386 one that is not stdcall with 12 bytes of arguments.
// found: whether the objects define the DllMain the C runtime calls, and
// whether they register ccdll.h hooks (.ccdll_hk$ sections).
typedef struct {
  bool dllmain, hooks;
} DllMainScan;
bool check_dllmain(Diag *d, Arena *a, Machine machine, const char *const *objects, const char *const *names,
                   int nobjects, DllMainScan *found);

#endif

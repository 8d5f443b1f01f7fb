// scan.h - the libclang scanner behind `ccdll scan`: translation units in,
// export records (core.h's Export) out.
//
// scan.c walks a translation unit parsed with libclang and makes the records
// of its exported declarations; instances.c finds explicit instantiations,
// which libclang 14 does not show, and writes the probes that reveal them;
// types.c classifies parameter types for the @nn rule; resource.c finds
// clang's resource directory and the mingw-w64 C++ headers, which libclang
// 14 does not find by itself; compdb.c reads compile_commands.json;
// cache.c keeps the records of translation units whose files have not
// changed.
#ifndef CCDLL_SCAN_H
#define CCDLL_SCAN_H

#include "libclang.h"

//
// scan.c
//

typedef struct {
  bool all_prototypes;     // also every function declared in a named file (see scan.c)
  const char *const *scope_dirs;   // --all-prototypes: the directories whose headers count
  int nscope_dirs;                 //   (real paths); none: that of the file named
  bool verbose;            // print each translation unit's clang arguments
  const char *cache_dir;   // where cache.c keeps records; NULL: no cache
} ScanOptions;

typedef struct Scanner Scanner;

// The records go to *out in the order their declarations first appear;
// a name seen again in another translation unit is one record (an error
// when the two disagree on its symbol or kind).
Scanner *scanner_new(Diag *d, Arena *a, const ScanOptions *opt, ExportList *out);
// Parses `path` for target t (`triple` is passed to clang as --target=)
// with the clang arguments args, and adds its records. Prints clang's
// diagnostics in GCC's form; false when there was an error.
bool scanner_file(Scanner *s, const char *path, Target t, const char *triple, const char *const *args,
                  int nargs);
void scanner_free(Scanner *s);

//
// headers.c
//

// Every function and variable with external linkage declared in the
// headers (each parsed as a unit of its own, for target t with args) or in
// a header under a header's directory, exported or not: the declarations
// an audit or gendef holds DLLs against. Records of unchanged headers come
// from the cache. false when a header did not compile.
bool scan_headers(Diag *d, Arena *a, Target t, const char *triple, const char *const *headers, int nheaders,
                  const char *const *args, int nargs, ExportList *out);

//
// instances.c
//

// An explicit instantiation in the text of the file named, and its probe.
typedef struct {
  bool is_class;
  unsigned offset;         // of its `template` (function), of its cursor (class)
  unsigned insert_at;      // where the probe goes: the end of its line
  const char *macro;       // function: the identifier before `template`; NULL: none
  const char *friends[3];  // function: the declarations to try as friends, NULL-ended
  const char *name;        // class: the class, as clang spells it ("ns::Box<int>")
  const char *short_name;  // class: its own name, that of its constructors ("Box")
  const char **members;    // class: the names of the members to show (functions, static data)
  int nmembers;
  bool ctors, dtor;        // class: show its constructors, its destructor
  bool seen;               // its probe is in the probed unit (not #if'd out)
  bool resolved;           // a probe named a specialization
} Instantiation;

// Brackets around each probe, so that a line can be read without it.
extern const char PROBE_OPEN[], PROBE_CLOSE[];

// The explicit instantiations of function templates in text (none when
// it does not say "template"), in order.
int instances_find(Arena *a, const char *text, size_t size, Instantiation **out);
// Where the probe of an instantiation whose text ends at `from` goes: past
// its `;`, at the end of that line, before a comment reaching the end.
unsigned instance_insert_at(const char *text, size_t size, unsigned from);
// Writes the probe of instantiation number index (one line).
void instance_probe(Buf *b, int index, const Instantiation *in);
// The first `what` in text[0..size), or NULL (memmem, which not every C
// library has).
const char *instances_search(const char *text, size_t size, const char *what);

//
// types.c
//

// The effective calling convention of a function type on machine m:
// what the compiler does, not what the source says (stdcall and fastcall
// are cdecl on x86_64).
CallConv scan_conv(CXType fn, Machine m);
// The class of one parameter type. false for an incomplete type, where
// GCC and clang stop counting the parameters of a decoration.
bool scan_param(CXType t, ParamType *out);

//
// resource.c
//

// Clang's resource directory (its <stddef.h>, <mm_malloc.h>, ...) for the
// libclang this program runs with; NULL, with a warning, when none is found.
const char *scan_resource_dir(Diag *d, Arena *a, bool verbose);
// The mingw-w64 g++ of a GNU target's triple (TRIPLE-g++, found in PATH,
// its symbolic links resolved); NULL when there is none.
const char *scan_cxx_compiler(Arena *a, const char *triple);
// The C++ include directories of that g++ (its libstdc++ headers), as
// `g++ -E -x c++ -v /dev/null` lists them; *n = 0 when it says none.
const char **scan_cxx_include_dirs(Arena *a, const char *compiler, int *n, bool verbose);

//
// compdb.c
//

// A file's entry: the flags for libclang (the command without the compiler,
// -c, -o, -M* and the file), its directory and the target its compiler's
// name gives (i686-w64-mingw32-gcc: i686-w64-mingw32; NULL: none).
typedef struct {
  const char **args;
  int nargs;
  const char *directory;   // passed to clang as -working-directory
  const char *compiler_triple;
} CompileFlags;

typedef struct CompDb CompDb;

// Loads BUILD_DIR/compile_commands.json; NULL after an error.
CompDb *compdb_open(Diag *d, const char *build_dir);
// The flags of `path`'s entry; false when it has none (no message).
bool compdb_flags(CompDb *db, Arena *a, const char *path, CompileFlags *out);
void compdb_close(CompDb *db);

// The triple of the last --target=T or -target T among args; NULL when
// there is none.
const char *scan_args_triple(const char *const *args, int nargs);

//
// cache.c
//

// A translation unit's records and messages, kept under a key made of its
// flags and found again while every file it read is unchanged.
typedef struct {
  const char *dir;         // DIR/scan; NULL: caching off
  uint64_t key;            // of the flags, the file named and the scanner
  char *path;              // the entry's file
  const char *named_text;  // the file named as read, when the unit parsed a
  size_t named_len;        //   rewritten copy of it (scan.c's probes); else NULL
} ScanCache;

// Makes the key of the unit of `path` parsed with args (before ccdll adds
// -resource-dir and the C++ include directories) and the C++ compiler whose
// include directories it adds (NULL: none); caching is off when dir is NULL.
void cache_begin(ScanCache *c, Arena *a, const char *dir, const char *path, const char *const *args, int nargs,
                 const char *cxx_compiler, const ScanOptions *opt);
// The records (JSON Lines, *len bytes) and the messages of the entry when
// every file of it is unchanged; NULL otherwise.
char *cache_lookup(ScanCache *c, Arena *a, size_t *len, char **messages, size_t *messages_len);
// The default cache directory: $XDG_CACHE_HOME/ccdll, else ~/.cache/ccdll;
// NULL when neither is set.
const char *scan_cache_dir(Arena *a);
// Keeps the records and messages of a unit that parsed without errors.
void cache_store(ScanCache *c, Arena *a, CXTranslationUnit tu, const char *const *args, int nargs,
                 const char *records, size_t records_len, const char *messages, size_t messages_len);

#endif

// core.h - the cc-dll core library shared by cc-dll, ccdll and the plugins.
//
// One header, in sections named after the file that implements them.
// Every input (a .def file, a scanner's records, a DLL) becomes a Module with
// an ExportList; every output (.def files, import library, export object)
// is written from one.
#ifndef CCDLL_CORE_H
#define CCDLL_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {   // the GCC plugin is C++
#endif

#define CCDLL_VERSION "0.1.0"

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define NORETURN __attribute__((noreturn))
#else
#define PRINTF_LIKE(f, a)
#define NORETURN
#endif

//
// stats.c: --stats
//

// Phases are named by string literals (compared by address); a phase
// lasts until the next one starts or the stats are printed.
void stats_enable(void);
bool stats_enabled(void);
void stats_phase(const char *name);
void stats_count(const char *name, uint64_t n);
void stats_print(const char *prog);   // to stderr, when enabled

//
// arena.c
//

// Memory for a whole run: the model and its strings are allocated here and
// freed at once. Allocation failure is fatal ("out of memory", exit 1).
typedef struct ArenaChunk ArenaChunk;
typedef struct {
  ArenaChunk *chunk;   // current chunk; older ones are linked behind it
} Arena;

void *arena_alloc(Arena *a, size_t size);   // zeroed, 8-byte aligned
// Room for `want` elements of elem bytes in an array v of len elements and
// *cap places: v itself, or a copy at least twice as big (the old one stays
// behind in the arena).
void *arena_reserve(Arena *a, void *v, uint32_t len, uint32_t *cap, uint32_t want, size_t elem);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
char *arena_printf(Arena *a, const char *fmt, ...) PRINTF_LIKE(2, 3);
char *arena_concat(Arena *a, const char *s1, const char *s2, const char *s3);   // s1 s2 s3
void arena_free(Arena *a);

// A slice of a string: `len` bytes at `s`, not always NUL-terminated.
typedef struct {
  const char *s;
  uint32_t len;
} Str;

static inline Str str(const char *s) {
  return (Str){s, (uint32_t)strlen(s)};
}

static inline bool str_eq(Str a, Str b) {
  return a.len == b.len && !memcmp(a.s, b.s, a.len);
}

int str_cmp(Str a, Str b);   // the order of strcmp

void *xmalloc(size_t size);
// pages.c: zeroed memory for large blocks, in huge pages where possible.
void *pages_alloc(size_t size);
void pages_free(void *p, size_t size);
void *xrealloc(void *p, size_t size);
NORETURN void fatal_oom(void);

//
// diag.c
//

typedef struct {
  const char *file;    // NULL when the message is about no file
  int line, col;       // 1-based; 0 when unknown
} SrcLoc;

typedef enum { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR } DiagLevel;

// A sink for GCC-style messages: "file:line:col: error: text".
// The default sink prints to stderr; the GCC plugin installs its own.
typedef struct Diag Diag;
struct Diag {
  const char *prog;    // "ccdll", used when a message has no location
  int errors;
  int warnings;
  void (*sink)(Diag *d, DiagLevel level, const SrcLoc *loc, const char *msg);
  void *ctx;           // for the sink
};

void diag_error(Diag *d, const SrcLoc *loc, const char *fmt, ...) PRINTF_LIKE(3, 4);
void diag_warning(Diag *d, const SrcLoc *loc, const char *fmt, ...) PRINTF_LIKE(3, 4);
void diag_note(Diag *d, const SrcLoc *loc, const char *fmt, ...) PRINTF_LIKE(3, 4);
void diag_report(Diag *d, DiagLevel level, const SrcLoc *loc, const char *fmt, va_list ap);
void diag_report_at(Diag *d, DiagLevel level, const SrcLoc *loc, const char *fmt, ...) PRINTF_LIKE(4, 5);

//
// buf.c
//

// A growable byte buffer; writers fill one, then the file is written at once.
typedef struct Buf Buf;
struct Buf {
  uint8_t *data;
  size_t len, cap;
  bool paged;          // data comes from pages_alloc (a large buffer)
  // A buffer that streams to a file: when it is full, flush hands its
  // bytes on (and empties it), so it never holds the whole output.
  void (*flush)(Buf *b);
  void *sink;
  size_t flushed;      // bytes handed to flush so far
};

void buf_grow(Buf *b, size_t extra);   // makes room; use buf_reserve
void buf_printf(Buf *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
void buf_free(Buf *b);

// The offset of the next byte in the whole output, flushed bytes included.
static inline size_t buf_offset(const Buf *b) {
  return b->flushed + b->len;
}

// The writers are inline: the emitters call them for every field.
static inline void buf_reserve(Buf *b, size_t extra) {
  if (b->cap - b->len < extra)
    buf_grow(b, extra);
}

static inline void buf_put(Buf *b, const void *p, size_t n) {
  buf_reserve(b, n);
  if (n)
    memcpy(b->data + b->len, p, n);
  b->len += n;
}

static inline void buf_puts(Buf *b, const char *s) {
  buf_put(b, s, strlen(s));
}

static inline void buf_put_u8(Buf *b, uint8_t v) {
  buf_reserve(b, 1);
  b->data[b->len++] = v;
}

// Little endian, as in PE/COFF.
static inline void buf_put_u16(Buf *b, uint16_t v) {
  buf_reserve(b, 2);
  b->data[b->len++] = (uint8_t)v;
  b->data[b->len++] = (uint8_t)(v >> 8);
}

static inline void buf_put_u32(Buf *b, uint32_t v) {
  buf_reserve(b, 4);
  for (int i = 0; i < 4; i++)
    b->data[b->len++] = (uint8_t)(v >> 8 * i);
}

static inline void buf_put_u64(Buf *b, uint64_t v) {
  buf_put_u32(b, (uint32_t)v);
  buf_put_u32(b, (uint32_t)(v >> 32));
}

//
// file.c
//

// Reads a whole file; the data is NUL-terminated (not counted in *len).
// -v: report each file read and written on stderr, as "PROG: read PATH".
void file_verbose(const char *prog);
bool file_read(Diag *d, const char *path, char **data, size_t *len);

// Outputs are staged in temporary files beside their targets and renamed
// into place only when every one of them was written, so a failed run
// leaves earlier outputs untouched. Staged files are removed at exit and on
// SIGINT/SIGTERM unless committed.
typedef struct {
  char **tmp;          // staged temporary paths (NULL: written in place)
  char **dst;          // their targets
  int n;
} OutputSet;

bool output_stage(OutputSet *set, Diag *d, const char *path, const void *data, size_t len);
// Stages path with what write() puts into the Buf it is given, which
// streams to the file in pieces (for outputs of many megabytes).
bool output_stage_stream(OutputSet *set, Diag *d, const char *path, void (*write)(Buf *out, void *ctx),
                         void *ctx);
// An output a program writes in place (a linker writes the DLL, and GNU ld
// derives the DLL's image base from the name it is given, so it must be
// the user's): an earlier file there is kept aside until the set is
// committed, and put back (what the program wrote removed) when it is
// aborted, or at exit or on a signal before the commit.
bool output_in_place(OutputSet *set, Diag *d, const char *path);
// Says that the program writing path (in place) has finished, and whether
// it wrote it: only a file it wrote is removed by an abort; one another
// process puts there is left alone.
void output_in_place_done(const char *path, bool written);
bool output_commit(OutputSet *set, Diag *d);
void output_abort(OutputSet *set);

// A private directory for temporary files (made once, in $TMPDIR or /tmp),
// removed with its files at exit and on SIGINT/SIGTERM. NULL on failure.
const char *temp_dir(Diag *d);
// Writes a file outright (a temporary one: outputs are staged).
bool file_write(Diag *d, const char *path, const void *data, size_t len);

//
// run.c
//

// Runs argv (argv[0] searched in PATH); with verbose, prints it first. A
// failure is reported with the command and its status.
bool run_command(Diag *d, char *const *argv, bool verbose);
// Runs argv and appends what it writes to standard output to out; false
// when it cannot be run (nothing reported: the caller knows what that
// means) or fails (reported with the command and its status or signal).
bool run_capture(Diag *d, char *const *argv, Buf *out);
// Prints argv to standard error as a shell command line.
void print_command(char *const *argv);

//
// target.c
//

typedef enum { MACH_NONE, MACH_I386, MACH_AMD64, MACH_ARMNT, MACH_ARM64 } Machine;

// The C ABI family of a Windows target: it decides `long double`.
typedef enum { ABI_GNU, ABI_MSVC } Abi;

typedef struct {
  Machine machine;
  Abi abi;
} Target;

bool machine_parse(const char *name, Machine *out);   // dlltool's -m names and aliases
const char *machine_name(Machine m);                  // "i386", "i386:x86-64", ...
uint16_t machine_coff(Machine m);                     // IMAGE_FILE_MACHINE_*
Machine machine_from_coff(uint16_t coff);             // MACH_NONE when unknown
bool target_parse_triple(const char *triple, Target *out);

//
// decorate.c
//

typedef enum {
  CONV_NONE,           // data: no calling convention
  CONV_CDECL,
  CONV_STDCALL,
  CONV_FASTCALL,
  CONV_VECTORCALL,
  CONV_THISCALL,
} CallConv;

const char *conv_name(CallConv c);

// The class of one parameter type, as far as the stack size rule needs it.
typedef enum {
  PT_INT,              // integer, enum, bool, char: `size` bytes
  PT_FLOAT,            // float
  PT_DOUBLE,           // double
  PT_LONG_DOUBLE,      // long double: 12 bytes on mingw i386, 16 on mingw x86_64, 8 on MSVC targets
  PT_POINTER,          // pointers, references, arrays and functions (which decay)
  PT_RECORD,           // struct/union by value: `size` bytes
  PT_VECTOR,           // __m64/__m128/__m256 and other vector types: `size` bytes
  PT_COMPLEX,          // _Complex: `size` bytes
} ParamClass;

typedef struct {
  ParamClass cls;
  uint32_t size;       // for PT_INT, PT_RECORD, PT_VECTOR, PT_COMPLEX
} ParamType;

// Does conv put @N into a symbol on machine m (stdcall, fastcall and
// vectorcall on i386; vectorcall on x86_64; nothing on arm and arm64)?
bool conv_is_decorated(Machine m, CallConv conv);

// The number N of a decorated name for a prototype; -1 whenever the symbol
// gets no suffix: variadic, cdecl, thiscall, or a convention the target
// ignores (stdcall and fastcall on x86_64, every convention on arm).
int decorate_arg_bytes(Target t, CallConv conv, const ParamType *params, int n, bool variadic);

// The symbol for a C function in our model's form (without the i386 '_'):
// "Foo@4", "@Foo@4", "Foo@@16" or "Foo". arg_bytes < 0 gives no suffix.
char *decorate(Arena *a, Machine m, CallConv conv, const char *name, int arg_bytes);

// The symbol as the linker sees it: "_Foo@4" on i386, "@Foo@4", "Foo@@16".
char *linker_symbol(Arena *a, Machine m, const char *symbol);
// Does the symbol get the i386 '_' (linker_symbol adds it)?
bool linker_underscore(Machine m, Str symbol);

// The inverse of decorate: name, convention and N from a model symbol.
// A plain name gives CONV_NONE (unknown: cdecl or data) and arg_bytes -1.
typedef struct {
  const char *name;
  size_t name_len;     // the name is name[0 .. name_len)
  CallConv conv;
  int arg_bytes;
} Undecorated;

void undecorate(const char *symbol, Undecorated *out);

//
// export.c
//

typedef enum { EXPORT_CODE, EXPORT_DATA, EXPORT_CONSTANT } ExportKind;

enum { MAX_ORDINAL = 65535, MAX_EXPORTS = 65535 };

// One exported symbol, whatever it came from.
typedef struct {
  const char *name;        // exported name, what GetProcAddress sees: "Foo" in "Foo=Foo@4"
  const char *symbol;      // symbol in the objects without the i386 '_': "Foo@4"; NULL: same as name
  const char *import_name; // "==" / EXPORTAS: the name the import library asks the loader for
  const char *forward;     // "other.Func" or "other.#12" for a forwarder, else NULL
  CallConv conv;           // from the prototype or the decoration; CONV_NONE when unknown
  int arg_bytes;           // N of the decoration; -1 when unknown
  ExportKind kind;
  uint16_t ordinal;        // 0: not given (exportlist_finalize assigns one)
  bool noname;             // exported by ordinal only
  bool is_private;         // in the DLL, not in the import library
  SrcLoc loc;              // where it was declared, for messages
  const char *prototype;   // declaration text, when a scanner found it
  bool declaration_only;   // seen, not exported (ccdll scan --all-prototypes)
  uint32_t rva;            // read from a DLL: the export's address (0: none or not known)
} Export;

typedef struct {
  uint32_t index;          // index in ExportList.v + 1; 0 = free
  uint32_t hash;
} NameSlot;

typedef struct {
  Export **v;              // in the order added; sorted by name after finalize
  uint32_t len, cap;
  NameSlot *slots;         // open-addressing hash of the names
  uint32_t nslots;
  uint32_t *by_ordinal;    // MAX_ORDINAL + 1 entries of index + 1; NULL until needed
} ExportList;

const char *export_kind_name(ExportKind k);   // "code", "data", "constant"
// Is e a function whose symbol carries @N (stdcall, fastcall, vectorcall)?
bool export_is_decorated(const Export *e);
// Its name without the decoration: "Foo" for Foo@4 and @Foo@4.
const char *export_plain_name(Arena *a, const Export *e);
// The symbol (model form) a client compiled against its prototype links:
// Foo@4 for `Foo@4` and `Foo=Foo@4`, Bar@4 for `Bar=Foo@4`.
const char *export_client_name(Arena *a, Machine m, const Export *e);
// Makes room for n exports in all.
void exportlist_reserve(ExportList *l, uint32_t n);
// Adds e (which must live as long as the list). Returns the export that
// already has e's name, or NULL when the name is new (e is then added).
Export *exportlist_add(ExportList *l, Export *e);
// Adds e unless its name is there already: a name declared twice (in two
// translation units, say) is one export, unless the two disagree on its
// symbol or kind, which is reported at `at`. false after that error.
bool exportlist_merge(ExportList *l, Export *e, Diag *d, const SrcLoc *at);
Export *exportlist_find(const ExportList *l, const char *name);
Export *exportlist_find_ordinal(const ExportList *l, unsigned ordinal);
// Records e's ordinal; returns the export that already has it, else NULL.
Export *exportlist_claim_ordinal(ExportList *l, Export *e);
// Reports (at `level`) more exports than a DLL can have; false for an error.
bool exportlist_check_limit(const ExportList *l, Diag *d, DiagLevel level);
// Sorts by name, checks that no two exports share an ordinal, assigns free
// ordinals to exports without one (in name order, from the lowest ordinal
// given up) and enforces the export limit. Reports errors through d.
bool exportlist_finalize(ExportList *l, Diag *d);
void exportlist_free(ExportList *l);

// What a .def file (or a DLL) says about a module beside its exports.
typedef struct {
  const char *name;        // attribute text, e.g. "READ WRITE SHARED"
  const char *attrs;
  SrcLoc loc;
} DefSection;

typedef struct {
  const char *dll_name;    // LIBRARY/NAME argument: "bar.dll"; NULL when absent
  bool is_exe;             // NAME rather than LIBRARY
  SrcLoc dll_loc;
  bool has_base;
  uint64_t image_base;     // LIBRARY x BASE=n
  bool has_heap, has_heap_commit, has_stack, has_stack_commit, has_version;
  uint64_t heap_reserve, heap_commit, stack_reserve, stack_commit;
  uint32_t version_major, version_minor;
  const char *description;
  DefSection *sections;
  int nsections;
  ExportList exports;
} Module;

//
// coff.c: a small COFF object builder
//

// PE/COFF specification constants used by the writers.
enum {
  IMAGE_FILE_32BIT_MACHINE = 0x0100,
  IMAGE_SCN_CNT_CODE = 0x00000020,
  IMAGE_SCN_CNT_INITIALIZED_DATA = 0x00000040,
  IMAGE_SCN_CNT_UNINITIALIZED_DATA = 0x00000080,
  IMAGE_SCN_LNK_INFO = 0x00000200,
  IMAGE_SCN_LNK_REMOVE = 0x00000800,
  IMAGE_SCN_ALIGN_1BYTES = 0x00100000,
  IMAGE_SCN_ALIGN_2BYTES = 0x00200000,
  IMAGE_SCN_ALIGN_4BYTES = 0x00300000,
  IMAGE_SCN_ALIGN_8BYTES = 0x00400000,
  IMAGE_SCN_ALIGN_16BYTES = 0x00500000,
  IMAGE_SCN_MEM_EXECUTE = 0x20000000,
  IMAGE_SCN_MEM_READ = 0x40000000,
  IMAGE_SCN_MEM_WRITE = 0x80000000u,
  IMAGE_SYM_CLASS_EXTERNAL = 2,
  IMAGE_SYM_CLASS_STATIC = 3,
  IMAGE_SYM_CLASS_SECTION = 104,
};

typedef struct CoffObject CoffObject;

CoffObject *coff_new(Arena *a, Machine m);
// Adds a section; returns its number (1-based, as symbols refer to it).
int coff_section(CoffObject *o, const char *name, uint32_t characteristics);
Buf *coff_data(CoffObject *o, int section);
// Makes room for nrelocs relocations in a section and nsymbols symbols.
void coff_reserve(CoffObject *o, int section, uint32_t nrelocs, uint32_t nsymbols);
// Adds a symbol; returns its index in the symbol table. section 0 is
// undefined (an external reference).
uint32_t coff_symbol(CoffObject *o, const char *name, uint32_t value, int section,
                     uint16_t type, uint8_t storage_class);
// A relocation at `offset` of the section against symbol `symbol` of `type`
// (IMAGE_REL_* of the object's machine).
void coff_reloc(CoffObject *o, int section, uint32_t offset, uint32_t symbol, uint16_t type);
// The relocation type for a 32-bit image-relative address (RVA) on m.
uint16_t coff_rva_reloc(Machine m);
void coff_write(const CoffObject *o, Buf *out);
void coff_free(CoffObject *o);   // the section data; the rest is in the arena

//
// coffread.c: the section table and symbols of a COFF object
//

typedef struct {
  Str name;                // long names resolved through the string table
  uint32_t size, offset;   // raw data: its size and place in the file (0 for .bss)
  uint32_t characteristics;
  uint32_t header_offset;  // where the section header is in the file
} CoffSectionView;

typedef struct {
  uint16_t machine;        // IMAGE_FILE_MACHINE_*
  bool bigobj;             // the big-object header: 20-byte symbols
  uint32_t nsections;
  CoffSectionView *sections;
  const uint8_t *data;
  uint32_t symtab, nsymbols, symbol_size;
  const uint8_t *strtab;   // the string table, its size first; NULL if none
  uint32_t strsize;
} CoffView;

// A symbol table entry; naux auxiliary entries follow it.
typedef struct {
  Str name;
  uint32_t value;
  int32_t section;         // 1-based; 0 undefined, -1 absolute, -2 debug
  uint16_t type;           // 0x20: a function
  uint8_t storage_class;
  uint8_t naux;
} CoffSymbolView;

// Reads the section table of data, checking every offset against len.
// false when data is not a COFF object of a known machine, or is damaged.
bool coff_view(Arena *a, const uint8_t *data, size_t len, CoffView *out);
// Symbol number index of v; false past the end.
bool coff_symbol_at(const CoffView *v, uint32_t index, CoffSymbolView *out);

//
// symtab.c: the symbols of objects
//

// The model form of a linker symbol: without the i386 '_' of C names (the
// inverse of linker_symbol).
Str symbol_from_linker(Machine m, Str linker);

// Symbol names as sets (an ExportList each; see symtab.c).
typedef struct {
  ExportList defined;      // what the objects define; kind: code or data
  ExportList by_plain;     // "Foo" -> symbol "Foo@4" (NULL when two decorations share it)
  ExportList undefined;    // what they reference (defined ones may be here too)
} SymbolTable;

// Adds the external symbols of the object v to t.
void symtab_add_object(Arena *a, const CoffView *v, SymbolTable *t);
bool symtab_defines(const SymbolTable *t, const char *symbol);
// The defined symbol `symbol` stands for: itself, or the one decorated
// symbol whose plain name it is (GNU ld's stdcall fixup, and what link.exe
// and lld do for /EXPORT:Foo); NULL when there is none.
const char *symtab_resolve(const SymbolTable *t, const char *symbol);
void symtab_free(SymbolTable *t);

//
// objedit.c: adding a section to an object
//

// Writes to out the object `data` with one more section (name of at most 8
// bytes, its bytes and characteristics); false when data is not a COFF
// object or has no room for another section.
bool object_add_section(Arena *a, const uint8_t *data, size_t len, const char *name, const void *bytes, size_t n,
                        uint32_t characteristics, Buf *out);

//
// drectve.c: linker directives
//

// One export directive: "-export:Foo@4", "/EXPORT:_bar,DATA".
typedef struct {
  Str text;                // the whole directive, for messages
  bool valid;              // false: malformed (the rest is not filled in)
  bool msvc;               // "/EXPORT:": names carry the i386 '_'
  Str name, internal;      // internal.len == 0 unless "name=internal"
  uint16_t ordinal;        // 0: not given
  bool noname, is_private;
  ExportKind kind;
} DirectiveExport;

// The export directives of a .drectve text, in order, in *out (arena).
uint32_t drectve_exports(Arena *a, const char *text, size_t len, DirectiveExport **out);
// Overwrites the export directives (-export:, /EXPORT:) of a .drectve text
// with blanks; returns how many there were.
uint32_t drectve_blank_exports(char *text, size_t len);
// The same for each .drectve section of a COFF object, in place; false when
// data is not a COFF object (*blanked is then 0).
bool object_blank_exports(Arena *a, uint8_t *data, size_t len, uint32_t *blanked);

//
// ar.c: archives in the layout of lib.exe
//

// An archive symbol: `prefix` (may be "") followed by `name`, so that the
// "__imp_" names of an import library need not be built as strings.
typedef struct {
  const char *prefix;
  Str name;
} ArSymbol;

// The members of an archive, as the writer asks for them. A writer embeds
// this as its first field and casts.
typedef struct ArSource ArSource;
struct ArSource {
  uint32_t count;
  const char *(*name)(const ArSource *s, uint32_t i);   // "bar.dll"
  uint32_t (*size)(const ArSource *s, uint32_t i);
  uint32_t (*nsymbols)(const ArSource *s, uint32_t i);
  ArSymbol (*symbol)(const ArSource *s, uint32_t i, uint32_t k);
  void (*emit)(const ArSource *s, uint32_t i, Buf *out);   // exactly size(i) bytes
};

// Writes an archive in the layout of lib.exe: the first and second linker
// members, the longnames member and the members. Every name and date is
// fixed, so the same members give the same bytes.
void ar_write(Buf *out, const ArSource *src);

//
// arread.c: reading archives
//

typedef struct {
  const uint8_t *data;
  size_t len, pos;
  const uint8_t *longnames;
  size_t longnames_size;
  bool damaged;            // ar_next stopped at a damaged header
} ArReader;

typedef struct {
  Str name;                // "foo.o"
  const uint8_t *data;
  size_t size;
} ArMember;

bool ar_is_archive(const uint8_t *data, size_t len);   // "!<arch>\n"
void ar_open(ArReader *r, const uint8_t *data, size_t len);
// The next member other than the linker and longnames members; false at the
// end, and when the archive is damaged (r->damaged).
bool ar_next(ArReader *r, ArMember *out);

//
// archsel.c: the members of static libraries a link takes in
//

typedef struct {
  const char *path;
  const uint8_t *data;
  size_t len;
  bool whole;              // between --whole-archive and --no-whole-archive: every member
} ArchiveInput;

typedef struct {
  const char *archive;     // its path
  ArMember member;
} LinkedMember;

// The members of the archives that a link of objects whose symbols are
// `linked` takes in (linked grows by theirs), in *out; returns how many.
uint32_t archives_linked(Diag *d, Arena *a, SymbolTable *linked, const ArchiveInput *archives, int narchives,
                         LinkedMember **out);

//
// record.c: export records (JSON Lines)
//

// Appends e as one line of JSON.
void record_write(Buf *out, const Export *e);
// Appends s as a JSON string (bytes that are not UTF-8 as \u00XX).
void json_put_string(Buf *out, const char *s);
// Reads JSON Lines records into out (every error with its place; a name
// seen twice with two symbols or kinds is one). false after an error.
bool records_parse(Diag *d, Arena *a, const char *path, const char *text, size_t len, ExportList *out);

//
// objexports.c: the exports objects declare
//

// Adds the exports that an object file, or each object of an archive,
// declares (the GCC plugin's records, the export directives) to out.
// *machine is the machine of the objects read so far (MACH_NONE before the
// first); an object for another is an error. false after an error.
bool object_exports(Diag *d, Arena *a, const char *path, const uint8_t *data, size_t len, Machine *machine,
                    ExportList *out);

//
// def.c: the .def reader
//

typedef enum { DIALECT_MINGW, DIALECT_MSVC } Dialect;

bool dialect_parse(const char *name, Dialect *out);
// Is `name` (MinGW form) one that an MSVC .def must spell with its i386 '_'?
bool def_msvc_verbatim(const char *name);
const char *dialect_name(Dialect d);

// Parses a .def file into *m (which must be zeroed). Reports every error it
// finds with its place; returns false when there was any. text must have a
// NUL at text[len]: the model's names are ended in place in it, so it must
// live as long as m.
bool def_parse(Diag *d, Arena *a, const char *path, char *text, size_t len,
               Dialect dialect, Machine machine, Module *m);

//
// defwrite.c: the .def writer
//

typedef enum {
  DEF_AS_IS,           // every entry as it is in the model
  DEF_IMPORT,          // NAME_i.def: decorated names, for a kill-at import library
  DEF_EXPORT,          // NAME_e.def: Foo=Foo@4
  DEF_EXPORT_LLD,      // NAME_e.def for lld: plain Foo, which lld matches to _Foo@4
} DefForm;

void def_write(Buf *out, const Module *m, Dialect dialect, Machine machine, DefForm form);
// Writes a name as a .def holds it: quoted when the reader would split it
// or take it for a keyword, an ordinal or a forwarder by ordinal.
void def_put_name(Buf *out, const char *s);

//
// implib.c: import libraries
//

typedef struct {
  Machine machine;
  Dialect dialect;     // how the .def spelled the names: MSVC DLLs export `_Foo@4`
  bool kill_at;        // the DLL exports stdcall and fastcall names undecorated
  bool exportas;       // may use the EXPORTAS name type (link.exe, lld 18+)
} ImplibOptions;

// Writes the import library for m (which must have a DLL name) to out.
void implib_write(Buf *out, Arena *a, const Module *m, const ImplibOptions *opt);

// Writes the delay-load import library for m (machine i386 or x86_64);
// data exports are left out with a warning.
void delaylib_write(Buf *out, Diag *d, Arena *a, const Module *m, const ImplibOptions *opt);

//
// implibread.c: reading import libraries
//

// The name types of a short import object (PE/COFF specification, "Import
// Name Type"): how the loader's name is made from the symbol.
typedef enum {
  IMPORT_ORDINAL = 0,           // by ordinal
  IMPORT_NAME = 1,              // the symbol is the name
  IMPORT_NAME_NOPREFIX = 2,     // the symbol without its leading ?, @ or _
  IMPORT_NAME_UNDECORATE = 3,   // that, cut at the first @
  IMPORT_NAME_EXPORTAS = 4,     // a name given after the DLL name
} ImportNameType;

// One import: of an import library (a member for one symbol), or of a PE
// image's import table.
typedef struct {
  const char *dll;          // the DLL it is imported from, as written: "KERNEL32.dll"
  const char *symbol;       // an import library's symbol, as the linker sees it ("_Foo@4"); NULL in a PE image
  const char *name;         // the name the loader looks up (the name type applied); NULL: by ordinal
  uint16_t ordinal;         // by ordinal: the ordinal; by name: the hint
  ImportNameType name_type; // IMPORT_NAME for a PE image's by-name import and a long-format member
  ExportKind kind;          // code, data or const (PE images: code)
  bool long_format;         // an import library member in dlltool's long format (.idata sections)
  SrcLoc loc;               // "lib.a(member)" or the image
} Import;

typedef struct {
  Import *v;
  uint32_t len, cap;
} ImportList;

// Adds the imports of an import library (short import objects, and GNU
// dlltool's long-format members, whose DLL name comes from the head and
// tail objects they refer to) to out. Other members are skipped. *machine
// as object_exports. Every damage is reported at its place; false then.
// A long-format import's DLL name points into data.
bool implib_read(Diag *d, Arena *a, const char *path, const uint8_t *data, size_t len, Machine *machine,
                 ImportList *out);

//
// peread.c: PE images (DLLs and programs), bounds-checked
//

typedef struct {
  Str name;
  uint32_t rva, vsize;         // VirtualAddress, VirtualSize
  uint32_t offset, size;       // PointerToRawData, SizeOfRawData
  uint32_t characteristics;
} PeSection;

typedef struct {
  uint32_t rva, size;
} PeDirectory;

enum { PE_EXPORT_DIRECTORY = 0, PE_IMPORT_DIRECTORY = 1, PE_DELAY_IMPORT_DIRECTORY = 13 };

typedef struct {
  const uint8_t *data;
  size_t len;
  Machine machine;
  bool pe32plus;               // the 64-bit optional header
  bool is_dll;
  uint64_t image_base;
  uint32_t nsections;
  PeSection *sections;
  uint32_t ndirectories;
  PeDirectory directories[16];
} PeView;

// Reads the headers and the section table of a PE image; false, with the
// reason in *why, when data is no PE image or is damaged. The names the
// readers below give point into data, which must outlive them.
bool pe_view(Arena *a, const uint8_t *data, size_t len, PeView *out, const char **why);
// The section holding rva; NULL when none does.
const PeSection *pe_section_of(const PeView *v, uint32_t rva);
// The `size` bytes at rva, when they all lie in one section's raw data;
// else NULL. (Bytes past the raw data but inside the section read as
// zeros to the loader; callers that need them get NULL.)
const uint8_t *pe_bytes(const PeView *v, uint32_t rva, uint32_t size);
// The export table as a Module: the DLL's name in the table, and each
// export with its ordinal, name (noname when it has none), rva, forwarder
// ("other.Func", "other.#12") and kind (data when its section is not
// executable). Damage is reported at path; false then.
bool pe_exports(Diag *d, Arena *a, const char *path, const PeView *v, Module *out);
// Adds the image's imports (import directory, and delay-load imports) to out.
bool pe_imports(Diag *d, Arena *a, const char *path, const PeView *v, ImportList *out);

//
// x86code.c: what an i386 function's code says about its stack
//

// How many argument bytes an i386 function pops on return, read from its
// code: the N of its `ret N` (0 for a plain `ret`: the caller pops, as for
// cdecl). Jump thunks (`jmp rel`, `jmp [import]`) are followed.
typedef struct {
  int bytes;               // the N of every return found; -1 when unknown
  bool sure;               // every path walked ends in a return with that N
  const char *why;         // when not sure: what stopped the walk ("indirect jump", ...)
  uint32_t rva;            // the code finally reached after the thunks
  const char *import;      // a thunk into the import table: "KERNEL32.dll!Sleep"; else NULL
} CalleePops;

// What x86code.c reads of an image once for all its functions (the starts
// of its exported functions, its import address table slots), in a.
typedef struct X86Image X86Image;
X86Image *x86_image(Arena *a, const PeView *v);
// Fills *out for the function at rva of an i386 image; false when rva is
// no code of the image (out->why says so).
bool x86_callee_pops(X86Image *img, uint32_t rva, CalleePops *out);

//
// edata.c: export objects
//

// Writes the COFF object whose .edata section is m's export table (after
// exportlist_finalize: sorted, ordinals assigned). false after an error.
bool edata_write(Buf *out, Diag *d, Arena *a, Module *m, Machine machine, Dialect dialect);

//
// dlllink.c: linking a DLL with our export table
//

typedef enum { LINKER_GNU, LINKER_LLD } Linker;

typedef struct {
  char *const *argv;   // the command that links the DLL: "gcc -shared -o x.dll a.o ..."
  int argc;
  Linker linker;       // what the command links with
  Module *m;           // the export .def
  Machine machine;
  Dialect dialect;
  bool verbose;        // print the command
} DllLink;

// Runs the command with the export object of m added, the objects' export
// directives left out, and what the linker needs to add no exports itself.
bool dll_link(Diag *d, Arena *a, const DllLink *link);

//
// imports.c: how a client imports each export
//

const char *import_dll_name(Arena *a, const Module *m);   // "bar" -> "bar.dll"
const char *import_dll_stem(Arena *a, const char *dll);   // "bar.dll" -> "bar"
// The symbol a client compiled against the prototype links, without the
// i386 '_' (see linker_underscore): "Foo@4".
Str import_client_name(Arena *a, Machine m, const Export *e);
// The name under which the DLL exports e: what the loader looks up.
Str import_exported_name(Arena *a, const Export *e, const ImplibOptions *opt);
// The hint of each export's import (indexed like m->exports.v): the index
// of its name in the DLL's export name table; 0 for ordinal imports.
uint16_t *import_hints(Arena *a, const Module *m, const ImplibOptions *opt);

// The jump through the __imp_ pointer that a code import needs: the code,
// and where and of which type its relocations against __imp_ are.
typedef struct {
  uint8_t code[16];
  uint32_t size, reloc_offset;
  uint16_t reloc_type;
  uint32_t reloc2_offset;   // arm64 needs a second one; 0 = none
  uint16_t reloc2_type;
} ImportThunk;

ImportThunk import_thunk(Machine m);

#ifdef __cplusplus
}
#endif

#endif

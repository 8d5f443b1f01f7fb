// audit.h - `ccdll audit`: what headers declare against what DLLs, import
// libraries and .def files hold.
//
// auditread.c reads each artifact into entries keyed by the plain C name;
// audit.c applies the rules and makes the findings; auditout.c writes them
// as GCC diagnostics, JSON or SARIF 2.1.0; tool_audit.c is the command.
#ifndef CCDLL_AUDIT_H
#define CCDLL_AUDIT_H

#include "core.h"

typedef enum { SEVERITY_NOTE, SEVERITY_WARNING, SEVERITY_ERROR } Severity;

// The rules, in the order of audit.c's table (their ids are the names in
// every output format).
typedef enum {
  RULE_DECORATION_MISMATCH,       // Foo@8 declared, Foo@12 in the artifact
  RULE_CONVENTION_MISMATCH,       // stdcall declared, @Foo@8 or plain Foo in the artifact, ...
  RULE_STACK_BYTES_MISMATCH,      // stdcall Foo@8 declared, the code ends in ret 12
  RULE_CALLEE_POPS_CDECL,         // cdecl declared, the code ends in ret N
  RULE_CALLER_POPS_STDCALL,       // stdcall declared, the code ends in a plain ret
  RULE_CODE_DECLARED_DATA,        // a function in the headers, data in the artifact
  RULE_DATA_DECLARED_CODE,        // a variable in the headers, code in the artifact
  RULE_MISSING_IN_HEADERS,        // exported, declared nowhere
  RULE_MISSING_IN_ARTIFACTS,      // declared, in no artifact
  RULE_UNDECORATED_IMPORT_SYMBOL, // _Foo beside _Foo@8: links without the prototype
  RULE_LOADER_NAME_MISSING,       // the import library asks the DLL for a name it lacks
  RULE_ORDINAL_MISMATCH,          // imported by an ordinal the DLL gives another name, or none
  RULE_DLL_NAME_MISMATCH,         // the import library or .def names another DLL
  RULE_EXPORT_REMOVED,            // --baseline: gone
  RULE_EXPORT_RENAMED,            // --baseline: its ordinal has another name now
  RULE_DECORATION_CHANGED,        // --baseline: Foo@8 then, Foo@12 now
  RULE_ORDINAL_MOVED,             // --baseline: another ordinal now
  RULE_KIND_CHANGED,              // --baseline: data then, code now, or the reverse
  RULE_COUNT
} RuleId;

typedef struct {
  const char *id;          // "decoration-mismatch"
  Severity severity;
  const char *summary;     // one sentence, for SARIF's rule list and --list-rules
} AuditRule;

extern const AuditRule audit_rules[RULE_COUNT];

const char *severity_name(Severity s);   // "note", "warning", "error"

typedef enum { ARTIFACT_DLL, ARTIFACT_IMPLIB, ARTIFACT_DEF } ArtifactKind;

// What an artifact holds for one name.
typedef struct {
  const char *key;         // the plain C name: Foo for Foo@4, @Foo@4 and _Foo@4; others as they are
  const char *symbol;      // what clients link, model form (Foo@4); a DLL's: the exported name
  const char *loader_name; // the name the loader looks up; NULL: by ordinal
  CallConv conv;           // of the symbol's decoration; CONV_NONE when it has none
  int arg_bytes;           // its N; -1 when none
  ExportKind kind;
  uint16_t ordinal;        // 0: none given (a .def), by name (an import)
  bool noname;             // a DLL's export without a name
  const char *forward;     // a DLL's forwarder: "other.Func"
  bool in_library;         // an import library's own member defines it: no import
  bool has_pops;           // an i386 DLL's code was read: pops says what it pops
  CalleePops pops;
  SrcLoc loc;              // "lib.a(member)", "x.def:12:3", "x.dll"
} Entry;

typedef struct {
  ArtifactKind kind;
  const char *path;
  const char *dll_name;    // the DLL it names (DLL: its export table's name); NULL: none
  SrcLoc dll_loc;
  Machine machine;
  Entry *v;                // sorted by key, then symbol
  uint32_t len;
  char *data;              // the file as read
} Artifact;

// Reads an artifact; damage is reported through d (false then).
bool artifact_read(Diag *d, Arena *a, ArtifactKind kind, const char *path, Artifact *out);
void artifact_free(Artifact *art);
const char *artifact_kind_name(ArtifactKind k);   // "DLL", "import library", ".def"
// The entries of a key: *n of them from the returned one; NULL when none.
const Entry *artifact_find(const Artifact *art, const char *key, uint32_t *n);

typedef struct {
  RuleId rule;
  const char *name;        // the function or variable
  SrcLoc loc;              // the header's declaration; else the artifact's place
  const char *message;
  SrcLoc related;          // the artifact's place, when loc is the header's; file NULL: none
  const char *related_message;
} Finding;

typedef struct {
  Finding *v;
  uint32_t len, cap;
} Findings;

typedef struct {
  const ExportList *decls; // what the headers declare (declaration_only or not); NULL: no headers
  const Artifact *artifacts;
  int nartifacts;
  const Artifact *baseline;   // the previous release; NULL: none
} AuditInput;

// Applies every rule; the findings come in the order of their places.
void audit_run(Arena *a, const AuditInput *in, Findings *out);

typedef enum { FORMAT_GCC, FORMAT_JSON, FORMAT_SARIF } AuditFormat;

void audit_write(Buf *out, const Findings *f, AuditFormat format);

#endif

// tool_audit.c - `ccdll audit`: headers against DLLs, import libraries and
// .def files (audit.c), the report in GCC's form, JSON or SARIF.
#include "audit.h"
#include "tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
  "usage: ccdll audit [options] {--dll D | --implib L | --def F}... [-- CLANG_ARGS]\n"
  "\n"
  "Holds what the headers declare against what each DLL, import library and\n"
  ".def holds, and the artifacts against one another and against the previous\n"
  "release: a different @nn or calling convention, code that pops another\n"
  "stack than its prototype says (i386 ret N), names exported but declared\n"
  "nowhere and the reverse, data against code, import names the DLL lacks,\n"
  "undecorated import symbols, DLL names, and ABI breaks. 'ccdll audit\n"
  "--list-rules' lists the rules.\n"
  "\n"
  "  --header=H            a header whose declarations (and those of the headers\n"
  "                        under its directory) are the truth; parsed with libclang\n"
  "  -I DIR, -D NAME[=V]   passed to libclang, as are CLANG_ARGS after --\n"
  "  --target=TRIPLE       the headers' target (default: the artifacts' machine,\n"
  "                        i686-w64-mingw32 or x86_64-w64-mingw32)\n"
  "  --dll=D               a DLL (its exports; on i386 its code's ret N)\n"
  "  --implib=L            an import library (short or long import members)\n"
  "  --def=F               a .def (what clients link: Foo@4, Foo=Foo@4)\n"
  "  --baseline=OLD        the previous release's DLL, import library or .def:\n"
  "                        removed, renamed, redecorated and moved exports\n"
  "  --format=gcc|json|sarif  the report's form (default gcc: file:line:col)\n"
  "  -o, --output=FILE     write the report to FILE (default: standard output)\n"
  "  --fail-on=error|warning|note|never\n"
  "                        exit 1 when a finding is at least that severe\n"
  "                        (default error)\n"
  "  --ignore=RULE         drop the findings of RULE (repeatable)\n"
  "  --list-rules          list the rules and their severities\n";

typedef struct {
  const char **v;
  int n;
} Strings;

static void strings_add(Strings *s, const char *x) {
  s->v = xrealloc(s->v, (size_t)(s->n + 1) * sizeof *s->v);
  s->v[s->n++] = x;
}

// The headers' target when --target is not given: the artifacts'
// machine; a .def tells none, but its @nn only i386 has.
static Machine artifacts_machine(const Artifact *arts, int n) {
  for (int i = 0; i < n; i++)
    if (arts[i].machine != MACH_NONE)
      return arts[i].machine;
  for (int i = 0; i < n; i++)
    for (uint32_t j = 0; j < arts[i].len; j++)
      if (arts[i].v[j].conv != CONV_NONE)
        return MACH_I386;
  return MACH_AMD64;
}

static ArtifactKind kind_by_content(const char *path) {
  FILE *f = fopen(path, "rb");
  char head[8] = {0};
  size_t n = f ? fread(head, 1, sizeof head, f) : 0;
  if (f)
    fclose(f);
  if (n >= 2 && head[0] == 'M' && head[1] == 'Z')
    return ARTIFACT_DLL;
  if (n == 8 && !memcmp(head, "!<arch>\n", 8))
    return ARTIFACT_IMPLIB;
  return ARTIFACT_DEF;
}

static bool parse_severity(const char *s, int *out) {
  static const char *const names[] = {"note", "warning", "error", "never"};
  for (int i = 0; i < 4; i++)
    if (!strcmp(s, names[i])) {
      *out = i;
      return true;
    }
  return false;
}

static int rule_by_id(const char *id) {
  for (int i = 0; i < RULE_COUNT; i++)
    if (!strcmp(audit_rules[i].id, id))
      return i;
  return -1;
}

int tool_audit(int argc, char **argv) {
  Strings headers = {0}, clang_args = {0};
  const char *target = NULL, *baseline = NULL, *output = NULL, *value;
  AuditFormat format = FORMAT_GCC;
  int fail_on = SEVERITY_ERROR;
  bool ignored[RULE_COUNT] = {0};
  for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      fputs(usage, stdout);
      return 0;
    }
    if (!strcmp(argv[i], "--list-rules")) {
      for (int r = 0; r < RULE_COUNT; r++)
        printf("%-26s %-8s %s\n", audit_rules[r].id, severity_name(audit_rules[r].severity), audit_rules[r].summary);
      return 0;
    }
  }
  Artifact *arts = xmalloc((size_t)argc * sizeof *arts);
  const char **art_paths = xmalloc((size_t)argc * sizeof *art_paths);
  ArtifactKind *art_kinds = xmalloc((size_t)argc * sizeof *art_kinds);
  int narts = 0;

  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!strcmp(arg, "--")) {
      for (i++; i < argc; i++)
        strings_add(&clang_args, argv[i]);
    } else if (opt_value(argc, argv, &i, NULL, "--header", &value)) {
      strings_add(&headers, value);
    } else if (opt_value(argc, argv, &i, "-I", NULL, &value)) {
      strings_add(&clang_args, "-I");
      strings_add(&clang_args, value);
    } else if (opt_value(argc, argv, &i, "-D", NULL, &value)) {
      strings_add(&clang_args, "-D");
      strings_add(&clang_args, value);
    } else if (opt_value(argc, argv, &i, NULL, "--target", &value)) {
      target = value;
    } else if (opt_value(argc, argv, &i, NULL, "--dll", &value)) {
      art_kinds[narts] = ARTIFACT_DLL, art_paths[narts++] = value;
    } else if (opt_value(argc, argv, &i, NULL, "--implib", &value)) {
      art_kinds[narts] = ARTIFACT_IMPLIB, art_paths[narts++] = value;
    } else if (opt_value(argc, argv, &i, NULL, "--def", &value)) {
      art_kinds[narts] = ARTIFACT_DEF, art_paths[narts++] = value;
    } else if (opt_value(argc, argv, &i, NULL, "--baseline", &value)) {
      baseline = value;
    } else if (opt_value(argc, argv, &i, "-o", "--output", &value)) {
      output = value;
    } else if (opt_value(argc, argv, &i, NULL, "--format", &value)) {
      if (!strcmp(value, "gcc"))
        format = FORMAT_GCC;
      else if (!strcmp(value, "json"))
        format = FORMAT_JSON;
      else if (!strcmp(value, "sarif"))
        format = FORMAT_SARIF;
      else
        value_error("unknown report format '%s' (gcc, json or sarif)", value);
    } else if (opt_value(argc, argv, &i, NULL, "--fail-on", &value)) {
      if (!parse_severity(value, &fail_on))
        value_error("unknown severity '%s' (error, warning, note or never)", value);
    } else if (opt_value(argc, argv, &i, NULL, "--ignore", &value)) {
      int r = rule_by_id(value);
      if (r < 0)
        value_error("unknown rule '%s' (see 'ccdll audit --list-rules')", value);
      ignored[r] = true;
    } else {
      usage_error("audit: unknown option or stray argument '%s' (see 'ccdll audit --help')", arg);
    }
  }
  if (!narts)
    usage_error("audit: give at least one --dll, --implib or --def");

  Diag d = {.prog = "ccdll"};
  Arena a = {0};
  stats_phase("read the artifacts");
  for (int i = 0; i < narts; i++)
    artifact_read(&d, &a, art_kinds[i], art_paths[i], &arts[i]);
  Artifact old = {0};
  if (baseline)
    artifact_read(&d, &a, kind_by_content(baseline), baseline, &old);
  stats_phase("read the headers");
  ExportList decls = {0};
  if (!d.errors && headers.n)
    read_headers(&d, &a, target, artifacts_machine(arts, narts), headers.v, headers.n, clang_args.v, clang_args.n,
                 &decls);
  stats_count("declarations", decls.len);

  int status = 1;
  if (!d.errors) {
    Findings found = {0}, kept = {0};
    AuditInput in = {headers.n ? &decls : NULL, arts, narts, baseline ? &old : NULL};
    stats_phase("apply the rules");
    audit_run(&a, &in, &found);
    stats_count("findings", found.len);
    status = 0;
    for (uint32_t i = 0; i < found.len; i++) {
      if (ignored[found.v[i].rule])
        continue;
      kept.v = arena_reserve(&a, kept.v, kept.len, &kept.cap, kept.len + 1, sizeof *kept.v);
      kept.v[kept.len++] = found.v[i];
      if ((int)audit_rules[found.v[i].rule].severity >= fail_on)
        status = 1;
    }
    Buf report = {0};
    stats_phase("write the report");
    audit_write(&report, &kept, format);
    if (!write_output(&d, output, &report))
      status = 1;
    buf_free(&report);
  }
  for (int i = 0; i < narts; i++)
    artifact_free(&arts[i]);
  artifact_free(&old);
  exportlist_free(&decls);
  arena_free(&a);
  free(arts), free(art_paths), free(art_kinds), free(headers.v), free(clang_args.v);
  return status;
}

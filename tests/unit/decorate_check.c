// decorate_check.c - prints the symbols cc-dll computes for the cases of
// tests/decorate/cases.txt, for run.sh to compare with the compilers'.
//
// usage: decorate_check CASES TRIPLE gcc|clang
//
// Prints "name symbol" for every case that applies to the target and the
// compiler, symbol = linker_symbol(decorate(decorate_arg_bytes(...))).
// A malformed table is an error (exit 1); see cases.txt for its format.
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_PARAMS = 64, MAX_CASES = 1024 };

static const char *cases_path;
static int lineno;

NORETURN PRINTF_LIKE(1, 2) static void fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "%s:%d: error: ", cases_path, lineno);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(1);
}

// Cuts s at the next '|' and returns the field with its blanks trimmed;
// *s moves past the '|' (or to NULL after the last field).
static char *next_field(char **s) {
  if (!*s)
    return NULL;
  char *f = *s, *bar = strchr(f, '|');
  if (bar) {
    *bar = '\0';
    *s = bar + 1;
  } else {
    *s = NULL;
  }
  while (*f == ' ' || *f == '\t')
    f++;
  char *end = f + strlen(f);
  while (end > f && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
    end--;
  *end = '\0';
  return f;
}

static CallConv parse_conv(const char *s) {
  for (CallConv c = CONV_CDECL; c <= CONV_THISCALL; c++)
    if (!strcmp(s, conv_name(c)))
      return c;
  fail("unknown convention '%s'", s);
}

// "struct:12" -> 12 when s is "struct:" followed by a number.
static bool sized(const char *s, const char *kind, uint32_t *size) {
  size_t n = strlen(kind);
  if (strncmp(s, kind, n) || s[n] != ':')
    return false;
  char *end;
  unsigned long v = strtoul(s + n + 1, &end, 10);
  if (end == s + n + 1 || *end)
    fail("bad size in '%s'", s);
  *size = (uint32_t)v;
  return true;
}

// params = "void" | type {type} ["..."]
static int parse_params(char *s, ParamType *params, bool *variadic) {
  int n = 0;
  *variadic = false;
  if (!strcmp(s, "void"))
    return 0;
  for (char *tok = strtok(s, " \t"); tok; tok = strtok(NULL, " \t")) {
    if (*variadic)
      fail("'...' must come last");
    if (!strcmp(tok, "...")) {
      *variadic = true;
      continue;
    }
    if (n == MAX_PARAMS)
      fail("too many parameters");
    ParamType *p = &params[n++];
    uint32_t size;
    if (!strcmp(tok, "char") || !strcmp(tok, "bool"))
      *p = (ParamType){PT_INT, 1};
    else if (!strcmp(tok, "short"))
      *p = (ParamType){PT_INT, 2};
    else if (!strcmp(tok, "int") || !strcmp(tok, "long") || !strcmp(tok, "enum"))
      *p = (ParamType){PT_INT, 4};
    else if (!strcmp(tok, "llong"))
      *p = (ParamType){PT_INT, 8};
    else if (!strcmp(tok, "float"))
      *p = (ParamType){PT_FLOAT, 0};
    else if (!strcmp(tok, "double"))
      *p = (ParamType){PT_DOUBLE, 0};
    else if (!strcmp(tok, "ldouble"))
      *p = (ParamType){PT_LONG_DOUBLE, 0};
    else if (!strcmp(tok, "ptr"))
      *p = (ParamType){PT_POINTER, 0};
    else if (sized(tok, "int", &size))
      *p = (ParamType){PT_INT, size};
    else if (sized(tok, "struct", &size) || sized(tok, "union", &size))
      *p = (ParamType){PT_RECORD, size};
    else if (sized(tok, "vec", &size))
      *p = (ParamType){PT_VECTOR, size};
    else if (sized(tok, "complex", &size))
      *p = (ParamType){PT_COMPLEX, size};
    else
      fail("unknown parameter type '%s'", tok);
  }
  if (n == 0 && !*variadic)
    fail("no parameters: write 'void'");
  return n;
}

// Does the tag MACHINE[-ABI][/COMPILER] take this target and compiler?
static bool tag_matches(char *tag, Target t, const char *compiler) {
  char *slash = strchr(tag, '/');
  if (slash) {
    *slash = '\0';
    if (strcmp(slash + 1, "gcc") && strcmp(slash + 1, "clang"))
      fail("unknown compiler '%s'", slash + 1);
    if (strcmp(slash + 1, compiler))
      return false;
  }
  char *dash = strchr(tag, '-');
  if (dash) {
    *dash = '\0';
    if (strcmp(dash + 1, "gnu") && strcmp(dash + 1, "msvc"))
      fail("unknown ABI '%s'", dash + 1);
    if ((t.abi == ABI_MSVC) != !strcmp(dash + 1, "msvc"))
      return false;
  }
  if (!strcmp(tag, "all"))
    return true;
  if (!strcmp(tag, "x86"))
    return t.machine == MACH_I386 || t.machine == MACH_AMD64;
  static const struct { const char *name; Machine m; } machines[] = {
    {"i386", MACH_I386}, {"x64", MACH_AMD64}, {"arm", MACH_ARMNT}, {"arm64", MACH_ARM64},
  };
  for (size_t i = 0; i < sizeof machines / sizeof *machines; i++)
    if (!strcmp(tag, machines[i].name))
      return t.machine == machines[i].m;
  fail("unknown machine '%s'", tag);
}

static bool applies(char *targets, Target t, const char *compiler) {
  bool yes = false;
  for (char *tag = strtok(targets, ","); tag; tag = strtok(NULL, ","))
    yes |= tag_matches(tag, t, compiler);   // check every tag's spelling
  return yes;
}

int main(int argc, char **argv) {
  if (argc != 4 || (strcmp(argv[3], "gcc") && strcmp(argv[3], "clang"))) {
    fprintf(stderr, "usage: decorate_check CASES TRIPLE gcc|clang\n");
    return 2;
  }
  cases_path = argv[1];
  Target t;
  if (!target_parse_triple(argv[2], &t)) {
    fprintf(stderr, "decorate_check: error: '%s' is not a Windows target\n", argv[2]);
    return 2;
  }
  FILE *in = fopen(cases_path, "r");
  if (!in) {
    perror(cases_path);
    return 1;
  }

  Arena arena = {0};
  char *done[MAX_CASES];   // names printed, to catch a case that applies twice
  int ndone = 0;
  char *line = NULL;
  size_t cap = 0;
  while (getline(&line, &cap, in) != -1) {
    lineno++;
    char *s = line + strspn(line, " \t");
    if (*s == '\0' || *s == '\n' || *s == '#' || *s == '%')
      continue;
    char *name = next_field(&s), *conv = next_field(&s), *params = next_field(&s);
    char *targets = next_field(&s), *decl = next_field(&s);
    if (!decl || !*name || !*decl)
      fail("expected 'name | conv | params | targets | declaration'");
    if (s)
      fail("'|' in the declaration");
    if (!strstr(decl, name))
      fail("the declaration does not name '%s'", name);

    ParamType p[MAX_PARAMS];
    bool variadic;
    CallConv c = parse_conv(conv);
    int n = parse_params(params, p, &variadic);
    if (!applies(targets, t, argv[3]))
      continue;

    for (int i = 0; i < ndone; i++)
      if (!strcmp(done[i], name))
        fail("'%s' applies twice to %s with %s", name, argv[2], argv[3]);
    if (ndone == MAX_CASES)
      fail("too many cases");
    done[ndone++] = arena_strdup(&arena, name);

    int bytes = decorate_arg_bytes(t, c, p, n, variadic);
    char *sym = linker_symbol(&arena, t.machine, decorate(&arena, t.machine, c, name, bytes));
    printf("%s %s\n", name, sym);
  }
  free(line);
  fclose(in);
  arena_free(&arena);
  return 0;
}

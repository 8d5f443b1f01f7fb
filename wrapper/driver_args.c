// driver_args.c - gcc's command line as cc-dll reads it: which arguments
// are inputs (and of what kind), which options compile and which only
// link, the mode (-E, -S, -c or link), and cc-dll's own options, which
// carry the prefix --ccdll- that gcc never uses (and --dry-run).
//
// Options that take their value as the next argument are those of gcc's
// and clang's drivers listed below; everything else that starts with '-'
// is one argument. An argument that does not start with '-' (or is "-")
// is an input: a source when a -x LANG is in effect or by its suffix, as
// gcc decides (gcc.c, default_compilers), else a linker input.
#include "driver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

// Options whose value is the next argument (when not joined to them).
static const char *const compile_separate[] = {
  "-D", "-U", "-I", "-include", "-imacros", "-iprefix", "-iwithprefix", "-iwithprefixbefore",
  "-isystem", "-idirafter", "-iquote", "-isysroot", "-imultilib", "-MF", "-MT", "-MQ", "-aux-info",
  "--param", "-Xpreprocessor", "-Xassembler", "-A", "-B", "-wrapper", "-dumpdir", "-dumpbase",
  "-dumpbase-ext", "--sysroot", "-target", "-Xclang", "-cxx-isystem", "-isystem-after", "-include-pch",
  "-ivfsoverlay", "-arch", NULL,
};
static const char *const link_separate[] = {"-L", "-l", "-Xlinker", "-T", "-u", "-e", "-z", NULL};
// Options only the link step takes.
static const char *const link_only[] = {
  "-shared", "-mdll", "-static", "-static-libgcc", "-static-libstdc++", "-shared-libgcc", "-nostdlib",
  "-nodefaultlibs", "-nostartfiles", "-s", "-rdynamic", "-pie", "-no-pie", "-mwindows", "-mconsole", NULL,
};

static bool in_list(const char *const *list, const char *s) {
  for (; *list; list++)
    if (!strcmp(*list, s))
      return true;
  return false;
}

static bool has_suffix(const char *s, const char *const *suffixes) {
  const char *dot = strrchr(s, '.');
  const char *slash = strrchr(s, '/');
  if (!dot || (slash && dot < slash))
    return false;
  return in_list(suffixes, dot);
}

// gcc's suffixes for what it compiles (case matters: .C is C++, .S is
// assembler to preprocess).
static const char *const source_suffixes[] = {
  ".c", ".i", ".ii", ".cc", ".cp", ".cxx", ".cpp", ".CPP", ".c++", ".C", ".m", ".mi", ".mm", ".M", ".mii",
  ".s", ".S", ".sx", ".h", ".hh", ".hpp", ".hxx", ".H", ".tcc", NULL,
};
static const char *const object_suffixes[] = {".o", ".obj", ".res", NULL};
static const char *const archive_suffixes[] = {".a", ".lib", NULL};

static ArgRole input_role(const char *path, const char *language) {
  if (language || has_suffix(path, source_suffixes))
    return ARG_SOURCE;
  if (has_suffix(path, object_suffixes))
    return ARG_OBJECT;
  if (has_suffix(path, archive_suffixes))
    return ARG_ARCHIVE;
  const char *dot = strrchr(path, '.');
  if (dot && !strcasecmp(dot, ".def"))
    return ARG_DEF;
  return ARG_OTHER_INPUT;
}

// What a linker input whose name says nothing (bar.lo, libtool's) is, by
// its first bytes, as the linker finds out: an archive, a COFF object (or
// a big object), or something else (a DLL, a linker script).
static ArgRole sniff_input(const char *path) {
  uint8_t h[8];
  FILE *f = fopen(path, "rb");
  size_t n = f ? fread(h, 1, sizeof h, f) : 0;
  if (f)
    fclose(f);
  if (n == 8 && !memcmp(h, "!<arch>\n", 8))
    return ARG_ARCHIVE;
  if (n == 8 && h[0] == 0 && h[1] == 0 && h[2] == 0xff && h[3] == 0xff && h[4] == 2)
    return ARG_OBJECT;
  if (n >= 2 && machine_from_coff((uint16_t)(h[0] | h[1] << 8)) != MACH_NONE)
    return ARG_OBJECT;
  return ARG_OTHER_INPUT;
}

// Takes cc-dll's own option arg; false when it is none.
static bool own_option(const char *arg, Invocation *inv) {
  const char *v;
  if (!strcmp(arg, "--dry-run")) {
    inv->dry_run = true;
  } else if (strncmp(arg, "--ccdll-", 8)) {
    return false;
  } else if (!strncmp(arg, "--ccdll-cc=", 11)) {
    inv->compiler = arg + 11;
  } else if (!strncmp(arg, "--ccdll-implib=", 15)) {
    inv->implib = arg + 15;
  } else if (!strcmp(arg, "--ccdll-no-implib")) {
    inv->no_implib = true;
  } else if (!strncmp(arg, "--ccdll-exp=", 12)) {
    inv->exp = arg + 12;
  } else if (!strcmp(arg, "--ccdll-compiler-check")) {
    inv->compiler_check = true;
  } else if (!strcmp(arg, "--ccdll-stats")) {
    inv->stats = true;
  } else if (!strcmp(arg, "--ccdll-no-runtime")) {
    inv->no_runtime = true;
  } else if (!strcmp(arg, "--ccdll-lld-def")) {
    inv->lld_def = true;
  } else if (!strncmp(arg, "--ccdll-exports=", 16)) {
    v = arg + 16;
    if (!strcmp(v, "undecorated"))
      inv->policy = EXPORTS_UNDECORATED;
    else if (!strcmp(v, "decorated"))
      inv->policy = EXPORTS_DECORATED;
    else if (!strcmp(v, "both"))
      inv->policy = EXPORTS_BOTH;
    else
      usage_error("unknown value '%s' of --ccdll-exports (undecorated, decorated or both)", v);
  } else {
    usage_error("unknown option '%s' (see 'cc-dll --ccdll-help')", arg);
  }
  return true;
}

// The linker options cc-dll carries out itself, taken out of -Wl,A,B,...:
// what is left of the argument, or NULL when nothing is.
static char *take_linker_options(Arena *a, const char *arg, Invocation *inv) {
  char *copy = arena_strdup(a, arg + 4);   // after "-Wl,"
  char *left = arena_strdup(a, "-Wl");
  char *next, *item = copy;
  bool kept = false;
  for (; item; item = next) {
    next = strchr(item, ',');
    if (next)
      *next++ = '\0';
    const char **value = NULL;
    if (!strcmp(item, "--out-implib") || !strncmp(item, "--out-implib=", 13))
      value = &inv->implib;
    else if (!strcmp(item, "--output-def") || !strncmp(item, "--output-def=", 13))
      value = &inv->output_def;
    if (value) {
      const char *eq = strchr(item, '=');
      *value = eq ? eq + 1 : next;
      if (!eq && next) {   // the value is the next item
        next = strchr(next, ',');
        if (next)
          *next++ = '\0';
      }
      continue;
    }
    if (!strcmp(item, "--kill-at") || !strcmp(item, "-k")) {
      inv->policy = EXPORTS_UNDECORATED;
      continue;
    }
    if (!strcmp(item, "--add-stdcall-alias")) {
      inv->policy = EXPORTS_BOTH;
      continue;
    }
    if (!strcmp(item, "--export-all-symbols"))
      inv->export_all = true;   // GNU ld's option; passed on as well
    left = arena_concat(a, left, ",", item);
    kept = true;
  }
  return kept ? left : NULL;
}

void invocation_parse(Diag *d, Arena *a, int argc, char **argv, Invocation *inv) {
  *inv = (Invocation){.policy = EXPORTS_UNDECORATED};
  if (!expand_response_files(d, a, &argc, &argv))
    exit(1);
  inv->argv = arena_alloc(a, sizeof(char *) * (size_t)(argc + 1));
  inv->role = arena_alloc(a, sizeof(ArgRole) * (size_t)(argc + 1));
  inv->language = arena_alloc(a, sizeof(char *) * (size_t)(argc + 1));
  bool preprocess = false, assemble = false, compile = false, deps_only = false;
  const char *language = NULL;
  int n = 0;
  for (int i = 1; i < argc; i++) {
    char *arg = argv[i];
    if (own_option(arg, inv))
      continue;
    ArgRole role = ARG_COMPILE;
    bool separate = false;
    if (arg[0] != '-' || !arg[1]) {
      role = input_role(arg, language);
      inv->language[n] = language;
    } else if (!strcmp(arg, "-o") || (!strncmp(arg, "-o", 2) && arg[2])) {
      role = ARG_OUTPUT;
      separate = !arg[2];
      inv->output = separate ? (i + 1 < argc ? argv[i + 1] : NULL) : arg + 2;
    } else if (!strncmp(arg, "-x", 2)) {
      role = ARG_LANGUAGE;
      separate = !arg[2];
      const char *lang = separate ? (i + 1 < argc ? argv[i + 1] : "") : arg + 2;
      language = strcmp(lang, "none") ? lang : NULL;
    } else if (!strncmp(arg, "-Wl,", 4)) {
      role = ARG_LINK;
      if (!(arg = take_linker_options(a, arg, inv)))
        continue;
    } else if (in_list(link_separate, arg) || in_list(link_only, arg) || !strncmp(arg, "-l", 2) ||
               !strncmp(arg, "-L", 2) || !strncmp(arg, "-fuse-ld=", 9)) {
      role = ARG_LINK;
      separate = in_list(link_separate, arg);
      inv->shared |= !strcmp(arg, "-shared") || !strcmp(arg, "-mdll");
    } else {
      separate = in_list(compile_separate, arg);
      preprocess |= !strcmp(arg, "-E");
      assemble |= !strcmp(arg, "-S");
      compile |= !strcmp(arg, "-c") || !strcmp(arg, "-fsyntax-only");
      deps_only |= !strcmp(arg, "-M") || !strcmp(arg, "-MM");
      inv->verbose |= !strcmp(arg, "-v");
    }
    inv->argv[n] = arg;
    inv->role[n++] = role;
    if (separate) {
      if (++i >= argc)
        usage_error("missing argument to '%s'", arg);
      inv->argv[n] = argv[i];
      inv->role[n++] = role;
    }
  }
  inv->argv[n] = NULL;
  inv->argc = n;
  if (!preprocess && !deps_only && !assemble && !compile)
    for (int i = 0; i < n; i++)
      if (inv->role[i] == ARG_OTHER_INPUT)
        inv->role[i] = sniff_input(inv->argv[i]);
  // -M and -MM alone only preprocess (they imply -E).
  inv->mode = preprocess || deps_only ? MODE_PREPROCESS : assemble ? MODE_ASSEMBLE : compile ? MODE_COMPILE
                                                                                            : MODE_LINK;
}

bool invocation_links_dll(const Invocation *inv) {
  if (inv->mode != MODE_LINK)
    return false;
  if (inv->shared)
    return true;
  const char *dot = inv->output ? strrchr(inv->output, '.') : NULL;
  return dot && !strcasecmp(dot, ".dll");
}

// The arguments of a response file, split as libiberty's buildargv splits
// them: at blanks, with '...' and "..." quoting and backslash escapes.
static int split_response(Arena *a, const char *text, char ***out) {
  uint32_t n = 0, cap = 0;
  char **v = NULL;
  char *word = arena_alloc(a, strlen(text) + 1);
  const char *p = text;
  for (;;) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v')
      p++;
    if (!*p)
      break;
    char *w = word, quote = 0;
    for (; *p && (quote || !(*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f' || *p == '\v'));
         p++) {
      if (*p == '\\' && p[1])
        *w++ = *++p;
      else if (quote && *p == quote)
        quote = 0;
      else if (!quote && (*p == '\'' || *p == '"'))
        quote = *p;
      else
        *w++ = *p;
    }
    v = arena_reserve(a, v, n, &cap, n + 1, sizeof *v);
    v[n++] = arena_strndup(a, word, (size_t)(w - word));
  }
  *out = v;
  return (int)n;
}

bool expand_response_files(Diag *d, Arena *a, int *argc, char ***argv) {
  int expansions = 0;
  for (int i = 1; i < *argc; i++) {
    const char *arg = (*argv)[i];
    if (arg[0] != '@' || !arg[1])
      continue;
    FILE *f = fopen(arg + 1, "rb");
    if (!f)
      continue;   // gcc keeps an @file it cannot open as an argument
    fclose(f);
    if (++expansions > 2000) {   // libiberty's limit: @files that include themselves
      diag_error(d, NULL, "too many response files expanded (a loop?) at '%s'", arg);
      return false;
    }
    char *text;
    size_t len;
    if (!file_read(d, arg + 1, &text, &len))
      return false;
    char **words;
    int nwords = split_response(a, text, &words);
    free(text);
    char **v = arena_alloc(a, sizeof(char *) * (size_t)(*argc + nwords + 1));
    memcpy(v, *argv, sizeof(char *) * (size_t)i);
    memcpy(v + i, words, sizeof(char *) * (size_t)nwords);
    memcpy(v + i + nwords, *argv + i + 1, sizeof(char *) * (size_t)(*argc - i - 1));
    *argc += nwords - 1;
    v[*argc] = NULL;
    *argv = v;
    i--;   // the first word may be an @file itself
  }
  return true;
}

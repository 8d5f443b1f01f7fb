// tool.c - `ccdll`: cc-dll's machinery as subcommands.
#include "tool.h"

#ifdef CCDLL_HAVE_LIBCLANG
#include "scan.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
  "usage: ccdll COMMAND [options] [files]\n"
  "\n"
  "commands:\n"
  "  def      check a .def file, normalize it, translate its dialect,\n"
  "           or make the NAME_i.def / NAME_e.def pair\n"
  "  implib   write an import library from a .def (dlltool -l)\n"
  "  exp      write the export table of a DLL as an object (dlltool -e)\n"
  "  link     link a DLL whose export table is exactly a .def's\n"
  "  scan     export records of C and C++ sources and headers (libclang)\n"
  "  exports  list a DLL's exports or an import library's imports\n"
  "  gendef   write a .def for an existing DLL (stdcall read from headers or code)\n"
  "  audit    check headers against DLLs, import libraries and .def files\n"
  "\n"
  "Run 'ccdll COMMAND --help' for a command's options. Every command takes\n"
  "-v (each file read and written) and --stats (the time of each phase and\n"
  "what it counted), on standard error.\n";

static void print_error(const char *fmt, va_list ap) {
  fputs("ccdll: error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
}

void usage_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  print_error(fmt, ap);
  va_end(ap);
  exit(2);
}

void value_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  print_error(fmt, ap);
  va_end(ap);
  exit(1);
}

bool opt_value(int argc, char **argv, int *i, const char *short_opt, const char *long_opt,
               const char **value) {
  const char *arg = argv[*i];
  const char *opt = NULL;
  if (short_opt && !strncmp(arg, short_opt, strlen(short_opt))) {
    opt = short_opt;
    if (arg[strlen(short_opt)]) {
      *value = arg + strlen(short_opt);
      return true;
    }
  } else if (long_opt && !strncmp(arg, long_opt, strlen(long_opt))) {
    opt = long_opt;
    const char *rest = arg + strlen(long_opt);
    if (*rest == '=') {
      *value = rest + 1;
      return true;
    }
    if (*rest)
      return false;
  } else {
    return false;
  }
  if (*i + 1 >= argc)
    usage_error("missing argument to '%s'", opt);
  *value = argv[++*i];
  return true;
}

bool def_input_option(int argc, char **argv, int *i, DefInput *in) {
  const char *value;
  if (opt_value(argc, argv, i, "-m", "--machine", &value)) {
    if (!machine_parse(value, &in->machine))
      value_error("unknown machine '%s' (i386, i386:x86-64, arm or arm64)", value);
  } else if (opt_value(argc, argv, i, NULL, "--dialect", &value)) {
    if (!dialect_parse(value, &in->dialect))
      value_error("unknown dialect '%s' (mingw or msvc)", value);
  } else if (opt_value(argc, argv, i, "-d", "--input-def", &value)) {
    in->path = value;
  } else if (opt_value(argc, argv, i, "-D", "--dllname", &value)) {
    in->dllname = value;
  } else {
    return false;
  }
  return true;
}

bool def_input_read(DefInput *in, const char *needs_name) {
  if (in->machine == MACH_NONE)
    usage_error("no machine given: -m i386, i386:x86-64, arm or arm64");
  if (!in->path)
    usage_error("no .def given (-d FILE.def)");
  in->diag.prog = "ccdll";
  stats_phase("read the .def");
  size_t len;
  if (!file_read(&in->diag, in->path, &in->text, &len))
    return false;
  const char *shown = strcmp(in->path, "-") ? in->path : "<stdin>";
  def_parse(&in->diag, &in->arena, shown, in->text, len, in->dialect, in->machine, &in->m);
  if (in->dllname)
    in->m.dll_name = in->dllname;
  if (needs_name && !in->m.dll_name && !in->m.dll_loc.line)
    diag_error(&in->diag, &(SrcLoc){shown, 1, 1},
               "no LIBRARY statement: %s needs the DLL name (add 'LIBRARY name.dll' or pass -D name.dll)",
               needs_name);
  else if (needs_name && !in->m.dll_name && !in->diag.errors)
    diag_error(&in->diag, &in->m.dll_loc,
               "the %s statement names no DLL, and %s needs one (add the name or pass -D name.dll)",
               in->m.is_exe ? "NAME" : "LIBRARY", needs_name);
  stats_count("exports", in->m.exports.len);
  return !in->diag.errors;
}

void def_input_free(DefInput *in) {
  exportlist_free(&in->m.exports);
  arena_free(&in->arena);
  free(in->text);
}

static int run(int argc, char **argv);

bool write_output(Diag *d, const char *path, const Buf *data) {
  if (!path || !strcmp(path, "-")) {
    if (data->len)
      fwrite(data->data, 1, data->len, stdout);
    if (fflush(stdout) == 0)
      return true;
    diag_error(d, NULL, "cannot write to standard output");
    return false;
  }
  OutputSet set = {0};
  if (output_stage(&set, d, path, data->data, data->len))
    return output_commit(&set, d);
  output_abort(&set);
  return false;
}

static const char *mingw_triple(Machine m) {
  switch (m) {
  case MACH_I386: return "i686-w64-mingw32";
  case MACH_ARMNT: return "armv7-w64-mingw32";
  case MACH_ARM64: return "aarch64-w64-mingw32";
  default: return "x86_64-w64-mingw32";
  }
}

bool read_headers(Diag *d, Arena *a, const char *target, Machine machine, const char *const *headers,
                  int nheaders, const char *const *args, int nargs, ExportList *out) {
#ifdef CCDLL_HAVE_LIBCLANG
  const char *triple = target ? target : mingw_triple(machine);
  Target t;
  if (!target_parse_triple(triple, &t)) {
    diag_error(d, NULL, "unknown target '%s' (a Windows triple such as i686-w64-mingw32)", triple);
    return false;
  }
  return scan_headers(d, a, t, triple, headers, nheaders, args, nargs, out);
#else
  (void)a, (void)target, (void)machine, (void)headers, (void)nheaders, (void)args, (void)nargs, (void)out;
  diag_error(d, NULL, "reading headers is not available: this ccdll was built without libclang");
  return false;
#endif
}

static int run(int argc, char **argv);

int main(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
    fputs(usage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!strcmp(argv[1], "--version")) {
    printf("ccdll %s\n", CCDLL_VERSION);
    return 0;
  }
  // --stats and -v, anywhere before a "--", for every command: -v names
  // each file read and written (scan and link also print the commands
  // they run, and keep their -v).
  bool keeps_v = !strcmp(argv[1], "scan") || !strcmp(argv[1], "link");
  for (int i = 2; i < argc && strcmp(argv[i], "--"); i++) {
    bool stats = !strcmp(argv[i], "--stats");
    bool verbose = !strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose");
    if (stats)
      stats_enable();
    if (verbose)
      file_verbose("ccdll");
    if (stats || (verbose && !keeps_v)) {
      memmove(argv + i, argv + i + 1, sizeof *argv * (size_t)(argc - i));
      argc--;
      i--;
    }
  }
  int status = run(argc, argv);
  stats_print("ccdll");
  return status;
}

static int run(int argc, char **argv) {
  if (!strcmp(argv[1], "def"))
    return tool_def(argc - 1, argv + 1);
  if (!strcmp(argv[1], "implib"))
    return tool_implib(argc - 1, argv + 1);
  if (!strcmp(argv[1], "exp"))
    return tool_exp(argc - 1, argv + 1);
  if (!strcmp(argv[1], "link"))
    return tool_link(argc - 1, argv + 1);
  if (!strcmp(argv[1], "scan"))
    return tool_scan(argc - 1, argv + 1);
  if (!strcmp(argv[1], "exports"))
    return tool_exports(argc - 1, argv + 1);
  if (!strcmp(argv[1], "gendef"))
    return tool_gendef(argc - 1, argv + 1);
  if (!strcmp(argv[1], "audit"))
    return tool_audit(argc - 1, argv + 1);
  usage_error("unknown command '%s' (see 'ccdll --help')", argv[1]);
}

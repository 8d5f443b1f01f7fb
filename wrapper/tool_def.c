// tool_def.c - `ccdll def`: check, normalize and translate .def files, and
// make the NAME_i.def / NAME_e.def pair from a .def of decorated names.
#include "tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
  "usage: ccdll def [options] FILE.def\n"
  "\n"
  "Checks FILE.def (the exit status says whether it is valid) and writes\n"
  "what the options ask for.\n"
  "\n"
  "  --dialect=mingw|msvc  the dialect of FILE.def (default mingw): a stdcall\n"
  "                        function is Foo@4 in mingw and _Foo@4 in msvc\n"
  "  --to=mingw|msvc       the dialect of the files written (default: the input's)\n"
  "  -m, --machine=M       i386 (default), i386:x86-64, arm or arm64\n"
  "  -o, --output=FILE     write FILE.def normalized ('-' for standard output)\n"
  "  --pair[=PREFIX]       write PREFIX_i.def (decorated names, for a kill-at\n"
  "                        import library) and PREFIX_e.def (Foo=Foo@4, to link\n"
  "                        the DLL); PREFIX defaults to the DLL name without\n"
  "                        its extension\n"
  "  --lld                 write PREFIX_e.def as lld wants it: plain Foo, which\n"
  "                        lld matches to _Foo@4 itself\n"
  "  -D, --dllname=NAME    the DLL name, in place of the LIBRARY statement\n";

// "bar.dll" -> "bar"
static char *dll_stem(Arena *a, const char *dll) {
  const char *dot = strrchr(dll, '.');
  return arena_strndup(a, dll, dot && dot != dll ? (size_t)(dot - dll) : strlen(dll));
}

int tool_def(int argc, char **argv) {
  const char *input = NULL, *output = NULL, *pair = NULL, *dllname = NULL, *value;
  Dialect dialect = DIALECT_MINGW, to;
  bool to_given = false, want_pair = false, lld = false;
  Machine machine = MACH_I386;

  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
      fputs(usage, stdout);
      return 0;
    } else if (opt_value(argc, argv, &i, NULL, "--dialect", &value)) {
      if (!dialect_parse(value, &dialect))
        value_error("unknown dialect '%s' (mingw or msvc)", value);
    } else if (opt_value(argc, argv, &i, NULL, "--to", &value)) {
      if (!dialect_parse(value, &to))
        value_error("unknown dialect '%s' (mingw or msvc)", value);
      to_given = true;
    } else if (opt_value(argc, argv, &i, "-m", "--machine", &value)) {
      if (!machine_parse(value, &machine))
        value_error("unknown machine '%s' (i386, i386:x86-64, arm or arm64)", value);
    } else if (opt_value(argc, argv, &i, "-o", "--output", &value)) {
      output = value;
    } else if (!strcmp(arg, "--pair") || !strncmp(arg, "--pair=", 7)) {
      want_pair = true;
      pair = arg[6] ? arg + 7 : NULL;
    } else if (!strcmp(arg, "--lld")) {
      lld = true;
    } else if (opt_value(argc, argv, &i, "-D", "--dllname", &value)) {
      dllname = value;
    } else if (arg[0] == '-' && arg[1]) {
      usage_error("unknown option '%s' (see 'ccdll def --help')", arg);
    } else if (input) {
      usage_error("more than one input file ('%s' and '%s')", input, arg);
    } else {
      input = arg;
    }
  }
  if (!input)
    usage_error("no input file (see 'ccdll def --help')");
  if (lld && !want_pair)
    usage_error("'--lld' is an option of '--pair'");
  if (!to_given)
    to = dialect;

  Diag diag = {.prog = "ccdll"};
  Arena arena = {0};
  Module m = {0};
  char *text;
  size_t len;
  int status = 1;
  if (!file_read(&diag, input, &text, &len))
    return 1;
  const char *shown = strcmp(input, "-") ? input : "<stdin>";
  def_parse(&diag, &arena, shown, text, len, dialect, machine, &m);
  exportlist_check_limit(&m.exports, &diag, DIAG_ERROR);
  if (dllname)
    m.dll_name = dllname;
  if (want_pair && !m.dll_name && !m.dll_loc.line)
    diag_error(&diag, &(SrcLoc){shown, 1, 1},
               "no LIBRARY statement: the import .def needs the DLL name "
               "(add 'LIBRARY name.dll' or pass -D name.dll)");
  else if (want_pair && !m.dll_name && !diag.errors)
    diag_error(&diag, &m.dll_loc,
               "the %s statement names no DLL, and the import .def needs one "
               "(add the name or pass -D name.dll)", m.is_exe ? "NAME" : "LIBRARY");
  if (diag.errors)
    goto out;

  OutputSet outputs = {0};
  Buf buf = {0};
  if (want_pair) {
    const char *prefix = pair ? pair : dll_stem(&arena, m.dll_name);
    def_write(&buf, &m, to, machine, DEF_IMPORT);
    bool ok = output_stage(&outputs, &diag, arena_printf(&arena, "%s_i.def", prefix), buf.data, buf.len);
    buf.len = 0;
    def_write(&buf, &m, to, machine, lld ? DEF_EXPORT_LLD : DEF_EXPORT);
    ok = ok && output_stage(&outputs, &diag, arena_printf(&arena, "%s_e.def", prefix), buf.data, buf.len);
    buf.len = 0;
    if (!ok) {
      output_abort(&outputs);
      buf_free(&buf);
      goto out;
    }
  }
  if (output) {
    def_write(&buf, &m, to, machine, DEF_AS_IS);
    if (!strcmp(output, "-")) {
      fwrite(buf.data, 1, buf.len, stdout);
      if (fflush(stdout) != 0) {
        diag_error(&diag, NULL, "cannot write to standard output");
        output_abort(&outputs);
        buf_free(&buf);
        goto out;
      }
    } else if (!output_stage(&outputs, &diag, output, buf.data, buf.len)) {
      output_abort(&outputs);
      buf_free(&buf);
      goto out;
    }
  }
  buf_free(&buf);
  if (output_commit(&outputs, &diag))
    status = 0;
out:
  exportlist_free(&m.exports);
  arena_free(&arena);
  free(text);
  return status;
}

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

// Writes the outputs asked for; false after an error.
static bool write_outputs(DefInput *in, Dialect to, const char *pair, bool lld, const char *output) {
  Module *m = &in->m;
  OutputSet outputs = {0};
  Buf buf = {0};
  bool ok = true;
  if (pair) {
    def_write(&buf, m, to, in->machine, DEF_IMPORT);
    ok = output_stage(&outputs, &in->diag, arena_printf(&in->arena, "%s_i.def", pair), buf.data, buf.len);
    buf.len = 0;
    def_write(&buf, m, to, in->machine, lld ? DEF_EXPORT_LLD : DEF_EXPORT);
    ok = ok && output_stage(&outputs, &in->diag, arena_printf(&in->arena, "%s_e.def", pair), buf.data, buf.len);
    buf.len = 0;
  }
  if (ok && output) {
    def_write(&buf, m, to, in->machine, DEF_AS_IS);
    if (!strcmp(output, "-")) {
      if (buf.len)
        fwrite(buf.data, 1, buf.len, stdout);
      if (fflush(stdout) != 0) {
        diag_error(&in->diag, NULL, "cannot write to standard output");
        ok = false;
      }
    } else {
      ok = output_stage(&outputs, &in->diag, output, buf.data, buf.len);
    }
  }
  buf_free(&buf);
  if (!ok) {
    output_abort(&outputs);
    return false;
  }
  return output_commit(&outputs, &in->diag);
}

int tool_def(int argc, char **argv) {
  const char *output = NULL, *pair = NULL, *value;
  DefInput in = {.machine = MACH_I386};
  Dialect to;
  bool to_given = false, want_pair = false, lld = false;

  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
      fputs(usage, stdout);
      return 0;
    } else if (def_input_option(argc, argv, &i, &in)) {
      continue;
    } else if (opt_value(argc, argv, &i, NULL, "--to", &value)) {
      if (!dialect_parse(value, &to))
        value_error("unknown dialect '%s' (mingw or msvc)", value);
      to_given = true;
    } else if (opt_value(argc, argv, &i, "-o", "--output", &value)) {
      output = value;
    } else if (!strcmp(arg, "--pair") || !strncmp(arg, "--pair=", 7)) {
      want_pair = true;
      pair = arg[6] ? arg + 7 : NULL;
    } else if (!strcmp(arg, "--lld")) {
      lld = true;
    } else if (arg[0] == '-' && arg[1]) {
      usage_error("unknown option '%s' (see 'ccdll def --help')", arg);
    } else if (in.path) {
      usage_error("more than one input file ('%s' and '%s')", in.path, arg);
    } else {
      in.path = arg;
    }
  }
  if (!in.path)
    usage_error("no input file (see 'ccdll def --help')");
  if (lld && !want_pair)
    usage_error("'--lld' is an option of '--pair'");
  if (!to_given)
    to = in.dialect;

  def_input_read(&in, want_pair ? "the import .def" : NULL);
  exportlist_check_limit(&in.m.exports, &in.diag, DIAG_ERROR);
  if (want_pair && !pair && in.m.dll_name)
    pair = import_dll_stem(&in.arena, in.m.dll_name);
  stats_phase("write the .def files");
  int status = !in.diag.errors && write_outputs(&in, to, pair, lld, output) ? 0 : 1;
  def_input_free(&in);
  return status;
}

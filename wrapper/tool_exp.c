// tool_exp.c - `ccdll exp`: the export table of a DLL as a COFF object, to
// link into it (the role of GNU dlltool -e).
#include "tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
  "usage: ccdll exp -m MACHINE -d NAME_e.def -o NAME.exp.o [options]\n"
  "\n"
  "Writes an object whose .edata section is the export table that the .def\n"
  "describes, with relocations against the symbols it names (Foo=Foo@4\n"
  "points Foo at _Foo@4). No time stamp, unless SOURCE_DATE_EPOCH is set.\n"
  "\n"
  "  -m, --machine=M          i386, i386:x86-64, arm or arm64\n"
  "  -d, --input-def=FILE     the .def ('-' for standard input)\n"
  "  -o, -e, --output=FILE    the object to write\n"
  "  -D, --dllname=NAME       the DLL name, in place of the LIBRARY statement\n"
  "  --dialect=mingw|msvc     the dialect of FILE.def (default mingw)\n";

int tool_exp(int argc, char **argv) {
  const char *def = NULL, *output = NULL, *dllname = NULL, *value;
  Machine machine = MACH_NONE;
  Dialect dialect = DIALECT_MINGW;
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
      fputs(usage, stdout);
      return 0;
    } else if (opt_value(argc, argv, &i, "-m", "--machine", &value)) {
      if (!machine_parse(value, &machine))
        value_error("unknown machine '%s' (i386, i386:x86-64, arm or arm64)", value);
    } else if (opt_value(argc, argv, &i, "-d", "--input-def", &value)) {
      def = value;
    } else if (opt_value(argc, argv, &i, "-o", "--output", &value) ||
               opt_value(argc, argv, &i, "-e", "--output-exp", &value)) {
      output = value;
    } else if (opt_value(argc, argv, &i, "-D", "--dllname", &value)) {
      dllname = value;
    } else if (opt_value(argc, argv, &i, NULL, "--dialect", &value)) {
      if (!dialect_parse(value, &dialect))
        value_error("unknown dialect '%s' (mingw or msvc)", value);
    } else {
      usage_error("unknown argument '%s' (see 'ccdll exp --help')", arg);
    }
  }
  if (machine == MACH_NONE)
    usage_error("no machine given: -m i386, i386:x86-64, arm or arm64");
  if (!def)
    usage_error("no .def given (-d FILE.def)");
  if (!output)
    usage_error("no output given (-o NAME.exp.o)");

  Diag diag = {.prog = "ccdll"};
  Arena arena = {0};
  Module m = {0};
  char *text;
  size_t len;
  if (!file_read(&diag, def, &text, &len))
    return 1;
  const char *shown = strcmp(def, "-") ? def : "<stdin>";
  def_parse(&diag, &arena, shown, text, len, dialect, machine, &m);
  if (dllname)
    m.dll_name = dllname;
  if (!m.dll_name && !diag.errors)
    diag_error(&diag, &(SrcLoc){shown, 1, 1},
               "no LIBRARY statement: the export table needs the DLL name "
               "(add 'LIBRARY name.dll' or pass -D name.dll)");
  Buf out = {0};
  OutputSet outputs = {0};
  int status = 1;
  if (!diag.errors && edata_write(&out, &diag, &arena, &m, machine, dialect) &&
      output_stage(&outputs, &diag, output, out.data, out.len) && output_commit(&outputs, &diag))
    status = 0;
  output_abort(&outputs);
  buf_free(&out);
  exportlist_free(&m.exports);
  arena_free(&arena);
  free(text);
  return status;
}

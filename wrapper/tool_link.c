// tool_link.c - `ccdll link`: links a DLL whose export table is exactly
// NAME_e.def, with GNU ld or lld, through the compiler driver given.
#include "tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
  "usage: ccdll link -m MACHINE -d NAME_e.def [options] -- COMMAND...\n"
  "\n"
  "Runs COMMAND, the compiler command that links the DLL (gcc -shared -o\n"
  "bar.dll bar.o ...), so that the DLL's export table is the one NAME_e.def\n"
  "describes and nothing else: the export object is added, the objects'\n"
  "dllexport directives are left out, and GNU ld's own table is dropped.\n"
  "\n"
  "  -m, --machine=M        i386, i386:x86-64, arm or arm64\n"
  "  -d, --input-def=FILE   the export .def\n"
  "  --linker=gnu|lld       what COMMAND links with (default: lld when it\n"
  "                         has -fuse-ld=lld, else GNU ld)\n"
  "  --dialect=mingw|msvc   the dialect of the .def (default mingw)\n"
  "  -v, --verbose          print the command run\n";

int tool_link(int argc, char **argv) {
  const char *value;
  DefInput in = {.machine = MACH_NONE};
  int linker = -1;
  bool verbose = false;
  int i = 1;
  for (; i < argc && strcmp(argv[i], "--"); i++) {
    const char *arg = argv[i];
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
      fputs(usage, stdout);
      return 0;
    } else if (def_input_option(argc, argv, &i, &in)) {
      continue;
    } else if (opt_value(argc, argv, &i, NULL, "--linker", &value)) {
      if (strcmp(value, "gnu") && strcmp(value, "lld"))
        value_error("unknown linker '%s' (gnu or lld)", value);
      linker = strcmp(value, "gnu") ? LINKER_LLD : LINKER_GNU;
    } else if (!strcmp(arg, "-v") || !strcmp(arg, "--verbose")) {
      verbose = true;
    } else {
      usage_error("unknown argument '%s' (see 'ccdll link --help')", arg);
    }
  }
  if (i + 1 >= argc)
    usage_error("no command after '--'");
  char **cmd = argv + i + 1;
  int ncmd = argc - i - 1;
  if (linker < 0) {
    linker = LINKER_GNU;
    for (int k = 0; k < ncmd; k++)
      if (!strncmp(cmd[k], "-fuse-ld=lld", 12))
        linker = LINKER_LLD;
  }
  def_input_read(&in, NULL);
  const char *output = NULL;
  for (int k = 0; k + 1 < ncmd; k++)
    if (!strcmp(cmd[k], "-o"))
      output = cmd[k + 1];
  // Without LIBRARY, the DLL's name is the output's.
  if (!in.m.dll_name && output) {
    const char *slash = strrchr(output, '/');
    in.m.dll_name = slash ? slash + 1 : output;
  }
  if (!in.m.dll_name && !in.diag.errors)
    diag_error(&in.diag, &(SrcLoc){in.path, 1, 1}, "no LIBRARY statement and no -o: the DLL has no name");
  DllLink link = {cmd, ncmd, (Linker)linker, &in.m, in.machine, in.dialect, verbose};
  // The linker writes the DLL itself (and GNU ld deletes it when it
  // fails): an earlier DLL is kept aside and put back after a failure.
  OutputSet set = {0};
  bool ok = !in.diag.errors && (!output || output_in_place(&set, &in.diag, output));
  if (ok) {
    stats_phase("link");
    ok = dll_link(&in.diag, &in.arena, &link);
    if (output)
      output_in_place_done(output, ok);
  }
  if (ok)
    ok = output_commit(&set, &in.diag);
  else
    output_abort(&set);
  def_input_free(&in);
  return ok ? 0 : 1;
}

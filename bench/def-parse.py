#!/usr/bin/env python3
"""def-parse.py BUILD_DIR [EXPORTS] - how fast `ccdll def` reads a big .def.

Generates a .def of EXPORTS (default 100,000) entries in the mix of a real
one (stdcall names, fastcall, DATA, aliases with ordinals) and times, as
medians of 7 runs: `ccdll def FILE`, which reads and checks it all (past
65,535 exports it ends with the export-limit error, status 1), `ccdll def
-o -` (read, check, write back) on the first 65,535 exports, llvm-dlltool
and lld-link reading the same .def (they also write an import library: a
reference for scale, not a race), and `cat FILE` (the floor).
"""
import os
import shutil
import sys
import tempfile

import measure

build = os.path.abspath(sys.argv[1])
n = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
ccdll = os.path.join(build, "wrapper", "ccdll")
tmp = tempfile.mkdtemp()
path = measure.generate_def(os.path.join(tmp, "big.def"), n, aliases=True)
fits = measure.generate_def(os.path.join(tmp, "fits.def"), min(n, 65535), aliases=True)

print("def-parse: %d exports, %d bytes" % (n, os.path.getsize(path)))
floor, _ = measure.run(["cat", path], 7)
ours, peak = measure.run([ccdll, "def", path], 7, status_ok=1 if n > 65535 else 0)
rows = [["cat (floor)", "%.2f" % floor, "1.0", ""],
        ["ccdll def (read, check)", "%.2f" % ours, "%.1f" % (ours / floor), "%d MiB" % (peak // 1024)]]
t, peak = measure.run([ccdll, "def", "-o", "-", fits], 7)
rows.append(["ccdll def -o - (65,535: read, write)", "%.2f" % t, "", "%d MiB" % (peak // 1024)])
for name, cmd in [("llvm-dlltool -d (read, implib)", ["llvm-dlltool", "-m", "i386", "-d", path, "-l", os.path.join(tmp, "l.a")]),
                  ("lld-link -def (read, implib)", ["lld-link", "-machine:x86", "-def:" + path, "-out:" + os.path.join(tmp, "l.lib")])]:
    if not shutil.which(cmd[0]):
        continue
    t, peak = measure.run(cmd, 7)
    rows.append([name, "%.2f" % t, "%.1f" % (t / floor), "%d MiB, %.1fx ccdll def" % (peak // 1024, t / ours)])
measure.table(rows, ["command", "median ms", "x floor", ""])
shutil.rmtree(tmp)

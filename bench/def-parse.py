#!/usr/bin/env python3
"""def-parse.py BUILD_DIR [EXPORTS] - how fast `ccdll def` reads a big .def.

Generates a .def of EXPORTS (default 100,000) entries in the mix of a real
one (stdcall names, fastcall, DATA, aliases with ordinals) and times, as
medians of 7 runs: `ccdll def FILE` (read and check), `ccdll def -o -`
(read, check, write back), llvm-dlltool and lld-link reading the same .def
(they also write an import library: a reference for scale, not a race),
and `cat FILE` (the floor: reading a file of that size).
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
path = os.path.join(tmp, "big.def")
with open(path, "w") as f:
    f.write("LIBRARY big.dll\nEXPORTS\n")
    for i in range(n):
        if i % 50 == 7:
            f.write("  Variable%06d DATA\n" % i)
        elif i % 50 == 9:
            f.write("  @FastFunction%06d@%d\n" % (i, (i % 4 + 2) * 4))
        elif i % 50 == 11:
            f.write("  Alias%06d=Function%06d@%d @%d\n" % (i, i, (i % 8) * 4, i // 50 + 1))
        else:
            f.write("  Function%06d@%d\n" % (i, (i % 8) * 4))

print("def-parse: %d exports, %d bytes" % (n, os.path.getsize(path)))
floor, _ = measure.run(["cat", path], 7)
rows = [["cat (floor)", "%.2f" % floor, "1.0", ""]]
ours, _ = measure.run([ccdll, "def", path], 7)
for name, cmd in [("ccdll def (read, check)", [ccdll, "def", path]),
                  ("ccdll def -o - (read, write)", [ccdll, "def", "-o", "-", path]),
                  ("llvm-dlltool -d (read, implib)", ["llvm-dlltool", "-m", "i386", "-d", path, "-l", os.path.join(tmp, "l.a")]),
                  ("lld-link -def (read, implib)", ["lld-link", "-machine:x86", "-def:" + path, "-out:" + os.path.join(tmp, "l.lib")])]:
    if not shutil.which(cmd[0]) and not os.path.exists(cmd[0]):
        continue
    t, _ = measure.run(cmd, 7)
    rows.append([name, "%.2f" % t, "%.1f" % (t / floor), "%.1fx ccdll def" % (t / ours) if t > ours * 1.5 else ""])
measure.table(rows, ["command", "median ms", "x floor", ""])
shutil.rmtree(tmp)

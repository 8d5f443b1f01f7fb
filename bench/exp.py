#!/usr/bin/env python3
"""exp.py BUILD_DIR - export objects: ccdll exp against GNU dlltool -e, in
the same run, for .def files of 1,000, 10,000 and 60,000 exports (an
_e.def's mix: Foo=Foo@N aliases, fastcall, DATA), i386: the median time
(7 runs; dlltool 3), peak memory and output size.
"""
import os
import shutil
import sys
import tempfile

import measure

build = os.path.abspath(sys.argv[1])
ccdll = os.path.join(build, "wrapper", "ccdll")
tmp = tempfile.mkdtemp()
os.chdir(tmp)   # GNU dlltool writes its temporary files here


for n in (1000, 10000, 60000):
    path = measure.generate_def(os.path.join(tmp, "e%d.def" % n), n, export_form=True)
    print("\n%d exports" % n)
    rows, times = [], {}
    for name, cmd, runs in [("ccdll exp", [ccdll, "exp", "-m", "i386", "-d", path, "-o", "out.o"], 7),
                            ("GNU dlltool -e", ["i686-w64-mingw32-dlltool", "-e", "out.o", "-d", path], 3)]:
        if not shutil.which(cmd[0]) and not os.path.exists(cmd[0]):
            continue
        t, peak = measure.run(cmd, runs)
        times[name] = t
        rows.append([name, "%.2f" % t, "%.0f" % (peak / 1024), "%d" % os.path.getsize("out.o")])
    measure.table(rows, ["tool", "median ms", "peak MiB", "bytes"])
    if len(times) == 2:
        print("ccdll exp: %.0fx faster than GNU dlltool -e" % (times["GNU dlltool -e"] / times["ccdll exp"]))
shutil.rmtree(tmp)

#!/usr/bin/env python3
"""implib.py BUILD_DIR [--quick] - import libraries: ccdll implib against
GNU dlltool and llvm-dlltool, in the same run.

For .def files of 1,000, 10,000 and 100,000 exports (stdcall, fastcall and
DATA, as an _i.def has them) and for the real kernel32 (made from
mingw-w64's libkernel32.a, as tests/def/realworld.sh does), all with -k on
i386: the median time (7 runs; GNU dlltool 3 runs, 1 at 100,000, where it
takes minutes; --quick leaves it out there), the peak memory of a run, the
output size, and the floor: the median time of `cp` of a file of the
output's size.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

import measure

build = os.path.abspath(sys.argv[1])
quick = "--quick" in sys.argv
ccdll = os.path.join(build, "wrapper", "ccdll")
tmp = tempfile.mkdtemp()


def generated(n):
    return measure.generate_def(os.path.join(tmp, "gen%d.def" % n), n)


def kernel32():
    lib = "/usr/i686-w64-mingw32/lib/libkernel32.a"
    if not os.path.exists(lib) or not shutil.which("llvm-nm"):
        return None
    nm = subprocess.run(["llvm-nm", lib], capture_output=True, text=True).stdout
    imports = sorted(set(re.findall(r" [A-Za-z] __imp_(\S+)", nm)))
    thunks = set(re.findall(r" T (\S+)", nm))
    path = os.path.join(tmp, "kernel32.def")
    with open(path, "w") as f:
        f.write("LIBRARY kernel32.dll\nEXPORTS\n")
        for sym in imports:
            f.write("  %s%s\n" % (sym[1:] if sym.startswith("_") else sym, "" if sym in thunks else " DATA"))
    return path


inputs = [("1,000", generated(1000)), ("10,000", generated(10000)), ("100,000", generated(100000))]
k32 = kernel32()
if k32:
    inputs.append(("kernel32 (%d)" % (open(k32).read().count("\n") - 2), k32))

tools = [("ccdll implib", lambda d, o: [ccdll, "implib", "-m", "i386", "-k", "-d", d, "-l", o], 7)]
if shutil.which("llvm-dlltool"):
    tools.append(("llvm-dlltool", lambda d, o: ["llvm-dlltool", "-m", "i386", "-k", "-d", d, "-l", o], 7))
if shutil.which("i686-w64-mingw32-dlltool"):
    tools.append(("GNU dlltool", lambda d, o: ["i686-w64-mingw32-dlltool", "-k", "-d", d, "-l", o], 3))

os.chdir(tmp)   # GNU dlltool writes its temporary files here
for label, path in inputs:
    print("\n%s exports (%s)" % (label, os.path.basename(path)))
    rows, results = [], {}
    for name, cmd, runs in tools:
        if name == "GNU dlltool" and label == "100,000":
            if quick:
                continue
            runs = 1
        out = os.path.join(tmp, "out.a")
        t, peak = measure.run(cmd(path, out), runs)
        size = os.path.getsize(out)
        results[name] = t
        if name == "ccdll implib":
            shutil.copy(out, os.path.join(tmp, "ours.a"))
            floor, _ = measure.run(["cp", os.path.join(tmp, "ours.a"), os.path.join(tmp, "copy.a")], 7)
            ours_size = size
        rows.append([name, "%.2f" % t, "%.0f" % (peak / 1024), "%d" % size, "%.1f" % (size / ours_size)])
    rows.append(["cp (floor)", "%.2f" % floor, "", "", ""])
    measure.table(rows, ["tool", "median ms", "peak MiB", "bytes", "x size"])
    ours = results["ccdll implib"]
    print("ccdll: %.1fx the floor; %s" % (ours / floor, ", ".join(
        "%.1fx faster than %s" % (results[n] / ours, n) for n in results if n != "ccdll implib")))
shutil.rmtree(tmp)

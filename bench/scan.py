#!/usr/bin/env python3
"""scan.py BUILD_DIR - ccdll scan against clang -fsyntax-only, in the same run.

For a translation unit that includes <windows.h> (i686 and x86_64), and for
windows.h with --all-prototypes (every function of the SDK a record, some
6,000): the median time (11 runs) and peak memory of

  - clang -fsyntax-only on the unit (the target: ccdll scan no slower);
  - ccdll scan --no-cache (parse, walk, records);
  - ccdll scan with the cache filled: a rescan of unchanged inputs (the
    target: at most a tenth of the scan).
"""
import os
import shutil
import subprocess
import sys
import tempfile

import measure

build = os.path.abspath(sys.argv[1])
ccdll = os.path.join(build, "wrapper", "ccdll")
tmp = tempfile.mkdtemp()
os.environ["XDG_CACHE_HOME"] = os.path.join(tmp, "cache")
if subprocess.run([ccdll, "scan", "--help"], capture_output=True, text=True).stdout.find("without libclang") >= 0:
    raise SystemExit("bench: ccdll was built without libclang")
if not shutil.which("clang"):
    raise SystemExit("bench: clang not found")

unit = os.path.join(tmp, "unit.c")
with open(unit, "w") as f:
    f.write("#include <windows.h>\n__declspec(dllexport) int __stdcall Exported(int a, HWND w);\n")

cases = []
for triple in ("i686-w64-mingw32", "x86_64-w64-mingw32"):
    cases.append(("unit with <windows.h>, %s" % triple, triple, unit, []))
cases.append(("windows.h --all-prototypes, i686", "i686-w64-mingw32",
              "/usr/i686-w64-mingw32/include/windows.h", ["--all-prototypes"]))

for label, triple, path, opts in cases:
    print("\n" + label)
    runs = 11
    clang, clang_peak = measure.run(["clang", "--target=" + triple, "-fsyntax-only", path], runs)
    scan_cmd = [ccdll, "scan", "--target", triple] + opts + [path]
    cold, cold_peak = measure.run(scan_cmd[:2] + ["--no-cache"] + scan_cmd[2:], runs)
    subprocess.run(scan_cmd, stdout=subprocess.DEVNULL)   # fills the cache
    warm, warm_peak = measure.run(scan_cmd, runs)
    records = subprocess.run(scan_cmd, capture_output=True, text=True).stdout.count("\n")
    measure.table([
        ["clang -fsyntax-only", "%.1f" % clang, "%.0f" % (clang_peak / 1024), "1.00"],
        ["ccdll scan --no-cache", "%.1f" % cold, "%.0f" % (cold_peak / 1024), "%.2f" % (cold / clang)],
        ["ccdll scan, cached", "%.1f" % warm, "%.0f" % (warm_peak / 1024), "%.2f" % (warm / clang)],
    ], ["command", "median ms", "peak MiB", "x clang"])
    print("%d records; a rescan takes %.1f%% of the scan" % (records, 100 * warm / cold))
shutil.rmtree(tmp)

#!/usr/bin/env python3
"""plugin.py BUILD_DIR - the GCC plugin's cost over a plain `gcc -c` of the
same files, measured in the same run: i686 mingw gcc, -O2, each file
compiled alone (median of 9 runs each way, alternating), for

  - a unit that includes <windows.h> and exports 20 functions,
  - a generated unit of 2,000 exported functions and variables (the
    plugin's own work at its largest),
  - the C and C++ cases of tests/corpus, compiled one after another.

The target is a cost under 3%.
"""
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

build = os.path.abspath(sys.argv[1])
src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "corpus")
plugin = None
with open(os.path.join(build, "plugin", "gcc", "plugins.txt")) as f:
    for line in f:
        triple, version, path = line.split()
        if triple == "i686-w64-mingw32" and version.endswith("win32"):
            plugin = path
if not plugin:
    raise SystemExit("bench: no i686 plugin was built")

tmp = tempfile.mkdtemp()
windows = os.path.join(tmp, "windows.c")
with open(windows, "w") as f:
    f.write("#include <windows.h>\n")
    for i in range(20):
        f.write("__declspec(dllexport) BOOL WINAPI Api%d(HWND h, LPCSTR s, RECT r) { return h && s && r.left; }\n" % i)
many = os.path.join(tmp, "many.c")
with open(many, "w") as f:
    f.write("struct pt { int x, y; };\n")
    for i in range(2000):
        if i % 10 == 3:
            f.write("__declspec(dllexport) int variable%d = %d;\n" % (i, i))
        else:
            f.write("__declspec(dllexport) int __stdcall function%d(int a, struct pt p, double d) "
                    "{ return a + p.x + (int)d + %d; }\n" % (i, i))
corpus = sorted(os.path.join(src, n) for n in os.listdir(src) if n.endswith((".c", ".cpp")))


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def compile_all(files, with_plugin):
    """(CPU ms, wall ms) of compiling files."""
    cpu, start = children_cpu(), time.perf_counter()
    for path in files:
        cc = "i686-w64-mingw32-g++" if path.endswith(".cpp") else "i686-w64-mingw32-gcc"
        cmd = [cc, "-O2", "-w", "-c", path, "-o", os.path.join(tmp, "out.o")]
        if with_plugin:
            cmd.insert(1, "-fplugin=" + plugin)
        subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    return (children_cpu() - cpu) * 1000, (time.perf_counter() - start) * 1000


print("%-28s %11s %11s %7s   %11s %11s" % ("input", "gcc cpu ms", "+plugin", "cost", "gcc wall ms", "+plugin"))
for name, files in [("windows.h + 20 exports", [windows]), ("2,000 exports", [many]),
                    ("corpus (%d files)" % len(corpus), corpus)]:
    plain, plugged = [], []
    for _ in range(15):   # alternating, so that drift hits both alike
        plain.append(compile_all(files, False))
        plugged.append(compile_all(files, True))
    p = statistics.median(c for c, _ in plain)
    q = statistics.median(c for c, _ in plugged)
    pw = statistics.median(w for _, w in plain)
    qw = statistics.median(w for _, w in plugged)
    print("%-28s %11.1f %11.1f %6.1f%%   %11.1f %11.1f" % (name, p, q, (q / p - 1) * 100, pw, qw))

#!/usr/bin/env python3
"""driver.py BUILD_DIR [--runs N] [--quick] - cc-dll against plain
`gcc -shared` and the seed text's manual recipe, in the same run.

Three DLLs: examples/bar (two stdcall functions, no .def), zlib built
WINAPI (-DZLIB_WINAPI, 89 functions, zlib.def made from zlib.h) and
libbzip2 (its libbz2.def), the last two from Debian's source packages (the
cache of tests/realworld, filled by those tests or here with apt-get
source). For x86_64 and i686, each DLL is made three ways:

  cc-dll   cc-dll -shared -o X.dll OBJS [X.def]     (also X_i.def, X_e.def,
                                                     libX.dll.a)
  gcc      gcc -shared -o X.dll OBJS [X.def]        (bar on i686: -Wl,--kill-at,
                                                     so that it exports Foo)
  recipe   gcc -mdll -o junk.tmp -Wl,--base-file,base.tmp OBJS
           dlltool --dllname X.dll --base-file base.tmp --output-exp temp.exp --def X_e.def
           gcc -mdll -o X.dll OBJS -Wl,temp.exp
           dlltool --dllname X.dll --def X_i.def --output-lib libX.a -k

where the recipe's .def files are the library's .def (x86_64), or on i686
the seed text's pair, Foo@4 and Foo=Foo@4, made from the objects' symbols.
Each way gives a DLL with the same export names (checked before timing).

Two measures: "link", the DLL from the same objects (compiled once by
cc-dll -c); "build", from the sources: each file compiled alone (gcc -c,
or cc-dll -c with its GCC plugin), then the link. The link measure also
times `gcc -shared ... -Wl,--out-implib=libX.dll.a`, which writes an import
library as cc-dll does. The ways alternate run by run; the median wall
time of N runs (21 for link, 5 for build; --quick: 7 and 3), and the
median CPU time (user + system of the commands), which a busy machine
disturbs less. Targets: cc-dll at most 10% slower than plain gcc -shared,
and faster than the recipe.
"""
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import measure

build = os.path.abspath(sys.argv[1])
quick = "--quick" in sys.argv
runs_link, runs_build = (7, 3) if quick else (21, 5)
if "--runs" in sys.argv:
    runs_link = runs_build = int(sys.argv[sys.argv.index("--runs") + 1])
ccdll = os.path.join(build, "wrapper", "cc-dll")
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
cache = os.environ.get("CCDLL_SOURCE_CACHE", os.path.join(build, "tests", "work", "realworld-sources"))
tmp = tempfile.mkdtemp()


def debian_source(pkg):
    """The unpacked Debian source of pkg, from the tests' cache; downloaded
    into it when missing. None when it cannot be had."""
    tree = os.path.join(cache, pkg, "tree")
    if os.path.isdir(tree):
        return tree
    if not shutil.which("apt-get") or not shutil.which("dpkg-source"):
        return None
    os.makedirs(cache, exist_ok=True)
    work = tempfile.mkdtemp(dir=cache, prefix="." + pkg + ".")
    ok = subprocess.call("apt-get source -q --download-only %s && dpkg-source -x ./*.dsc tree" % pkg, shell=True,
                         cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0
    if not ok:
        shutil.rmtree(work)
        return None
    shutil.rmtree(os.path.join(cache, pkg), ignore_errors=True)
    os.rename(work, os.path.join(cache, pkg))
    return tree


def zlib_def(tree, gcc, path):
    """zlib.def: the functions zlib.h declares ZEXPORT or ZEXPORTVA (as
    tests/realworld/zlib.sh makes it)."""
    text = subprocess.run([gcc, "-fpreprocessed", "-dD", "-E", os.path.join(tree, "zlib.h")],
                          capture_output=True, text=True, check=True).stdout
    names = []
    for name in re.findall(r"ZEXPORT(?:VA)?\s*(\w+)\s*(?:OF|Z_ARG)\b", text):
        if name not in names:
            names.append(name)
    with open(path, "w") as f:
        f.write("EXPORTS\n" + "".join("  %s\n" % n for n in names))
    return path


def def_names(path):
    """The names a .def exports (CRLF or not)."""
    names, exports = [], False
    for line in open(path, newline=None):
        words = line.split()
        if words and words[0] == "EXPORTS":
            exports = True
        elif exports and words and not words[0].startswith(";"):
            names.append(words[0].split("@")[0] if not words[0].startswith("@") else words[0])
    return names


def seed_defs(names, objects, stem):
    """The seed text's pair for i686: stem_i.def (Foo@4) and stem_e.def
    (Foo=Foo@4), each name decorated as the objects define it."""
    nm = subprocess.run(["llvm-nm", "-g", "--defined-only", "-j"] + objects, capture_output=True, text=True).stdout
    at = {}
    for sym in nm.split():
        if sym.startswith("_") and "@" in sym[1:]:
            at[sym[1:].split("@")[0]] = sym[1:]
    with open(stem + "_i.def", "w") as i, open(stem + "_e.def", "w") as e:
        i.write("EXPORTS\n")
        e.write("EXPORTS\n")
        for n in names:
            i.write("  %s\n" % at.get(n, n))
            e.write("  %s\n" % ("%s=%s" % (n, at[n]) if n in at else n))
    return stem + "_e.def", stem + "_i.def"


def exports(dll):
    out = subprocess.run(["llvm-readobj", "--coff-exports", dll], capture_output=True, text=True, check=True).stdout
    return sorted(line.split()[1] for line in out.splitlines() if line.strip().startswith("Name:"))


def run_all(cmds, cwd):
    for c in cmds:
        subprocess.run(c, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)


class Project:
    def __init__(self, name, dll, tree, sources, cflags, deffile, names):
        self.name, self.dll, self.tree, self.sources, self.cflags = name, dll, tree, sources, cflags
        self.deffile, self.names = deffile, names


def projects(gcc):
    bar = os.path.join(root, "examples", "bar")
    yield Project("examples/bar", "bar.dll", bar, ["bar.c"], ["-O2"], None, ["Bar", "Foo"])
    tree = debian_source("zlib")
    if tree:
        srcs = "adler32 crc32 deflate infback inffast inflate inftrees trees zutil compress uncompr gzclose gzlib " \
               "gzread gzwrite"
        d = zlib_def(tree, gcc, os.path.join(tmp, "zlib.def"))
        yield Project("zlib (WINAPI)", "zlibwapi.dll", tree, [s + ".c" for s in srcs.split()],
                      ["-O2", "-DZLIB_WINAPI", "-D_LARGEFILE64_SOURCE=1"], d, def_names(d))
    else:
        print("zlib: skipped (no Debian source: apt-get source zlib)")
    tree = debian_source("bzip2")
    if tree:
        srcs = "blocksort huffman crctable randtable compress decompress bzlib"
        d = os.path.join(tree, "libbz2.def")
        yield Project("bzip2", "libbz2.dll", tree, [s + ".c" for s in srcs.split()],
                      ["-Wall", "-Winline", "-O2", "-g", "-D_FILE_OFFSET_BITS=64"], d, def_names(d))
    else:
        print("bzip2: skipped (no Debian source: apt-get source bzip2)")


def ways(p, arch, objdir, outdir, compile_with):
    """{way: [commands]} making p's DLL in outdir from the objects in objdir;
    with compile_with, each way first compiles the sources into objdir
    (cc-dll with cc-dll, the others with gcc)."""
    t = arch + "-w64-mingw32"
    gcc, dlltool = t + "-gcc", t + "-dlltool"
    objs = [os.path.join(objdir, os.path.splitext(s)[0] + ".o") for s in p.sources]
    stem = os.path.splitext(p.dll)[0]
    dll = os.path.join(outdir, p.dll)
    deff = [p.deffile] if p.deffile else []
    result = {}
    compile_cmd = {"cc-dll": [ccdll, "--ccdll-cc=" + gcc], "gcc": [gcc], "recipe": [gcc]}
    for way in ("cc-dll", "gcc", "recipe"):
        cmds = []
        if compile_with:
            cmds += [compile_cmd[way] + p.cflags + ["-I", p.tree, "-c", os.path.join(p.tree, s), "-o", o]
                     for s, o in zip(p.sources, objs)]
        if way == "cc-dll":
            cmds.append([ccdll, "--ccdll-cc=" + gcc, "-shared", "-o", dll] + objs + deff)
        elif way == "gcc":
            kill = ["-Wl,--kill-at"] if arch == "i686" and not p.deffile else []
            cmds.append([gcc, "-shared", "-o", dll] + objs + deff + kill)
            result["gcc+implib"] = cmds[:-1] + [cmds[-1] + ["-Wl,--out-implib=" + os.path.join(outdir, "lib%s.dll.a" % stem)]]
        else:
            edef, idef = p.recipe_defs[arch]
            junk, base, exp = (os.path.join(outdir, f) for f in ("junk.tmp", "base.tmp", "temp.exp"))
            cmds += [[gcc, "-mdll", "-o", junk, "-Wl,--base-file," + base] + objs,
                     [dlltool, "--dllname", p.dll, "--base-file", base, "--output-exp", exp, "--def", edef],
                     [gcc, "-mdll", "-o", dll] + objs + ["-Wl," + exp],
                     [dlltool, "--dllname", p.dll, "--def", idef, "--output-lib",
                      os.path.join(outdir, "lib%s.a" % stem), "-k"]]
        result[way] = cmds
    return result


def timed(cmds, cwd):
    """Wall and CPU time (user + system of the children), in ms."""
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run_all(cmds, cwd)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime) * 1000


rows = []
for arch in ("x86_64", "i686"):
    gcc = arch + "-w64-mingw32-gcc"
    if not shutil.which(gcc) or not shutil.which(arch + "-w64-mingw32-dlltool"):
        print("%s: skipped (no %s)" % (arch, gcc))
        continue
    for p in projects(gcc):
        base = os.path.join(tmp, arch, p.name.split()[0].replace("/", "-"))
        objdir = os.path.join(base, "objects")
        os.makedirs(objdir)
        # The objects of the link measure, compiled once by cc-dll.
        run_all([[ccdll, "--ccdll-cc=" + gcc] + p.cflags + ["-I", p.tree, "-c", os.path.join(p.tree, s), "-o",
                  os.path.join(objdir, os.path.splitext(s)[0] + ".o")] for s in p.sources], base)
        objs = [os.path.join(objdir, os.path.splitext(s)[0] + ".o") for s in p.sources]
        if p.deffile:
            plain = p.deffile
        else:
            plain = os.path.join(base, "names.def")
            with open(plain, "w") as f:
                f.write("EXPORTS\n" + "".join("  %s\n" % n for n in p.names))
        p.recipe_defs = {"x86_64": (plain, plain)}
        p.recipe_defs["i686"] = seed_defs(p.names, objs, os.path.join(base, "seed"))

        for measure_name, compile_with, runs in (("link", False, runs_link), ("build", True, runs_build)):
            names = ("cc-dll", "gcc", "recipe") + (("gcc+implib",) if not compile_with else ())
            dirs = {w: os.path.join(base, measure_name + "-" + w) for w in names}
            plans = {}
            for w, d in dirs.items():
                os.makedirs(d)
                plans[w] = ways(p, arch, d if compile_with else objdir, d, compile_with)[w]
            # Once each, and the same exports from all.
            for w in plans:
                run_all(plans[w], dirs[w])
            got = {w: exports(os.path.join(dirs[w], p.dll)) for w in plans}
            if any(v != sorted(p.names) for v in got.values()):
                raise SystemExit("bench: %s %s: the exports differ: %s" % (p.name, arch, got))
            times = {w: [] for w in plans}
            order = list(plans)
            for r in range(runs):
                for w in order[r % len(order):] + order[:r % len(order)]:
                    times[w].append(timed(plans[w], dirs[w]))
            wall = {w: statistics.median(t[0] for t in v) for w, v in times.items()}
            cpu = {w: statistics.median(t[1] for t in v) for w, v in times.items()}
            rows.append([p.name, arch, measure_name, "%d" % len(p.names), "%.1f" % wall["cc-dll"], "%.1f" % wall["gcc"],
                         "%.1f" % wall["gcc+implib"] if "gcc+implib" in wall else "", "%.1f" % wall["recipe"],
                         "%+.1f%%" % ((wall["cc-dll"] / wall["gcc"] - 1) * 100),
                         "%+.1f%%" % ((cpu["cc-dll"] / cpu["gcc"] - 1) * 100),
                         "%.2fx" % (wall["recipe"] / wall["cc-dll"])])
            print("  ".join(rows[-1]), flush=True)

print()
measure.table(rows, ["DLL", "arch", "measure", "exports", "cc-dll ms", "gcc -shared ms", "+ --out-implib ms",
                     "recipe ms", "cc-dll vs gcc", "(CPU)", "recipe / cc-dll"])
shutil.rmtree(tmp)

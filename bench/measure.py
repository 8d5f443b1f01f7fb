"""measure.py - timing and memory of commands, for the benchmarks.

run(cmd, runs) runs cmd `runs` times (output discarded; it must exit with
status_ok, 0 unless told) and returns the
median wall time in milliseconds and the peak resident memory (KiB) of the
command, measured in one more run under GNU time: the rusage that wait4
gives a child counts the memory of the Python process it was forked from.
"""
import os
import statistics
import subprocess
import tempfile
import time


def run(cmd, runs, status_ok=0):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        status = subprocess.call(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
        if status != status_ok:
            raise SystemExit("bench: failed (%d): %s" % (status, " ".join(cmd)))
    with tempfile.NamedTemporaryFile("r") as out:
        subprocess.call(["/usr/bin/time", "-f", "%M", "-o", out.name] + cmd,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = int(out.read().strip().splitlines()[-1])
    return statistics.median(times), peak


def generate_def(path, n, aliases=False, export_form=False):
    """Writes a .def of n exports in the mix of a real one: stdcall names,
    fastcall and DATA; with aliases, some `Alias=Function@N @ord`; in the
    export form of an _e.def, every function as `Function=Function@N`."""
    with open(path, "w") as f:
        f.write("LIBRARY big.dll\nEXPORTS\n")
        for i in range(n):
            if i % 50 == 7:
                f.write("  Variable%06d DATA\n" % i)
            elif i % 50 == 9 and export_form:
                f.write("  FastFunction%06d=@FastFunction%06d@%d\n" % (i, i, (i % 4 + 2) * 4))
            elif i % 50 == 9:
                f.write("  @FastFunction%06d@%d\n" % (i, (i % 4 + 2) * 4))
            elif export_form:
                f.write("  Function%06d=Function%06d@%d\n" % (i, i, (i % 8) * 4))
            elif i % 50 == 11 and aliases:
                f.write("  Alias%06d=Function%06d@%d @%d\n" % (i, i, (i % 8) * 4, i // 50 + 1))
            else:
                f.write("  Function%06d@%d\n" % (i, (i % 8) * 4))
    return path


def table(rows, header):
    """Prints rows (lists of cells) under header, columns aligned."""
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    for r in [header] + rows:
        print("  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths))))

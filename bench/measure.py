"""measure.py - timing and memory of commands, for the benchmarks.

run(cmd, runs) runs cmd `runs` times (output discarded) and returns the
median wall time in milliseconds and the peak resident memory (KiB) of the
command, measured in one more run under GNU time: the rusage that wait4
gives a child counts the memory of the Python process it was forked from.
"""
import os
import statistics
import subprocess
import tempfile
import time


def run(cmd, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        status = subprocess.call(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
        if status != 0:
            raise SystemExit("bench: failed (%d): %s" % (status, " ".join(cmd)))
    with tempfile.NamedTemporaryFile("r") as out:
        subprocess.call(["/usr/bin/time", "-f", "%M", "-o", out.name] + cmd,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = int(out.read().strip().splitlines()[-1])
    return statistics.median(times), peak


def table(rows, header):
    """Prints rows (lists of cells) under header, columns aligned."""
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    for r in [header] + rows:
        print("  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths))))

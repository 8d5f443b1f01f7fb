"""measure.py - timing and memory of commands, for the benchmarks.

run(cmd, runs) runs cmd `runs` times (output discarded) and returns the
median wall time in milliseconds and the largest peak resident memory
(KiB) of one run, read from wait4's rusage of that very child.
"""
import os
import statistics
import subprocess
import time


def run(cmd, runs):
    times, peak = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        times.append((time.perf_counter() - start) * 1000)
        if status != 0:
            raise SystemExit("bench: failed (%d): %s" % (status, " ".join(cmd)))
        peak = max(peak, usage.ru_maxrss)
    return statistics.median(times), peak


def table(rows, header):
    """Prints rows (lists of cells) under header, columns aligned."""
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    for r in [header] + rows:
        print("  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths))))

#!/usr/bin/env python3
"""Start-up, whole process: `kaya validate` and `kaya run --samples 1` on BLOOM's scenario.

Issue 15's target is under 20 ms wall for each. Runs the commands in alternation (the machines
are noisy and shared) and prints the median and the 10th to 90th percentile of each, in ms.
With a second kaya (an older build), the two alternate and the ratio is printed too.

    python3 bench/startup.py BUILD/engine/kaya [OTHER/kaya] [--runs 40]
"""
import argparse
import pathlib
import statistics
import subprocess
import time

root = pathlib.Path(__file__).resolve().parent.parent
parser = argparse.ArgumentParser()
parser.add_argument("kaya")
parser.add_argument("other", nargs="?")
parser.add_argument("--runs", type=int, default=40)
args = parser.parse_args()
commands = {
    "validate": ["validate", "scenarios/bloom-176b.yaml"],
    "run --samples 1": ["run", "scenarios/bloom-176b.yaml", "--samples", "1", "--format", "json"],
}
binaries = [args.kaya] + ([args.other] if args.other else [])
times = {(b, c): [] for b in binaries for c in commands}
for _ in range(args.runs):
    for name, argv in commands.items():
        for b in binaries:
            start = time.perf_counter()
            subprocess.run([b, *argv], cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
            times[(b, name)].append((time.perf_counter() - start) * 1000)
for name in commands:
    medians = []
    for b in binaries:
        t = sorted(times[(b, name)])
        q = statistics.quantiles(t, n=10)
        medians.append(statistics.median(t))
        print(f"{name:16} {b}: median {medians[-1]:.1f} ms (p10 – p90 {q[0]:.1f} – {q[-1]:.1f} ms)")
    if len(medians) == 2:
        print(f"{name:16} ratio (second / first): {medians[1] / medians[0]:.2f}")

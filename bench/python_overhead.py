#!/usr/bin/env python3
"""What a Python call adds over the C++ engine: BLOOM at 10^4 samples (issue 16).

    PYTHONPATH=<build>/python python3 bench/python_overhead.py [<build>/bench/kaya_bench] [--rounds N]

In one process, in alternation: the engine's own call (run and JSON text, what the C++
benchmark BM_run_bloom/samples:10000/threads:1 times) through the extension module, and the
package's `Scenario.run(...).to_dict()` as a notebook calls it. Prints both medians and their
difference. Given kaya_bench, also runs BM_run_bloom there, for the engine without Python.
"""
import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time

import kaya
from kaya import _kaya

parser = argparse.ArgumentParser()
parser.add_argument("bench", nargs="?")
parser.add_argument("--rounds", type=int, default=60)
parser.add_argument("--samples", type=int, default=10_000)
args = parser.parse_args()

bloom = kaya.load("scenarios/bloom-176b.yaml")
engine = bloom._engine
calls = {
    "engine (run_json)": lambda: engine.run_json(args.samples, 42, 1, []),
    "kaya: Scenario.run().to_dict()": lambda: bloom.run(samples=args.samples, seed=42, threads=1).to_dict(),
    "kaya: load + run + to_dict": lambda: kaya.load("scenarios/bloom-176b.yaml").run(samples=args.samples, seed=42, threads=1).to_dict(),
}
times = {name: [] for name in calls}
for name, call in calls.items():  # warm-up
    call()
for _ in range(args.rounds):
    for name, call in calls.items():
        t = time.perf_counter()
        call()
        times[name].append(time.perf_counter() - t)

base = statistics.median(times["engine (run_json)"])
print(f"BLOOM, {args.samples:,} samples, one thread, {args.rounds} interleaved rounds")
for name, t in times.items():
    m = statistics.median(t)
    extra = "" if name.startswith("engine") else f"  (+{(m - base) * 1000:.2f} ms over the engine)"
    print(f"  {name:<32} median {m * 1000:8.2f} ms{extra}")
if args.bench:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run([args.bench, "--benchmark_filter=BM_run_bloom/samples:10000/threads:1/", "--benchmark_repetitions=5",
                        "--benchmark_report_aggregates_only=true", f"--benchmark_out={out.name}", "--benchmark_out_format=json"],
                       check=True, capture_output=True)
        for b in json.load(open(out.name))["benchmarks"]:
            if b.get("aggregate_name") == "median":
                print(f"  C++ BM_run_bloom (no Python)     median {b['real_time']:8.2f} ms  (separate, not interleaved)")
sys.exit(0)

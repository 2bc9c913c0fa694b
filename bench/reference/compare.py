#!/usr/bin/env python3
"""kaya against the two reference programs, whole processes, side by side.

    python3 bench/reference/compare.py BUILD/engine/kaya [--samples 10000000] [--rounds 5]

Runs, in alternation round after round (the machines are shared and noisy, so the ratios
are taken from interleaved runs, not from separate sessions):
  - kaya run scenarios/bloom-176b.yaml --samples N --format json (every core),
  - the same with --threads 1,
  - bench/reference/bloom_numpy.py (NumPy),
  - bench/reference/bloom_loop.cpp (a fused C++ loop, built here with g++ -O2).
Prints each one's median wall time and peak memory, then the ratios of medians. It first
checks that the three agree: the loop to the last bits on the outputs both compute (same
streams), NumPy within Monte Carlo error (its own draws).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCENARIO = os.path.join(ROOT, "scenarios", "bloom-176b.yaml")


def run(command):
    """Wall seconds, peak resident MiB and standard output of one whole process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if status != 0:
            sys.exit(f"compare.py: {' '.join(command)} failed ({status})")
        out.seek(0)
        return wall, usage.ru_maxrss / 1024.0, out.read()


def check_agreement(kaya_json, loop_json, numpy_json):
    kaya = json.loads(kaya_json)
    loop = json.loads(loop_json)["outputs"]
    numpy = json.loads(numpy_json)["outputs"]
    scale = {"gwp": 1.0, "energy": 1.0 / 3.6e6, "water": 1000.0}  # kg, J, m3 -> kgCO2e, kWh, L
    for key in ("gwp", "energy", "water"):
        k = kaya["total"]["impacts"][key]
        for stat in ("p05", "p50", "p95"):
            exact = loop[f"total {key}"][stat] * scale[key]
            if abs(exact / k[stat] - 1) > 1e-12:
                sys.exit(f"compare.py: the loop's total {key} {stat} {exact} is not kaya's {k[stat]}")
            approx = numpy[f"total {key}"][stat] * scale[key]
            if abs(approx / k[stat] - 1) > 0.01:
                sys.exit(f"compare.py: NumPy's total {key} {stat} {approx} is not within 1 % of kaya's {k[stat]}")


def python_with_numpy():
    """An interpreter that can import NumPy: this one, or Debian's (python3-numpy)."""
    for candidate in (sys.executable, "/usr/bin/python3"):
        if subprocess.run([candidate, "-c", "import numpy"], capture_output=True).returncode == 0:
            return candidate
    sys.exit("compare.py: no python3 with NumPy (tools/install-deps.sh installs python3-numpy)")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kaya")
    parser.add_argument("--samples", type=int, default=10_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        loop = os.path.join(tmp, "bloom_loop")
        subprocess.run(["g++", "-O2", "-std=c++20", "-o", loop, os.path.join(HERE, "bloom_loop.cpp")], check=True)
        n = str(args.samples)
        commands = {
            "kaya": [args.kaya, "run", SCENARIO, "--samples", n, "--format", "json"],
            "kaya, 1 thread": [args.kaya, "run", SCENARIO, "--samples", n, "--format", "json", "--threads", "1"],
            "NumPy script": [python_with_numpy(), os.path.join(HERE, "bloom_numpy.py"), n],
            "fused C++ loop": [loop, n],
        }
        times = {name: [] for name in commands}
        memory = {name: 0.0 for name in commands}
        outputs = {}
        for _ in range(args.rounds):
            for name, command in commands.items():
                wall, mib, out = run(command)
                times[name].append(wall)
                memory[name] = max(memory[name], mib)
                outputs[name] = out
        check_agreement(outputs["kaya"], outputs["fused C++ loop"], outputs["NumPy script"])

    median = {name: statistics.median(t) for name, t in times.items()}
    print(f"BLOOM, {args.samples:,} samples, {args.rounds} interleaved rounds, {os.cpu_count()} cores")
    print(f"{'program':<16} {'median wall':>12} {'peak memory':>12}")
    for name in commands:
        print(f"{name:<16} {median[name]:>10.2f} s {memory[name]:>8.0f} MiB")
    print("ratios (higher: kaya faster)")
    for reference in ("NumPy script", "fused C++ loop"):
        for own in ("kaya", "kaya, 1 thread"):
            print(f"  {reference} / {own}: {median[reference] / median[own]:.2f}x")


if __name__ == "__main__":
    main()

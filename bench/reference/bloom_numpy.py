#!/usr/bin/env python3
"""The BLOOM scenario (scenarios/bloom-176b.yaml) as a plain NumPy script: the reference
kaya's whole-process throughput is measured against (bench/reference/compare.py).

    python3 bench/reference/bloom_numpy.py SAMPLES [SEED]     # JSON on standard output

It is what a data scientist writes: NumPy's own generator for the draws, one array per
parameter, the outputs as array expressions, and np.mean and np.percentile (linear
interpolation, as kaya's type 7) for each. Its draws are NumPy's, not kaya's streams, so its
numbers agree with kaya's within Monte Carlo error, not exactly. Like bench/reference/
bloom_loop.cpp it computes three of kaya's categories (carbon, energy, water) for each phase,
stage and the total: 24 columns.
"""
import json
import sys

import numpy as np

HOUR, DAY, KWH = 3600.0, 86400.0, 3.6e6
YEAR = 365.25 * DAY
PER_KWH_G = 1e-3 / KWH      # gCO2e/kWh -> kg/J
LITRE_PER_KWH = 1e-3 / KWH  # L/kWh -> m3/J


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: bloom_numpy.py SAMPLES [SEED]")
    n = int(sys.argv[1])
    rng = np.random.default_rng(int(sys.argv[2]) if len(sys.argv) > 2 else 42)

    power = rng.triangular(280.0, 400.0, 400.0, n)
    grid_fr = rng.uniform(51.0, 69.0, n) * PER_KWH_G
    pue_fr = rng.triangular(1.0, 1.0, 1.2, n)
    lifetime = rng.triangular(3.0 * YEAR, 6.0 * YEAR, 6.0 * YEAR, n)
    utilisation = rng.uniform(0.70, 0.95, n)
    embodied_gpu = rng.triangular(143.0, 150.0, 273.0, n)
    embodied_node = rng.triangular(2343.79, 2500.0, 5700.0, n)
    wue_fr = rng.uniform(0.0, 0.55, n) * LITRE_PER_KWH
    grid_us = rng.uniform(294.0, 430.0, n) * PER_KWH_G
    pue_us = rng.triangular(1.0, 1.0, 1.11, n)
    wue_us = rng.uniform(0.01, 1.9, n) * LITRE_PER_KWH
    logged = rng.uniform(820.0, 914.0, n) * KWH

    gpu_hours = 1082990.0 * HOUR
    idle_energy, logged_days = 256646.0 * KWH, 18.0 * DAY
    water_fr, water_us = 3.6737 * LITRE_PER_KWH, 3.1321 * LITRE_PER_KWH

    life_use = lifetime * utilisation
    gwp0 = embodied_gpu * (gpu_hours / life_use)
    gwp1 = embodied_node * (gpu_hours / 8.0 / life_use)
    zero = np.zeros(n)
    energy2 = np.full(n, idle_energy)
    gwp2 = energy2 * grid_fr
    water2 = idle_energy * wue_fr + energy2 * water_fr
    it3 = gpu_hours * power
    energy3 = it3 * pue_fr
    gwp3 = energy3 * grid_fr
    water3 = it3 * wue_fr + energy3 * water_fr
    it4 = logged / logged_days * logged_days
    energy4 = it4 * pue_us
    gwp4 = energy4 * grid_us
    water4 = it4 * wue_us + energy4 * water_us

    columns = {
        "embodied-gpus gwp": gwp0, "embodied-gpus energy": zero, "embodied-gpus water": zero,
        "embodied-servers gwp": gwp1, "embodied-servers energy": zero, "embodied-servers water": zero,
        "idle gwp": gwp2, "idle energy": energy2, "idle water": water2,
        "training gwp": gwp3, "training energy": energy3, "training water": water3,
        "inference gwp": gwp4, "inference energy": energy4, "inference water": water4,
        "training stage gwp": gwp0 + gwp1 + gwp2 + gwp3, "training stage energy": energy2 + energy3,
        "training stage water": water2 + water3,
        "deployment stage gwp": gwp4, "deployment stage energy": energy4, "deployment stage water": water4,
        "total gwp": gwp0 + gwp1 + gwp2 + gwp3 + gwp4, "total energy": energy2 + energy3 + energy4,
        "total water": water2 + water3 + water4,
    }
    outputs = {}
    for name, values in columns.items():
        p05, p50, p95 = np.percentile(values, [5, 50, 95])
        outputs[name] = {"mean": float(np.mean(values)), "p05": float(p05), "p50": float(p50), "p95": float(p95)}
    json.dump({"samples": n, "outputs": outputs}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

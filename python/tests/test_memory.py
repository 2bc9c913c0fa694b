"""Memory is released: scenarios loaded and run in a loop, as a notebook or a parameter study
does, leave the process no larger (issue 16)."""
import os
from pathlib import Path

import kaya

BLOOM = "scenarios/bloom-176b.yaml"


def resident_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_a_thousand_scenarios_in_a_loop_do_not_grow_memory():
    text = Path(BLOOM).read_text()

    def once(i):
        scenario = kaya.loads(text, name=BLOOM, set={"grid_fr": f"{20 + i % 50} gCO2e/kWh"})
        scenario.run(samples=64, seed=i).to_dict()
        assert scenario.samples(samples=64, seed=i).shape[0] == 64
        try:
            kaya.loads(text.replace("kind:", "knd:", 1), name=BLOOM)  # an error, with its message and place
        except kaya.InputError:
            pass

    for i in range(100):  # the allocator's pools and caches settle first
        once(i)
    before = resident_bytes()
    for i in range(1000):
        once(i)
    grown = resident_bytes() - before
    # A leak of a scenario, a result or an error per iteration (several KiB each) would pass this.
    assert grown < 4 * 2**20, f"grew by {grown / 2**20:.1f} MiB over 1,000 iterations"

// A sweep of BLOOM's training over every grid of the catalogue (413) at 10,000 samples
// each, as `kaya sweep --vary 'sites.jean-zay.grid=catalog:grids'` runs it: each row
// compiled and sampled, its totals and parity summarised. Target: under 1 s for the whole
// sweep on every core (threads 0), rows dealt to threads.
#include <benchmark/benchmark.h>

#include "kaya/analysis/sweep.hpp"
#include "kaya/scenario/scenario.hpp"

namespace {

void BM_sweep_grids(benchmark::State& state) {
    const kaya::scenario bloom = kaya::load_scenario(KAYA_SOURCE_DIR "/scenarios/bloom-176b.yaml");
    const kaya::sweep_axis grids = kaya::parse_axis("sites.jean-zay.grid=catalog:grids", kaya::catalog::builtin());
    const int threads = static_cast<int>(state.range(0));
    for (auto _ : state) {
        const kaya::sweep_result r = kaya::sweep(bloom, {grids}, {}, {10'000, kaya::default_seed, 2048, nullptr, threads});
        benchmark::DoNotOptimize(r.rows.data());
    }
    state.counters["grids"] = static_cast<double>(grids.values.size());
    state.SetItemsProcessed(state.iterations() * static_cast<long>(grids.values.size()) * 10'000);
}
BENCHMARK(BM_sweep_grids)->ArgName("threads")->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

}  // namespace

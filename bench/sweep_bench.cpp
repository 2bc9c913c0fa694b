// A sweep of BLOOM's training over every country grid of the catalogue, at 10,000 samples
// each, on one core. Target: under 2 s for the whole sweep.
#include <benchmark/benchmark.h>

#include "kaya/analysis/sweep.hpp"
#include "kaya/scenario/scenario.hpp"

namespace {

void BM_sweep_countries(benchmark::State& state) {
    const kaya::scenario bloom = kaya::load_scenario(KAYA_SOURCE_DIR "/scenarios/bloom-176b.yaml");
    const kaya::sweep_axis countries = kaya::parse_axis("sites.jean-zay.grid=catalog:countries", kaya::catalog::builtin());
    for (auto _ : state) {
        const kaya::sweep_result r = kaya::sweep(bloom, {countries}, {}, {10'000, kaya::default_seed});
        benchmark::DoNotOptimize(r.rows.data());
    }
    state.counters["grids"] = static_cast<double>(countries.values.size());
    state.SetItemsProcessed(state.iterations() * static_cast<long>(countries.values.size()) * 10'000);
}
BENCHMARK(BM_sweep_countries)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

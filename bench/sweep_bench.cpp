// A sweep of BLOOM's training over every country grid of the catalogue, at 10,000 samples
// each, on one core. Target: under 2 s for the whole sweep.
#include <benchmark/benchmark.h>

#include "mlca/analysis/sweep.hpp"
#include "mlca/scenario/scenario.hpp"

namespace {

void BM_sweep_countries(benchmark::State& state) {
    const mlca::scenario bloom = mlca::load_scenario(MLCA_SOURCE_DIR "/scenarios/bloom-176b.yaml");
    const mlca::sweep_axis countries = mlca::parse_axis("sites.jean-zay.grid=catalog:countries", mlca::catalog::builtin());
    for (auto _ : state) {
        const mlca::sweep_result r = mlca::sweep(bloom, {countries}, {}, {10'000, mlca::default_seed});
        benchmark::DoNotOptimize(r.rows.data());
    }
    state.counters["grids"] = static_cast<double>(countries.values.size());
    state.SetItemsProcessed(state.iterations() * static_cast<long>(countries.values.size()) * 10'000);
}
BENCHMARK(BM_sweep_countries)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

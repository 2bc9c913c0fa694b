// Whole runs as `kaya run --format json` does them, in process: sampling, exact
// percentiles of every output, parity, provenance and the JSON text, on BLOOM. Beside
// them, the kernel they are made of: draws and graph evaluation alone into a matrix
// (monte_carlo_bench.cpp). Whole processes against the reference programs:
// bench/reference/compare.py.
//
//   kaya_bench --benchmark_filter=BM_run_bloom
#include <benchmark/benchmark.h>

#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/render/render.hpp"
#include "kaya/scenario/scenario.hpp"

namespace {

void BM_run_bloom(benchmark::State& state) {
    static const kaya::model m = kaya::compile(kaya::load_scenario(KAYA_SOURCE_DIR "/scenarios/bloom-176b.yaml"));
    const long samples = state.range(0);
    const int threads = static_cast<int>(state.range(1));
    std::size_t bytes = 0;
    for (auto _ : state) {
        const std::string json = kaya::render_json(kaya::run_monte_carlo(m, {samples, kaya::default_seed, 2048, nullptr, threads}));
        bytes = json.size();
        benchmark::DoNotOptimize(json.data());
    }
    state.counters["json_bytes"] = static_cast<double>(bytes);
    state.SetItemsProcessed(state.iterations() * samples);
}
// threads 0: every core.
BENCHMARK(BM_run_bloom)
    ->ArgNames({"samples", "threads"})
    ->Args({10'000, 1})
    ->Args({1'000'000, 1})
    ->Args({1'000'000, 0})
    ->Args({10'000'000, 1})
    ->Args({10'000'000, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace

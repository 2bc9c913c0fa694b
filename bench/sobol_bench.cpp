// Sobol' first-order and total indices for every uncertain parameter of
// scenarios/bloom-176b.yaml at N = 2^14, on one core. Target: under 1 s.
#include <benchmark/benchmark.h>

#include "kaya/analysis/sensitivity.hpp"
#include "kaya/scenario/scenario.hpp"

namespace {

void BM_sobol_bloom(benchmark::State& state) {
    const kaya::model m = kaya::compile(kaya::load_scenario(KAYA_SOURCE_DIR "/scenarios/bloom-176b.yaml"));
    const int node = kaya::output_node(m, kaya::criterion::gwp, "");
    long evaluations = 0;
    for (auto _ : state) {
        const kaya::sobol_result r = kaya::sobol(m, node, 1 << 14, 42);
        evaluations = r.evaluations;
        benchmark::DoNotOptimize(r.indices.data());
    }
    state.counters["parameters"] = static_cast<double>(kaya::uncertain_parameters(m).size());
    state.counters["evaluations"] = static_cast<double>(evaluations);
}
BENCHMARK(BM_sobol_bloom)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace

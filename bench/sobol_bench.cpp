// Sobol' first-order and total indices for every uncertain parameter of
// scenarios/bloom-176b.yaml at N = 2^14, on one core. Target: under 1 s.
#include <benchmark/benchmark.h>

#include "mlca/analysis/sensitivity.hpp"
#include "mlca/scenario/scenario.hpp"

namespace {

void BM_sobol_bloom(benchmark::State& state) {
    const mlca::model m = mlca::compile(mlca::load_scenario(MLCA_SOURCE_DIR "/scenarios/bloom-176b.yaml"));
    const int node = mlca::output_node(m, mlca::criterion::gwp, "");
    long evaluations = 0;
    for (auto _ : state) {
        const mlca::sobol_result r = mlca::sobol(m, node, 1 << 14, 42);
        evaluations = r.evaluations;
        benchmark::DoNotOptimize(r.indices.data());
    }
    state.counters["parameters"] = static_cast<double>(mlca::uncertain_parameters(m).size());
    state.counters["evaluations"] = static_cast<double>(evaluations);
}
BENCHMARK(BM_sobol_bloom)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace

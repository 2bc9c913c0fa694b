// Sobol' first-order and total indices at N = 2^14, on one core:
//   BM_sobol_bloom   every uncertain parameter of scenarios/bloom-176b.yaml. Target: under 1 s.
//   BM_sobol_d/D     a generated scenario with D uncertain parameters (scenario_with_parameters).
//                    Target: under 10 s for D = 1000.
#include <benchmark/benchmark.h>

#include <string>

#include <fmt/format.h>

#include "kaya/analysis/sensitivity.hpp"
#include "kaya/scenario/scenario.hpp"

namespace {

// A scenario with `d` uncertain parameters, in the shape of a study of many training runs:
// run k draws on four of them (its GPU hours, its GPUs' average power, its site's grid
// intensity and PUE), across the four families of distribution, with ranges that differ
// from run to run so that the indices differ too; a run short of parameters (the last one
// when d is not a multiple of 4) takes fixed values instead. The total carbon depends on
// every parameter.
std::string scenario_with_parameters(int d) {
    std::string parameters, sites, phases;
    auto name = [&](int k, const char* fixed) { return k < d ? fmt::format("p{}", k) : std::string(fixed); };
    for (int k = 0; k < d; ++k) {
        const int spread = 5 + k % 7;  // 5 to 11 %
        switch (k % 4) {
            case 0: parameters += fmt::format("  p{}: {{value: {} h, lognormal: {{gsd: {:.2f}}}}}\n", k, 1000 + 37 * k, 1.0 + spread / 100.0); break;
            case 1: parameters += fmt::format("  p{}: {{value: {} W, normal: {{sd: {} W}}}}\n", k, 300 + k % 100, 3 * spread); break;
            case 2: parameters += fmt::format("  p{}: {} gCO2e/kWh ± {} %\n", k, 50 + k % 400, 4 * spread); break;
            case 3: parameters += fmt::format("  p{}: {{value: 1.2, triangular: [1.{}, 1.2, 1.{}]}}\n", k, 2 - spread / 10, 20 + spread); break;
        }
    }
    for (int run = 0; 4 * run < d; ++run) {
        sites += fmt::format("  s{}: {{grid_intensity: {}, pue: {}, wue: 0 L/kWh, water_intensity: 0 L/kWh}}\n", run,
                             name(4 * run + 2, "100 gCO2e/kWh"), name(4 * run + 3, "1.2"));
        phases += fmt::format("  - name: run{}\n    kind: training\n    site: s{}\n    device_hours: {}\n    power: {}\n", run, run,
                              name(4 * run, "1000 h"), name(4 * run + 1, "300 W"));
    }
    return fmt::format("name: sobol-d{}\nparameters:\n{}sites:\n{}phases:\n{}", d, parameters, sites, phases);
}

void run_sobol(benchmark::State& state, const kaya::model& m) {
    const int node = kaya::output_node(m, "gwp", "");
    long evaluations = 0;
    for (auto _ : state) {
        const kaya::sobol_result r = kaya::sobol(m, node, 1 << 14, 42);
        evaluations = r.evaluations;
        benchmark::DoNotOptimize(r.indices.data());
    }
    state.counters["parameters"] = static_cast<double>(kaya::uncertain_parameters(m).size());
    state.counters["evaluations"] = static_cast<double>(evaluations);
}

void BM_sobol_bloom(benchmark::State& state) {
    run_sobol(state, kaya::compile(kaya::load_scenario(KAYA_SOURCE_DIR "/scenarios/bloom-176b.yaml")));
}
BENCHMARK(BM_sobol_bloom)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_sobol_d(benchmark::State& state) {
    const int d = static_cast<int>(state.range(0));
    run_sobol(state, kaya::compile(kaya::parse_scenario(scenario_with_parameters(d), fmt::format("sobol-d{}.yaml", d))));
}
BENCHMARK(BM_sobol_d)->Arg(50)->Arg(200)->Arg(1000)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

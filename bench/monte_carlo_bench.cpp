// The sampling kernel (draws, inverse CDFs and graph evaluation into a matrix, without the
// statistics) on scenarios/bloom-176b.yaml, against a hand-written loop over the same draws
// and equations (bloom_baseline). Whole runs, percentiles and output included:
// run_bench.cpp and bench/reference/compare.py.
//
//   kaya_bench                                        # check, then every benchmark
//   kaya_bench --benchmark_filter='batch:0$|_bloom$'   # the engine (default batch) and the baseline
//
// Before benchmarking, the baseline's outputs are checked against the engine's on the
// first 1000 samples (relative difference at most 1e-9); the run stops if they differ.
// At the end, the ratio of the engine's throughput to the baseline's is printed.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "bloom_baseline.hpp"
#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/model/model.hpp"
#include "kaya/scenario/scenario.hpp"

namespace {

constexpr long samples = 1'000'000;
constexpr std::uint64_t seed = kaya::default_seed;

// Loaded and compiled once, outside every timed loop.
const kaya::model& bloom() {
    static const kaya::model m = kaya::compile(kaya::load_scenario(KAYA_SOURCE_DIR "/scenarios/bloom-176b.yaml"));
    return m;
}

void BM_engine_bloom(benchmark::State& state) {
    const kaya::model& m = bloom();
    kaya::run_options options{samples, seed};
    if (state.range(0) > 0) options.batch = state.range(0);
    for (auto _ : state) {
        Eigen::ArrayXXd out = kaya::sample_outputs(m, options);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * samples);
    // Throughput per output value: the columns grow with the categories assessed.
    const auto columns = static_cast<double>(kaya::output_layout(m).nodes.size());
    state.counters["columns"] = columns;
    state.counters["values/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * samples * columns, benchmark::Counter::kIsRate);
}
// Arg 0: the default batch of run_options.
BENCHMARK(BM_engine_bloom)->Arg(0)->ArgName("batch")->Unit(benchmark::kMillisecond);
// The batch sweep.
BENCHMARK(BM_engine_bloom)
    ->ArgName("batch")
    ->Arg(64)->Arg(256)->Arg(512)->Arg(1024)->Arg(4096)->Arg(8192)->Arg(16384)->Arg(65536)->Arg(samples)
    ->Unit(benchmark::kMillisecond);

void BM_baseline_bloom(benchmark::State& state) {
    const kaya::bench::bloom_baseline baseline(bloom());
    for (auto _ : state) {
        Eigen::ArrayXXd out = baseline.sample_outputs(samples, seed);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * samples);
}
BENCHMARK(BM_baseline_bloom)->Unit(benchmark::kMillisecond);

// The same two without the allocation of the output matrix (10^6 x 24 doubles, 192 MB,
// freshly page-faulted on every call of sample_outputs): both write into a matrix reused
// across iterations, so that only the computation is timed.
void BM_engine_bloom_reused_output(benchmark::State& state) {
    const kaya::model& m = bloom();
    const kaya::run_options options{samples, seed, state.range(0)};
    Eigen::ArrayXXd out;
    kaya::sample_outputs(m, options, out);
    for (auto _ : state) {
        kaya::sample_outputs(m, options, out);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * samples);
}
BENCHMARK(BM_engine_bloom_reused_output)->ArgName("batch")->Arg(256)->Arg(1024)->Arg(2048)->Arg(8192)->Unit(benchmark::kMillisecond);

void BM_baseline_bloom_reused_output(benchmark::State& state) {
    const kaya::bench::bloom_baseline baseline(bloom());
    Eigen::ArrayXXd out;
    baseline.sample_outputs(samples, seed, out);
    for (auto _ : state) {
        baseline.sample_outputs(samples, seed, out);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(state.iterations() * samples);
}
BENCHMARK(BM_baseline_bloom_reused_output)->Unit(benchmark::kMillisecond);

// The console output, then each engine run's throughput relative to the baseline's.
class ratio_reporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& reports) override {
        ConsoleReporter::ReportRuns(reports);
        // One run, or the mean over repetitions when there are any.
        for (const Run& r : reports) {
            if (r.error_occurred) continue;
            if (r.run_type == Run::RT_Aggregate && r.aggregate_name != "mean") continue;
            if (r.run_type == Run::RT_Iteration && r.repetitions > 1) continue;
            const auto it = r.counters.find("items_per_second");
            if (it != r.counters.end()) rates_.emplace_back(r.run_name.str(), it->second.value);
        }
    }
    void Finalize() override {
        ConsoleReporter::Finalize();
        // Each engine benchmark against the baseline of the same kind.
        for (const char* kind : {"", "_reused_output"}) {
            const std::string base_name = std::string("BM_baseline_bloom") + kind;
            const std::string engine_prefix = std::string("BM_engine_bloom") + kind + "/";
            const auto base = std::find_if(rates_.begin(), rates_.end(), [&](const auto& r) { return r.first == base_name; });
            if (base == rates_.end()) continue;
            std::printf("\nthroughput relative to %s (%.4g samples/s), target >= 0.70:\n", base_name.c_str(), base->second);
            for (const auto& [name, rate] : rates_) {
                if (name.rfind(engine_prefix, 0) != 0) continue;
                std::printf("  %-40s %10.4g samples/s  %.3fx\n", name.c_str(), rate, rate / base->second);
            }
        }
    }

private:
    std::vector<std::pair<std::string, double>> rates_;  // in the order run
};

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    try {
        const double diff = kaya::bench::max_relative_difference(bloom(), 1000, seed);
        std::printf("baseline vs engine, first 1000 samples: max relative difference %.3g (limit 1e-9)\n", diff);
        if (!(diff <= 1e-9)) {
            std::fprintf(stderr, "the baseline does not reproduce the engine: the comparison would be unfair\n");
            return 1;
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "kaya_bench: %s\n", e.what());
        return 1;
    }
    ratio_reporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}

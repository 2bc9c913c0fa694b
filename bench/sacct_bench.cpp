// Reading a year of job accounting for a large centre: 10^6 jobs, each with its batch and
// extern steps (3 × 10^6 lines, ~330 MB), as `sacct --parsable2` writes them, grouped by job
// name. Target (issue 14): under 2 s on one core. The file is generated once, in the temp folder.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "kaya/measure/sacct.hpp"

namespace {

std::string accounting_file(long jobs) {
    const auto path = std::filesystem::temp_directory_path() / fmt::format("kaya-bench-sacct-{}.txt", jobs);
    if (std::filesystem::exists(path)) return path.string();
    std::ofstream out(path.string() + ".part", std::ios::binary);
    out << "JobID|JobName|Account|User|Partition|AllocTRES|ElapsedRaw|Start|End|State|NNodes\n";
    const char* partitions[] = {"gpu_p5", "gpu_p13", "cpu_p1", "prepost"};
    const char* states[] = {"COMPLETED", "COMPLETED", "COMPLETED", "FAILED", "CANCELLED by 1234", "TIMEOUT"};
    for (long j = 0; j < jobs; ++j) {
        const long elapsed = 60 + (j * 7919) % 86400;
        const int gpus = static_cast<int>(j % 9);
        const std::string tres = fmt::format("billing={},cpu={},gres/gpu={},mem=64G,node={}", 8 * gpus + 4, 8 * gpus + 4, gpus, 1 + j % 4);
        const std::string times = fmt::format("2025-{:02}-{:02}T{:02}:00:00|2025-{:02}-{:02}T{:02}:59:59", 1 + j % 12, 1 + j % 28, j % 24, 1 + j % 12,
                                              1 + j % 28, j % 24);
        out << fmt::format("{}|job-{}|proj{}|user{}|{}|{}|{}|{}|{}|{}\n", 1000000 + j, j % 100, j % 50, j % 500, partitions[j % 4], tres, elapsed, times,
                           states[j % 6], 1 + j % 4);
        out << fmt::format("{}.batch|batch|proj{}|||{}|{}|{}|{}|1\n", 1000000 + j, j % 50, tres, elapsed, times, states[j % 6]);
        out << fmt::format("{}.extern|extern|proj{}|||{}|{}|{}|{}|{}\n", 1000000 + j, j % 50, tres, elapsed, times, states[j % 6], 1 + j % 4);
    }
    out.close();
    std::filesystem::rename(path.string() + ".part", path);
    return path.string();
}

void BM_sacct_read_grouped(benchmark::State& state) {
    const long jobs = state.range(0);
    const std::string path = accounting_file(jobs);
    for (auto _ : state) {
        std::ifstream in(path, std::ios::binary);
        const kaya::sacct_accounting a = kaya::read_sacct(in, path, {{}, "JobName"}, false);
        benchmark::DoNotOptimize(a.usage.data());
        if (a.jobs_selected != jobs) state.SkipWithError("not every job was read");
    }
    state.SetItemsProcessed(state.iterations() * jobs);
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(std::filesystem::file_size(path)));
}
BENCHMARK(BM_sacct_read_grouped)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

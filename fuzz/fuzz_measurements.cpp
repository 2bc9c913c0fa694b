// fuzz_measurements: a measurement file's text, as a phase's `measured:` or `kaya measurements`
// give it: read as a CodeCarbon emissions.csv (with a selection and a time window), as Slurm
// sacct output (grouped by job name, and selected by pattern), as ML.ENERGY JSON and as a
// cluster description. Each reader either accepts it or rejects it with a kaya::error.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>

#include "harness.hpp"
#include "kaya/measure/codecarbon.hpp"
#include "kaya/measure/mlenergy.hpp"
#include "kaya/measure/sacct.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = kaya::fuzz::text_of(data, size);
    const auto file = std::make_shared<const kaya::source_file>("measured", text);
    for (const bool skip : {false, true}) {
        kaya::fuzz::rejections_expected([&] {
            const kaya::codecarbon_measurement m = kaya::read_codecarbon(file, {{{"project_name", "bloom-api"}}, "2022", "2023"}, skip);
            (void)m.energy();
        });
        kaya::fuzz::rejections_expected([&] {
            const kaya::codecarbon_measurement m = kaya::read_codecarbon(file, {}, skip);
            (void)m.duration();
        });
        kaya::fuzz::rejections_expected([&] {
            std::istringstream in(text);
            (void)kaya::read_sacct(in, "measured", {{}, "JobName"}, skip);
        });
        kaya::fuzz::rejections_expected([&] {
            std::istringstream in(text);
            (void)kaya::read_sacct(in, "measured", {{{"JobName", "bloom-*|?pt"}, {"State", "COMPLETED"}}, ""}, skip);
        });
    }
    kaya::fuzz::rejections_expected([&] { (void)kaya::read_mlenergy(file, {{{"model", "*"}, {"gpu", "H100|A100"}}}); });
    kaya::fuzz::rejections_expected([&] { (void)kaya::read_cluster(file); });
    return 0;
}

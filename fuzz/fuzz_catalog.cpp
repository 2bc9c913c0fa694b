// fuzz_catalog: a user catalogue's text, as `--catalog FILE` or a scenario's `imports` give
// it: read into a catalogue, searched and asked for suggestions, then used by a scenario
// whose hardware, grid and data centre are the catalogue's first entries, through compile,
// a small Monte Carlo run and the lifecycle report (which shows the everyday equivalents).

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>

#include "harness.hpp"
#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/catalog/catalog.hpp"
#include "kaya/model/model.hpp"
#include "kaya/report/report.hpp"
#include "kaya/scenario/scenario.hpp"

namespace {

constexpr kaya::catalog_kind kinds[] = {kaya::catalog_kind::hardware, kaya::catalog_kind::grids,
                                        kaya::catalog_kind::datacentres, kaya::catalog_kind::equivalents};

// Every reference of this scenario is replaced by an entry of the fuzzed catalogue when it
// has one of that kind; the others stay built-in entries.
const kaya::scenario& user_of_catalogue() {
    static const kaya::scenario s = kaya::parse_scenario(R"(kaya: 1
name: catalogue-user
hardware:
  gpu:
    model: nvidia-a100-sxm4-80gb
    count: 8
    lifetime: 4 year
    utilisation: 80 %
sites:
  dc:
    grid: FRA
    datacentre: gcp-us-central1
phases:
  - name: embodied
    kind: embodied
    hardware: gpu
    duration: 30 day
  - name: training
    kind: training
    site: dc
    hardware: gpu
    duration: 10 day
)", "catalogue-user.yaml");
    return s;
}

// compile() reads user catalogues from files: the input is written to one of this process's.
class catalogue_file {
public:
    catalogue_file()
        : path_((std::filesystem::temp_directory_path() / ("kaya-fuzz-catalog-" + std::to_string(::getpid()) + ".yaml")).string()) {}
    ~catalogue_file() {
        std::error_code ec;
        std::filesystem::remove(path_, ec);
    }
    const std::string& write(const std::string& text) {
        std::ofstream(path_, std::ios::binary | std::ios::trunc) << text;
        return path_;
    }

private:
    std::string path_;
};

void query(const kaya::catalog& c) {
    (void)c.size();
    (void)c.list(std::nullopt);
    for (const auto kind : kinds) {
        const auto ids = c.ids(kind);
        (void)c.list(kind);
        for (const auto& id : ids) {
            (void)c.find(kind, id);
            (void)c.list(std::nullopt, id.substr(0, 3));
            (void)c.suggest(kind, id + "x").clause();
            (void)c.suggest(std::nullopt, id.substr(0, id.size() / 2)).clause();
            for (const auto other : kinds) (void)c.suggest(other, id).clause();
        }
    }
}

}  // namespace

// Reads the built-in catalogues and the scenario template once, before the first input.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)kaya::catalog::builtin();
    (void)user_of_catalogue();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static catalogue_file file;
    const std::string text = kaya::fuzz::text_of(data, size);
    kaya::catalog c;
    if (!kaya::fuzz::rejections_expected([&] { c.add_text(text, "fuzz-catalogue.yaml", "fuzz-catalogue.yaml"); })) return 0;
    query(c);

    kaya::scenario s = user_of_catalogue();
    auto use = [&](kaya::catalog_kind kind, std::map<std::string, kaya::located_text>& refs, const char* ref) {
        const auto ids = c.ids(kind);
        if (!ids.empty()) refs[ref].text = ids.front();
    };
    use(kaya::catalog_kind::hardware, s.hardware.front().refs, "model");
    use(kaya::catalog_kind::grids, s.sites.front().refs, "grid");
    use(kaya::catalog_kind::datacentres, s.sites.front().refs, "datacentre");

    kaya::run_options run;
    run.samples = 32;
    const kaya::report_options report{run, {file.write(text)}, "fuzz"};
    kaya::fuzz::rejections_expected([&] {
        const kaya::model m = kaya::compile(s, report.catalogues);
        (void)kaya::run_monte_carlo(m, run);
        for (const auto& f : kaya::lifecycle_report(s, report)) kaya::fuzz::checked_output(f.name, f.content);
        if (kaya::fuzz::verbose()) std::cerr << "accepted\n";
    });
    return 0;
}

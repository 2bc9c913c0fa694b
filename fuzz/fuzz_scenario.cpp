// fuzz_scenario: a scenario's text through everything `kaya run` and `kaya report` do with
// it: load, compile, the nominal evaluation, a small Monte Carlo run, every renderer of the
// results, the lifecycle report in memory and the exports for model cards and papers.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "harness.hpp"
#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/catalog/catalog.hpp"
#include "kaya/model/evaluate.hpp"
#include "kaya/model/model.hpp"
#include "kaya/render/render.hpp"
#include "kaya/report/report.hpp"
#include "kaya/scenario/scenario.hpp"

namespace {

// Imports resolve beside the scenario: the input "lives" in the folder of the tests' user
// catalogues, so that it may import them by name (`imports: [user.yaml]`).
const std::string& scenario_path() {
    static const std::string path = std::string(KAYA_FUZZ_CATALOG_DIR) + "/fuzz-input.yaml";
    return path;
}

// Only imports by a bare file name are kept: a fuzzed path must not read /dev or /proc.
void keep_local_imports(kaya::scenario& s) {
    std::erase_if(s.imports, [](const kaya::located_text& import) {
        return import.text.empty() || import.text.front() == '.' ||
               import.text.find_first_of("/\\") != std::string::npos;
    });
}

}  // namespace

// Reads the built-in catalogues once, before the first input.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)kaya::catalog::builtin();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = kaya::fuzz::text_of(data, size);
    kaya::run_options run;
    run.samples = 64;
    run.batch = 16;  // several batches, as a long run has
    run.progress = [](long, long) {};
    const kaya::report_options report{run, {}, "fuzz"};

    kaya::scenario s;
    const bool compiled = kaya::fuzz::rejections_expected([&] {
        s = kaya::parse_scenario(text, scenario_path());
        keep_local_imports(s);
        for (const auto& p : s.parameters) (void)kaya::written_form(p.value);
        const kaya::model m = kaya::compile(s);
        (void)kaya::evaluate_point(m.nodes, kaya::output_layout(m).nodes, m.nominal_inputs());
        const kaya::run_result r = kaya::run_monte_carlo(m, run);
        using kaya::fuzz::checked_output;
        checked_output("render_table", kaya::render_table(r));
        checked_output("render_table (40 columns)", kaya::render_table(r, 40));  // narrow: the tables stack
        checked_output("render_json", kaya::render_json(r));
        checked_output("render_csv", kaya::render_csv(r));
    });
    if (!compiled) return 0;
    if (kaya::fuzz::verbose()) std::cerr << "accepted\n";
    kaya::fuzz::rejections_expected([&] {
        for (const auto& file : kaya::lifecycle_report(s, report)) kaya::fuzz::checked_output(file.name, file.content);
    });
    kaya::fuzz::rejections_expected([&] { kaya::fuzz::checked_output("latex_export", kaya::latex_export(s, report)); });
    // Rejected when the scenario has no training phase.
    kaya::fuzz::rejections_expected([&] {
        const auto type = size % 2 == 0 ? kaya::training_type::pre_training : kaya::training_type::fine_tuning;
        kaya::fuzz::checked_output("model_card_block", kaya::model_card_block(s, report, type));
    });
    return 0;
}

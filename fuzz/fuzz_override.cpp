// fuzz_override: what-if overrides and formulas, as a front end takes them from its user.
// Each line of the input is one `NAME=VALUE` (as repeated `--set` options give them),
// applied in order to the BLOOM scenario, which is then compiled, evaluated and sampled;
// each line is also parsed as a formula on its own.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "harness.hpp"
#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/catalog/catalog.hpp"
#include "kaya/model/evaluate.hpp"
#include "kaya/model/model.hpp"
#include "kaya/render/render.hpp"
#include "kaya/scenario/expression.hpp"
#include "kaya/scenario/override.hpp"
#include "kaya/scenario/scenario.hpp"

namespace {

const kaya::scenario& bloom() {
    static const kaya::scenario s = kaya::load_scenario(std::string(KAYA_SOURCE_DIR) + "/scenarios/bloom-176b.yaml");
    return s;
}

}  // namespace

// Reads the built-in catalogues and the BLOOM scenario once, before the first input.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)kaya::catalog::builtin();
    (void)bloom();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = kaya::fuzz::text_of(data, size);
    const auto lines = kaya::fuzz::lines_of(text);

    for (const auto& line : lines) {
        kaya::fuzz::rejections_expected([&] {
            // The formula sits in a file of its own, so that a diagnostic quotes it.
            const kaya::source_loc at{std::make_shared<const kaya::source_file>("formula", line), 1, 1};
            const kaya::expression e = kaya::parse_expression(line, at);
            (void)e.references();
        });
    }

    kaya::fuzz::rejections_expected([&] {
        kaya::scenario s = bloom();
        for (const auto& line : lines) kaya::apply_override(s, line, "--set");
        const kaya::model m = kaya::compile(s);
        (void)kaya::evaluate_point(m.nodes, kaya::output_layout(m).nodes, m.nominal_inputs());
        kaya::run_options run;
        run.samples = 32;
        kaya::fuzz::checked_output("render_json", kaya::render_json(kaya::run_monte_carlo(m, run)));
        if (kaya::fuzz::verbose()) std::cerr << "accepted\n";
    });
    return 0;
}

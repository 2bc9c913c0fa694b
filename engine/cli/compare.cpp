#include <iostream>

#include "commands.hpp"
#include "terminal.hpp"
#include "kaya/analysis/compare.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/model/model.hpp"
#include "kaya/render/render.hpp"
#include "kaya/scenario/override.hpp"

namespace kaya::cli {

void setup_compare(CLI::App& app, compare_options& options) {
    options.samples = default_samples;
    app.add_option("scenarios", options.scenarios, "Two or more scenario files (YAML)")->required()->expected(2, -1);
    app.add_option("--format", options.format, "Output format")
        ->check(CLI::IsMember({"table", "json", "csv"}))
        ->capture_default_str();
    // Drawn again for each pair rather than kept: memory does not grow with the samples.
    app.add_option("--samples", options.samples, "Monte Carlo samples (1 to 1,000,000,000)")
        ->check(CLI::Range(1L, max_samples))
        ->capture_default_str();
    app.add_option("--seed", options.seed_text, "Random seed; every scenario uses it (common random numbers)")
        ->default_str(std::to_string(default_seed));
    add_threads_option(app, options.threads);
    add_catalog_option(app, options.catalogues);
    add_unit_option(app, options.units);
    add_imports_option(app, options.import_folders);
    add_accounting_option(app, options.sets);
    add_strict_option(app, options.sets);
    add_repeatable(app, "--set", options.sets, "Override NAME=VALUE in every scenario that has NAME (repeatable)");
}

int run_compare(const compare_options& options) {
    const std::uint64_t seed = seed_or_default(options.seed_text);
    const std::vector<scenario> scenarios = load_all_with_overrides(options.scenarios, options.sets, options.import_folders);
    const std::vector<model> models = compile_for_comparison(scenarios, options.catalogues);
    comparison c;
    {
        progress_line progress("kaya compare: sampling");
        c = compare(models, {options.samples, seed, 2048, progress.callback(), options.threads});
    }
    for (const auto& u : options.units) {
        report_in(c.indicators, u);
        for (auto& run : c.runs) report_in(run.indicators, u);
    }
    const std::string text = options.format == "json"  ? render_compare_json(c)
                             : options.format == "csv" ? render_compare_csv(c)
                                                       : render_compare_table(c, output_width());
    return write_output(text);
}

}  // namespace kaya::cli

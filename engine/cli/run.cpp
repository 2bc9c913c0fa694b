#include <iostream>

#include "commands.hpp"
#include "terminal.hpp"
#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/model/model.hpp"
#include "kaya/render/render.hpp"
#include "kaya/scenario/scenario.hpp"

namespace kaya::cli {

void setup_run(CLI::App& app, run_options& options) {
    options.samples = default_samples;
    app.add_option("scenario", options.scenario, "Scenario file (YAML)")->required();
    app.add_option("--format", options.format, "Output format")
        ->check(CLI::IsMember({"table", "json", "csv"}))
        ->capture_default_str();
    // The samples are not kept (exact percentiles come from a second pass), so memory does
    // not grow with them; time does, linearly.
    app.add_option("--samples", options.samples, "Monte Carlo samples (1 to 1,000,000,000)")
        ->check(CLI::Range(1L, max_samples))
        ->capture_default_str();
    app.add_option("--seed", options.seed_text, "Random seed, 0 to 2^64 - 1; the same seed gives the same numbers")
        ->default_str(std::to_string(default_seed));
    add_threads_option(app, options.threads);
    add_unit_option(app, options.units);
    app.add_flag("--parts", options.parts, "Table: show the parts too (IT energy; water on site, off site and embodied)");
    add_catalog_option(app, options.catalogues);
    add_imports_option(app, options.import_folders);
    add_accounting_option(app, options.sets);
    add_strict_option(app, options.sets);
    add_repeatable(app, "--set", options.sets,
                   "Override a parameter or field: NAME=VALUE, e.g. grid_fr='50 gCO2e/kWh' or sites.dc.pue=1.2 (repeatable)");
}

int run_run(const run_options& options) {
    const std::uint64_t seed = seed_or_default(options.seed_text);
    const model m = compile(load_with_overrides(options.scenario, options.sets, options.import_folders), options.catalogues);
    run_result r;
    {
        progress_line progress("kaya run: sampling");
        r = run_monte_carlo(m, {options.samples, seed, 2048, progress.callback(), options.threads});
    }
    for (const auto& u : options.units) report_in(r.indicators, u);
    // Rendered in full before anything is written, so a failure leaves no partial output.
    const std::string text = options.format == "json"  ? render_json(r)
                             : options.format == "csv" ? render_csv(r)
                                                       : render_table(r, output_width(), options.parts);
    return write_output(text);
}

}  // namespace kaya::cli

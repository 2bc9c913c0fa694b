#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "terminal.hpp"
#include "kaya/analysis/sensitivity.hpp"
#include "kaya/model/model.hpp"
#include "kaya/render/render.hpp"

namespace kaya::cli {

void setup_sensitivity(CLI::App& app, sensitivity_options& options) {
    app.add_option("scenario", options.scenario, "Scenario file (YAML)")->required();
    app.add_option("--method", options.method, "tornado (one at a time) or sobol (first-order and total indices)")
        ->check(CLI::IsMember({"tornado", "sobol"}))
        ->capture_default_str();
    app.add_option("--output", options.output,
                   "The category or indicator to analyse, by key: gwp, gwp_market, energy, water, adpe, pe, a part such as "
                   "water_onsite, or one a catalogue adds (kaya catalog list categories); default: the carbon of the primary accounting");
    app.add_option("--phase", options.phase, "A phase (the total when neither --phase nor --stage is given)");
    app.add_option("--stage", options.stage, "A stage: the sum of the phases that carry its name");
    app.add_option("--samples", options.samples, "Sobol': base sample size N, rounded up to a power of two (the design has N(d + 2) rows)")
        ->check(CLI::Range(min_sobol_samples, max_sobol_samples))
        ->capture_default_str();
    app.add_option("--seed", options.seed_text, "Random seed of the bootstrap (the Sobol' design is deterministic)")
        ->default_str(std::to_string(default_seed));
    app.add_option("--format", options.format, "Output format")
        ->check(CLI::IsMember({"table", "json", "csv"}))
        ->capture_default_str();
    add_catalog_option(app, options.catalogues);
    add_imports_option(app, options.import_folders);
    add_accounting_option(app, options.sets);
    add_strict_option(app, options.sets);
    add_repeatable(app, "--set", options.sets, "Override NAME=VALUE first (repeatable)");
}

int run_sensitivity(const sensitivity_options& options) {
    const std::uint64_t seed = seed_or_default(options.seed_text);
    const model m = compile(load_with_overrides(options.scenario, options.sets, options.import_folders), options.catalogues);
    const sensitivity_output o = sensitivity_output_of(m, options.output, options.phase, options.stage);
    const int node = o.node;
    const sensitivity_target& target = o.target;
    std::string text;
    if (options.method == "tornado") {
        const tornado_result r = tornado(m, node);
        text = options.format == "json" ? render_sensitivity_json(target, &r, nullptr)
               : options.format == "csv" ? render_sensitivity_csv(target, &r, nullptr)
                                         : render_tornado_table(target, r, output_width());
    } else {
        sobol_result r;
        {
            progress_line progress("kaya sensitivity: Sobol' design");
            r = sobol(m, node, options.samples, seed, 200, progress.callback());
        }
        text = options.format == "json" ? render_sensitivity_json(target, nullptr, &r)
               : options.format == "csv" ? render_sensitivity_csv(target, nullptr, &r)
                                         : render_sobol_table(target, r, output_width());
    }
    return write_output(text);
}

}  // namespace kaya::cli

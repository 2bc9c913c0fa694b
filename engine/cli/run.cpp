#include <iostream>

#include "commands.hpp"
#include "mlca/analysis/monte_carlo.hpp"
#include "mlca/model/model.hpp"
#include "mlca/render/render.hpp"
#include "mlca/scenario/scenario.hpp"

namespace mlca::cli {

void setup_run(CLI::App& app, run_options& options) {
    options.samples = default_samples;
    options.seed = default_seed;
    app.add_option("scenario", options.scenario, "Scenario file (YAML)")->required();
    app.add_option("--format", options.format, "Output format")
        ->check(CLI::IsMember({"table", "json", "csv"}))
        ->capture_default_str();
    app.add_option("--samples", options.samples, "Monte Carlo samples")
        ->check(CLI::Range(1L, 100'000'000L))
        ->capture_default_str();
    app.add_option("--seed", options.seed, "Random seed; the same seed gives the same numbers")
        ->capture_default_str();
}

int run_run(const run_options& options) {
    const model m = compile(load_scenario(options.scenario));
    const run_result r = run_monte_carlo(m, {options.samples, options.seed});
    // Rendered in full before anything is written, so a failure leaves no partial output.
    const std::string text = options.format == "json"  ? render_json(r)
                             : options.format == "csv" ? render_csv(r)
                                                       : render_table(r);
    std::cout << text << std::flush;
    return 0;
}

}  // namespace mlca::cli

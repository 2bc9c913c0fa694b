#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "terminal.hpp"
#include "kaya/analysis/sweep.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/render/render.hpp"

namespace kaya::cli {

void setup_sweep(CLI::App& app, sweep_options& options) {
    options.samples = default_samples;
    app.add_option("scenario", options.scenario, "Scenario file (YAML)")->required();
    add_repeatable(app, "--vary", options.vary,
                   "NAME=v1,v2,... or NAME=catalog:KIND[:TEXT] or NAME=catalog:countries; two or more give their cross product")
        ->required();
    app.add_option("--format", options.format, "Output format")
        ->check(CLI::IsMember({"table", "json", "csv"}))
        ->capture_default_str();
    app.add_option("--samples", options.samples, "Monte Carlo samples per row (1 to 1,000,000)")
        ->check(CLI::Range(1L, max_row_samples))
        ->capture_default_str();
    app.add_option("--seed", options.seed_text, "Random seed; every row uses it")->default_str(std::to_string(default_seed));
    add_threads_option(app, options.threads);
    app.add_option("--sort", options.sort, "Sort rows by a nominal total, by key: gwp, energy, water, adpe, pe, ...");
    app.add_flag("--descending", options.descending, "With --sort: largest first");
    add_catalog_option(app, options.catalogues);
    add_unit_option(app, options.units);
    add_imports_option(app, options.import_folders);
    add_accounting_option(app, options.sets);
    add_strict_option(app, options.sets);
    add_repeatable(app, "--set", options.sets, "Override NAME=VALUE before sweeping (repeatable)");
}

int run_sweep(const sweep_options& options) {
    const std::uint64_t seed = seed_or_default(options.seed_text);
    const scenario s = load_with_overrides(options.scenario, options.sets, options.import_folders);
    catalog c = catalog::builtin();
    for (const auto& path : options.catalogues) c.add_file(path);
    std::vector<sweep_axis> axes;
    std::size_t rows = 1;
    for (const auto& v : options.vary) {
        axes.push_back(parse_axis(v, c, "--vary"));
        check_sweep_axes(axes);
        rows *= axes.back().values.size();
    }
    sweep_result r;
    {
        progress_line progress(fmt::format("kaya sweep: {} rows", rows));
        r = sweep(s, axes, options.catalogues, {options.samples, seed, 2048, progress.callback(), options.threads});
    }
    for (const auto& u : options.units) report_in(r.indicators, u);
    if (!options.sort.empty()) sort_rows(r, sweep_sort_key(r, options.sort, "--sort"), options.descending);
    const std::string text = options.format == "json"  ? render_sweep_json(r)
                             : options.format == "csv" ? render_sweep_csv(r)
                                                       : render_sweep_table(r, output_width());
    return write_output(text);
}

}  // namespace kaya::cli

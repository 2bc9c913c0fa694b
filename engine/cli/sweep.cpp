#include <algorithm>
#include <cctype>
#include <fmt/ranges.h>
#include <optional>
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
        ->check(CLI::Range(1L, 1'000'000L))
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
    constexpr std::size_t max_rows = 100'000;
    for (const auto& v : options.vary) {
        axes.push_back(parse_axis(v, c, "--vary"));
        for (std::size_t k = 0; k + 1 < axes.size(); ++k) {
            if (axes[k].name == axes.back().name) {
                throw input_error::invalid_option("--vary", fmt::format("'{}' is varied twice; give all its values in one --vary", axes[k].name));
            }
        }
        // Checked before multiplying, so that no product can wrap around.
        if (rows > max_rows / axes.back().values.size()) {
            throw input_error::invalid_option("--vary", fmt::format("more than {} combinations", max_rows));
        }
        rows *= axes.back().values.size();
    }
    sweep_result r;
    {
        progress_line progress(fmt::format("kaya sweep: {} rows", rows));
        r = sweep(s, axes, options.catalogues, {options.samples, seed, 2048, progress.callback(), options.threads});
    }
    for (const auto& u : options.units) report_in(r.indicators, u);
    if (!options.sort.empty()) {
        std::vector<std::string> keys;
        std::optional<std::size_t> by;
        for (std::size_t k = 0; k < r.indicators.size(); ++k) {
            keys.push_back(r.indicators[k].key);
            if (r.indicators[k].key == options.sort) by = k;
        }
        if (!by) {
            std::string near;
            for (const auto& key : keys) {
                std::string lower = options.sort;
                for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                if (lower == key) near = fmt::format("; did you mean '{}'?", key);
            }
            throw input_error::invalid_option("--sort", fmt::format("no category '{}'{} the categories: {}", options.sort,
                                                                    near.empty() ? ";" : near, fmt::join(keys, ", ")));
        }
        // Sorting by what no row assesses would leave the rows as they are, and say nothing.
        const bool any = std::any_of(r.rows.begin(), r.rows.end(), [&](const sweep_row& row) { return row.total[*by].assessed(); });
        if (!any) {
            throw input_error::invalid_option("--sort", fmt::format("'{}' is not assessed in any row: no source gives a factor it needs "
                                                                    "(kaya run shows the coverage)", options.sort));
        }
        sort_rows(r, *by, options.descending);
    }
    const std::string text = options.format == "json"  ? render_sweep_json(r)
                             : options.format == "csv" ? render_sweep_csv(r)
                                                       : render_sweep_table(r, output_width());
    return write_output(text);
}

}  // namespace kaya::cli

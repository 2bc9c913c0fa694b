#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "terminal.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/report/report.hpp"
#include "kaya/version.hpp"

namespace kaya::cli {
namespace {

void common_options(CLI::App& app, report_common& options) {
    options.samples = default_samples;
    app.add_option("--samples", options.samples, "Monte Carlo samples (1 to 1,000,000)")
        ->check(CLI::Range(1L, max_row_samples))
        ->capture_default_str();
    app.add_option("--seed", options.seed_text, "Random seed")->default_str(std::to_string(default_seed));
    add_threads_option(app, options.threads);
    add_catalog_option(app, options.catalogues);
    add_imports_option(app, options.import_folders);
    add_accounting_option(app, options.sets);
    add_strict_option(app, options.sets);
    add_repeatable(app, "--set", options.sets, "Override NAME=VALUE first (repeatable)");
}

report_options to_report_options(const report_common& options) {
    const std::uint64_t seed = seed_or_default(options.seed_text);
    return {{options.samples, seed, 2048, nullptr, options.threads}, options.catalogues, kaya::version};
}

}  // namespace

void setup_report(CLI::App& app, report_cli_options& options) {
    app.add_option("scenarios", options.scenarios, "Scenario file(s) (YAML); several with --compare")->required();
    app.add_option("-o,--output", options.output, "The report folder, written all at once")->capture_default_str();
    app.add_flag("--compare", options.compare, "A side-by-side report of several scenarios");
    common_options(app, options);
}

int run_report(const report_cli_options& options) {
    if (options.scenarios.size() > 1 && !options.compare) {
        throw input_error::invalid_option("--compare", "several scenarios make a comparison report: add --compare");
    }
    if (options.compare && options.scenarios.size() < 2) throw input_error::invalid_option("--compare", "needs two or more scenarios");
    const std::vector<scenario> scenarios = load_all_with_overrides(options.scenarios, options.sets, options.import_folders);
    report_options r = to_report_options(options);
    progress_line progress("kaya report: sampling");
    r.run.progress = progress.callback();
    const auto files = options.compare ? comparison_report(scenarios, r) : lifecycle_report(scenarios.front(), r);
    write_directory(options.output, files);
    return write_output(fmt::format("{}: {} files (report.html, report.md, results.json, results.csv and figures)\n", options.output,
                                    files.size()));
}

void setup_export(CLI::App& app, export_options& options) {
    app.add_option("scenario", options.scenario, "Scenario file (YAML)")->required();
    auto* card = app.add_flag("--hf-model-card", options.model_card, "Print the Hugging Face model-card co2_eq_emissions block");
    auto* latex = app.add_flag("--latex", options.latex, "Print a booktabs table and an emissions statement for a paper");
    card->excludes(latex);
    auto* sci = app.add_flag("--sci", options.sci, "Print the Software Carbon Intensity (ISO/IEC 21031), per functional unit, as JSON");
    sci->excludes(card);
    sci->excludes(latex);
    // No default: a card that says pre-training for a fine-tuning run would state a falsehood.
    app.add_option("--training-type", options.training_type,
                   "The model card's training_type, as Hugging Face documents it (required with --hf-model-card)")
        ->check(CLI::IsMember(training_type_names()))
        ->needs(card);
    common_options(app, options);
}

int run_export(const export_options& options) {
    if (!options.model_card && !options.latex && !options.sci) {
        throw input_error::invalid_option("--hf-model-card", "choose --hf-model-card, --latex or --sci");
    }
    if (options.model_card && options.training_type.empty()) {
        throw input_error::invalid_option("--training-type", "the model card needs it: pre-training or fine-tuning");
    }
    const scenario s = load_with_overrides(options.scenario, options.sets, options.import_folders);
    report_options r = to_report_options(options);
    std::string text;
    {
        progress_line progress("kaya export: sampling");
        r.run.progress = progress.callback();
        text = options.model_card ? model_card_block(s, r, parse_training_type(options.training_type))
               : options.sci      ? sci_export(s, r)
                                  : latex_export(s, r);
    }
    return write_output(text);
}

}  // namespace kaya::cli

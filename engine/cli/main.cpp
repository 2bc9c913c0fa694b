// kaya: lifecycle assessment of machine-learning models. A thin shell over kaya::engine.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <new>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "commands.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/version.hpp"

#include <map>
#include <string>

int main(int argc, char** argv) {
#ifdef __GLIBC__
    // A sweep compiles and samples a model per row. glibc would hand each row's freed memory
    // back to the system and fault it in again for the next (a fifth of a sweep's time);
    // a batch process does better to keep a few tens of MiB.
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
    CLI::App app{"kaya: lifecycle footprint (carbon, energy, water) of machine-learning models, with uncertainty",
                 "kaya"};
    app.set_version_flag("--version", std::string(kaya::version));
    app.require_subcommand(1);

    kaya::cli::run_options run;
    kaya::cli::schema_options schema;
    kaya::cli::validate_options validate;
    kaya::cli::catalog_options catalog;
    kaya::cli::compare_options compare;
    kaya::cli::sweep_options sweep;
    kaya::cli::sensitivity_options sensitivity;
    kaya::cli::report_cli_options report;
    kaya::cli::export_options exports;
    kaya::cli::measurements_options measurements;
    CLI::App* run_cmd = app.add_subcommand("run", "Evaluate a scenario: per-phase carbon, energy and water");
    CLI::App* validate_cmd = app.add_subcommand("validate", "Load and check a scenario without evaluating it");
    CLI::App* compare_cmd = app.add_subcommand("compare", "Compare scenarios under shared uncertainty: ratios, differences, P(A < B)");
    CLI::App* sweep_cmd = app.add_subcommand("sweep", "Run a scenario for each value of one or more parameters or fields");
    CLI::App* sensitivity_cmd = app.add_subcommand("sensitivity", "Which parameters drive an output: tornado or Sobol' indices");
    CLI::App* report_cmd = app.add_subcommand("report", "Write a lifecycle report: HTML, Markdown with SVG figures, JSON, CSV");
    CLI::App* export_cmd = app.add_subcommand("export", "Print a model-card block or a LaTeX table");
    CLI::App* measurements_cmd =
        app.add_subcommand("measurements", "Summarise a CodeCarbon, Slurm sacct or ML.ENERGY file as a phase would take it");
    CLI::App* catalog_cmd = app.add_subcommand("catalog", "Browse the reference catalogues (hardware, grids, data centres)");
    CLI::App* schema_cmd = app.add_subcommand("schema", "Print the JSON Schema of scenario files, for editors that complete and check YAML");
    kaya::cli::setup_run(*run_cmd, run);
    kaya::cli::setup_validate(*validate_cmd, validate);
    kaya::cli::setup_catalog(*catalog_cmd, catalog);
    kaya::cli::setup_compare(*compare_cmd, compare);
    kaya::cli::setup_sweep(*sweep_cmd, sweep);
    kaya::cli::setup_sensitivity(*sensitivity_cmd, sensitivity);
    kaya::cli::setup_report(*report_cmd, report);
    kaya::cli::setup_export(*export_cmd, exports);
    kaya::cli::setup_schema(*schema_cmd, schema);
    kaya::cli::setup_measurements(*measurements_cmd, measurements);
    // An empty value is never what was meant (`--seed ''` would otherwise be the default
    // seed, `--phase ''` the total): every option that takes a value refuses one.
    const CLI::Validator not_empty([](const std::string& value) { return value.empty() ? std::string("an empty value") : std::string(); },
                                   "", "NOT-EMPTY");
    for (CLI::App* command : app.get_subcommands({})) {
        for (CLI::Option* option : command->get_options()) {
            if (option->get_type_size_max() > 0 && !option->get_positional()) option->check(not_empty);
        }
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // The same format as every other error, then where to find help.
        std::cerr << kaya::input_error(kaya::error_code::invalid_option, e.what()).what() << '\n'
                  << "Run 'kaya --help' or 'kaya SUBCOMMAND --help' for the options.\n";
        return static_cast<int>(kaya::exit_code::bad_input);
    }

    try {
        if (*run_cmd) return kaya::cli::run_run(run);
        if (*validate_cmd) return kaya::cli::run_validate(validate);
        if (*catalog_cmd) return kaya::cli::run_catalog(catalog);
        if (*compare_cmd) return kaya::cli::run_compare(compare);
        if (*sweep_cmd) return kaya::cli::run_sweep(sweep);
        if (*sensitivity_cmd) return kaya::cli::run_sensitivity(sensitivity);
        if (*report_cmd) return kaya::cli::run_report(report);
        if (*export_cmd) return kaya::cli::run_export(exports);
        if (*schema_cmd) return kaya::cli::run_schema(schema);
        if (*measurements_cmd) return kaya::cli::run_measurements(measurements);
    } catch (const kaya::error& e) {
        // The library speaks of its concepts ("report folder"); here they are options.
        static const std::map<std::string, std::string> flags{{"report folder", "-o"},     {"phase", "--phase"},
                                                              {"stage", "--stage"},        {"sensitivity method", "--method"},
                                                              {"training type", "--training-type"}, {"sample size", "--samples"},
                                                              {"category", "--output"}, {"unit", "--unit"},
                                                              {"time window", "--from/--to"}, {"cluster description", "--cluster"},
                                                              {"grouping column", "--group-by"}, {"skipping broken rows", "--skip-broken"}};
        const auto flag = flags.find(e.subject());
        const bool is_flag = e.subject().starts_with('-');  // an origin the CLI itself named, such as --set
        std::cerr << (flag != flags.end() ? e.rendered_for("option " + flag->second)
                      : is_flag           ? e.rendered_for("option " + e.subject())
                                          : std::string(e.what()))
                  << '\n';
        return static_cast<int>(e.exit());
    } catch (const std::bad_alloc&) {
        // Not a defect of kaya's, nor of the input: the system gave no more memory.
        std::cerr << "kaya: error: out of memory; fewer --threads (each holds its own working columns) or a higher "
                     "memory limit may help [internal]\n";
        return static_cast<int>(kaya::exit_code::internal);
    } catch (const std::exception& e) {
        std::cerr << "kaya: internal error: " << e.what() << " [internal]\n";
        return static_cast<int>(kaya::exit_code::internal);
    }
    return static_cast<int>(kaya::exit_code::internal);
}

// mlca: lifecycle assessment of machine-learning models. A thin shell over mlca::engine.
#include <CLI/CLI.hpp>

#include <iostream>

#include "commands.hpp"
#include "mlca/errors/error.hpp"
#include "mlca/version.hpp"

int main(int argc, char** argv) {
    CLI::App app{"mlca: lifecycle footprint (carbon, energy, water) of machine-learning models, with uncertainty",
                 "mlca"};
    app.set_version_flag("--version", std::string(mlca::version));
    app.require_subcommand(1);

    mlca::cli::run_options run;
    mlca::cli::validate_options validate;
    mlca::cli::catalog_options catalog;
    mlca::cli::compare_options compare;
    mlca::cli::sweep_options sweep;
    mlca::cli::sensitivity_options sensitivity;
    mlca::cli::report_cli_options report;
    mlca::cli::export_options exports;
    CLI::App* run_cmd = app.add_subcommand("run", "Evaluate a scenario: per-phase carbon, energy and water");
    CLI::App* validate_cmd = app.add_subcommand("validate", "Load and check a scenario without evaluating it");
    CLI::App* compare_cmd = app.add_subcommand("compare", "Compare scenarios under shared uncertainty: ratios, differences, P(A < B)");
    CLI::App* sweep_cmd = app.add_subcommand("sweep", "Run a scenario for each value of one or more parameters or fields");
    CLI::App* sensitivity_cmd = app.add_subcommand("sensitivity", "Which parameters drive an output: tornado or Sobol' indices");
    CLI::App* report_cmd = app.add_subcommand("report", "Write a lifecycle report: HTML, Markdown with SVG figures, JSON, CSV");
    CLI::App* export_cmd = app.add_subcommand("export", "Print a model-card block or a LaTeX table");
    CLI::App* catalog_cmd = app.add_subcommand("catalog", "Browse the reference catalogues (hardware, grids, data centres)");
    mlca::cli::setup_run(*run_cmd, run);
    mlca::cli::setup_validate(*validate_cmd, validate);
    mlca::cli::setup_catalog(*catalog_cmd, catalog);
    mlca::cli::setup_compare(*compare_cmd, compare);
    mlca::cli::setup_sweep(*sweep_cmd, sweep);
    mlca::cli::setup_sensitivity(*sensitivity_cmd, sensitivity);
    mlca::cli::setup_report(*report_cmd, report);
    mlca::cli::setup_export(*export_cmd, exports);

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        // The same format as every other error, then where to find help.
        std::cerr << mlca::input_error(mlca::error_code::invalid_option, e.what()).what() << '\n'
                  << "Run 'mlca --help' or 'mlca SUBCOMMAND --help' for the options.\n";
        return static_cast<int>(mlca::exit_code::bad_input);
    }

    try {
        if (*run_cmd) return mlca::cli::run_run(run);
        if (*validate_cmd) return mlca::cli::run_validate(validate);
        if (*catalog_cmd) return mlca::cli::run_catalog(catalog);
        if (*compare_cmd) return mlca::cli::run_compare(compare);
        if (*sweep_cmd) return mlca::cli::run_sweep(sweep);
        if (*sensitivity_cmd) return mlca::cli::run_sensitivity(sensitivity);
        if (*report_cmd) return mlca::cli::run_report(report);
        if (*export_cmd) return mlca::cli::run_export(exports);
    } catch (const mlca::error& e) {
        std::cerr << e.what() << '\n';
        return static_cast<int>(e.exit());
    } catch (const std::exception& e) {
        std::cerr << "mlca: internal error: " << e.what() << " [internal]\n";
        return static_cast<int>(mlca::exit_code::internal);
    }
    return static_cast<int>(mlca::exit_code::internal);
}

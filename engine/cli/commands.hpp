#pragma once
// The subcommands of `kaya`: each an options struct, a setup and a run function.
#include <CLI/CLI.hpp>

#include "kaya/scenario/scenario.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace kaya::cli {

struct run_options {
    std::string scenario;
    std::string format = "table";
    long samples = 0;       // set from the engine's default in setup
    std::string seed_text;  // parsed by parse_seed: CLI11 would wrap -1 to 2^64 - 1
    int threads = 0;        // 0: every core
    std::vector<std::string> catalogues;
    std::vector<std::string> import_folders;  // --allow-imports-from
    std::vector<std::string> sets;  // NAME=VALUE overrides
    bool parts = false;             // the table shows the parts of energy and water
    std::vector<std::string> units; // --unit: report a category in another unit
};
struct schema_options {
    bool catalogue_fields = false;
    std::vector<std::string> catalogues;
};
void setup_schema(CLI::App& app, schema_options& options);
int run_schema(const schema_options& options);

void setup_run(CLI::App& app, run_options& options);
int run_run(const run_options& options);

//! Loads a scenario, lets its imports read `import_folders` too, and applies its
//! `--set NAME=VALUE` overrides, in order.
scenario load_with_overrides(const std::string& path, const std::vector<std::string>& sets,
                             const std::vector<std::string>& import_folders);

//! Several scenarios; each `--set` applies to every one that has its name, and is an error
//! only when none has.
std::vector<scenario> load_all_with_overrides(const std::vector<std::string>& paths, const std::vector<std::string>& sets,
                                              const std::vector<std::string>& import_folders);

//! A seed from 0 to 2^64 - 1, written in decimal; throws invalid-option otherwise.
std::uint64_t parse_seed(const std::string& text);
//! The seed of `--seed`, or the engine's default when the option was not given.
std::uint64_t seed_or_default(const std::string& text);
//! An option given once per value (`--set a=1 --set b=2`), never swallowing what follows.
CLI::Option* add_repeatable(CLI::App& app, const std::string& name, std::vector<std::string>& values, const std::string& help);
//! `--catalog FILE` (repeatable), the same on every subcommand.
//! --unit UNIT (repeatable): each category of that unit's dimension is reported in it.
void add_unit_option(CLI::App& app, std::vector<std::string>& units);
void add_catalog_option(CLI::App& app, std::vector<std::string>& catalogues);
//! `--threads N`: threads to sample on (0, the default, is every core); results do not depend on it.
void add_threads_option(CLI::App& app, int& threads);
//! `--accounting location|market`: the primary carbon accounting, as an override in `sets`.
void add_accounting_option(CLI::App& app, std::vector<std::string>& sets);
//! `--strict`: plausibility checks are errors, as the override strict=true.
void add_strict_option(CLI::App& app, std::vector<std::string>& sets);
//! `--allow-imports-from DIR` (repeatable): a folder a scenario's imports may read besides its own.
void add_imports_option(CLI::App& app, std::vector<std::string>& folders);
//! Writes `text` to standard output and flushes it: 0 when it took everything, else a
//! message with the operating system's reason and exit code 1.
int write_output(std::string_view text);

struct validate_options {
    std::string scenario;
    std::vector<std::string> catalogues;
    std::vector<std::string> import_folders;  // --allow-imports-from
    std::vector<std::string> sets;            // --strict only
};
void setup_validate(CLI::App& app, validate_options& options);
int run_validate(const validate_options& options);

struct measurements_options {
    std::string file;
    std::string kind;  // --kind: codecarbon, sacct, mlenergy; empty: told by the file
    std::vector<std::string> select;  // KEY=VALUE
    std::string from, to, cluster, group_by;
    bool skip_broken = false;
    std::string format = "table";
};
void setup_measurements(CLI::App& app, measurements_options& options);
int run_measurements(const measurements_options& options);

struct compare_options {
    std::vector<std::string> scenarios;
    std::string format = "table";
    long samples = 0;
    std::string seed_text;
    int threads = 0;
    std::vector<std::string> catalogues;
    std::vector<std::string> import_folders;  // --allow-imports-from
    std::vector<std::string> sets;
    std::vector<std::string> units;
};
void setup_compare(CLI::App& app, compare_options& options);
int run_compare(const compare_options& options);

struct sweep_options {
    std::string scenario;
    std::vector<std::string> vary;
    std::string format = "table";
    long samples = 0;
    std::string seed_text;
    int threads = 0;
    std::string sort;
    bool descending = false;
    std::vector<std::string> catalogues;
    std::vector<std::string> import_folders;  // --allow-imports-from
    std::vector<std::string> sets;
    std::vector<std::string> units;
};
void setup_sweep(CLI::App& app, sweep_options& options);
int run_sweep(const sweep_options& options);

struct sensitivity_options {
    std::string scenario;
    std::string method = "sobol";
    std::string output;  // empty: the carbon category of the primary accounting
    std::string phase;
    std::string stage;
    long samples = 16384;
    std::string seed_text;
    std::string format = "table";
    std::vector<std::string> catalogues;
    std::vector<std::string> import_folders;  // --allow-imports-from
    std::vector<std::string> sets;
};
void setup_sensitivity(CLI::App& app, sensitivity_options& options);
int run_sensitivity(const sensitivity_options& options);

struct report_common {
    long samples = 0;
    std::string seed_text;
    int threads = 0;
    std::vector<std::string> catalogues;
    std::vector<std::string> import_folders;  // --allow-imports-from
    std::vector<std::string> sets;
};
struct report_cli_options : report_common {
    std::vector<std::string> scenarios;
    std::string output = "report";
    bool compare = false;
};
void setup_report(CLI::App& app, report_cli_options& options);
int run_report(const report_cli_options& options);

struct export_options : report_common {
    std::string scenario;
    bool model_card = false;
    bool latex = false;
    bool sci = false;
    std::string training_type;  // required with --hf-model-card
};
void setup_export(CLI::App& app, export_options& options);
int run_export(const export_options& options);

struct catalog_options {
    std::string command;  // list or show
    std::string kind;
    std::string search;
    std::string id;
    std::vector<std::string> catalogues;
};
void setup_catalog(CLI::App& app, catalog_options& options);
int run_catalog(const catalog_options& options);

}  // namespace kaya::cli

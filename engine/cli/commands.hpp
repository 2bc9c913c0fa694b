#pragma once
// The subcommands of `mlca`: each an options struct, a setup and a run function.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace mlca::cli {

struct run_options {
    std::string scenario;
    std::string format = "table";
    long samples = 0;  // set from the engine's default in setup
    std::uint64_t seed = 0;
};
void setup_run(CLI::App& app, run_options& options);
int run_run(const run_options& options);

struct validate_options {
    std::string scenario;
};
void setup_validate(CLI::App& app, validate_options& options);
int run_validate(const validate_options& options);

}  // namespace mlca::cli

#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "mlca/model/model.hpp"
#include "mlca/scenario/scenario.hpp"

namespace mlca::cli {

void setup_validate(CLI::App& app, validate_options& options) {
    app.add_option("scenario", options.scenario, "Scenario file (YAML)")->required();
}

int run_validate(const validate_options& options) {
    const model m = compile(load_scenario(options.scenario));
    std::cout << fmt::format("{}: ok: scenario '{}', {} phases, {} uncertain inputs\n", options.scenario, m.name,
                             m.phases.size(), m.inputs.size());
    std::cout.flush();
    return finish_output();
}

}  // namespace mlca::cli

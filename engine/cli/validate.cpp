#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "kaya/model/model.hpp"
#include "kaya/scenario/scenario.hpp"

namespace kaya::cli {

void setup_validate(CLI::App& app, validate_options& options) {
    app.add_option("scenario", options.scenario, "Scenario file (YAML)")->required();
    add_catalog_option(app, options.catalogues);
    add_imports_option(app, options.import_folders);
    add_strict_option(app, options.sets);
}

int run_validate(const validate_options& options) {
    const model m = compile(load_with_overrides(options.scenario, options.sets, options.import_folders), options.catalogues);
    const auto plural = [](std::size_t n) { return n == 1 ? "" : "s"; };
    const int status = write_output(fmt::format("{}: ok: scenario '{}', {} phase{}, {} uncertain input{}\n", options.scenario, m.name,
                                                m.phases.size(), plural(m.phases.size()), m.inputs.size(), plural(m.inputs.size())));
    for (const auto& w : m.warnings) std::cerr << fmt::format("warning: {} [{}]\n", w.message, w.code);
    return status;
}

}  // namespace kaya::cli

#include "commands.hpp"
#include "kaya/catalog/catalog.hpp"
#include "kaya/scenario/schema.hpp"

namespace kaya::cli {

void setup_schema(CLI::App& app, schema_options& options) {
    app.add_flag("--catalogue-fields", options.catalogue_fields,
                 "Print the value fields of each kind of catalogue entry instead (models/catalogue-fields.json)");
    add_catalog_option(app, options.catalogues);
}

int run_schema(const schema_options& options) {
    // User catalogues may add categories, whose factors become fields of sites and hardware.
    catalog c = catalog::builtin();
    for (const auto& path : options.catalogues) c.add_file(path);
    return write_output(options.catalogue_fields ? catalogue_fields_json(c) : scenario_json_schema(c));
}

}  // namespace kaya::cli

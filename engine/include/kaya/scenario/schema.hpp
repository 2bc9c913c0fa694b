#pragma once
//! The fields of hardware entries and sites, declared once: each one's dimension,
//! admissible range and the kind of catalogue entry that may supply it. The scenario
//! reader, the compiler, `--set`, the catalogue loader, `kaya schema` (a JSON Schema for
//! editors) and tools/generate-catalogues.py all read this one table.

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kaya/catalog/catalog.hpp"
#include "kaya/units/dimension.hpp"

namespace kaya {

struct field_schema {
    std::string name;
    dimension dim;
    double low = 0.0;  //!< values below are rejected (base units)
    double high = std::numeric_limits<double>::infinity();
    bool low_open = false;  //!< `low` itself is rejected too (a lifetime of zero)
    //! The kind of catalogue entry that may give it, through the entity's reference; none
    //! when only the scenario can.
    std::optional<catalog_kind> supplier;
    //! Missing, it leaves what it characterises not assessed instead of being an error.
    bool optional = false;
    std::string description;
    std::string example;  //!< a value as a scenario writes it: "400 W"
};

struct entity_schema {
    std::string section;  //!< the scenario's key: hardware, sites
    std::string what;     //!< one of them in messages: hardware, site
    std::vector<std::string> text;                              //!< free text: name, note
    std::vector<std::pair<std::string, catalog_kind>> refs;     //!< catalogue ids: model -> hardware
    std::vector<field_schema> values;

    [[nodiscard]] const field_schema* find(std::string_view name) const;
    //! The value fields an entry of `kind` gives, in order.
    [[nodiscard]] std::vector<std::string> supplied_by(catalog_kind kind) const;
    //! Every key an entity may have: text, references and values.
    [[nodiscard]] std::vector<std::string> keys() const;
};

//! The keys hardware entries and sites have whatever the categories: their text, references,
//! own value fields and a site's `mix`. No category's factor may take one of these names.
[[nodiscard]] std::vector<std::string> reserved_entity_keys();

//! Hardware entries and sites, with the characterisation factors of `c`'s categories.
[[nodiscard]] entity_schema hardware_schema(const catalog& c);
[[nodiscard]] entity_schema site_schema(const catalog& c);

//! A JSON Schema (draft 2020-12) of scenario files, for editors with a YAML language
//! server: every key, each phase kind's fields, and the forms a value may take.
[[nodiscard]] std::string scenario_json_schema(const catalog& c);
//! The value fields of each kind of catalogue entry, in order, as JSON: what
//! tools/generate-catalogues.py writes (models/catalogue-fields.json).
[[nodiscard]] std::string catalogue_fields_json(const catalog& c);

}  // namespace kaya

// The one table of hardware and site fields, and what is derived from it: the JSON Schema
// of scenario files and the catalogue fields for the generator.
#include "kaya/scenario/schema.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "kaya/units/unit.hpp"
#include "model/compiler.hpp"
#include "render/text.hpp"

namespace kaya {
namespace {

using namespace dims;
constexpr double inf = std::numeric_limits<double>::infinity();

// The fields every hardware entry and site may have, before the categories' factors.
entity_schema base_hardware() {
    return {"hardware",
            "hardware",
            {"name", "note"},
            {{"model", catalog_kind::hardware}},
            {
                {"count", none, 0.0, inf, false, std::nullopt, false, "how many devices (or servers) the entry stands for", "8"},
                {"lifetime", time, 0.0, inf, true, std::nullopt, false, "service life, over which manufacture is amortised", "5 years"},
                {"utilisation", none, 0.0, 1.0, true, std::nullopt, false, "share of its life the hardware is in use", "85 %"},
                {"power", power, 0.0, inf, false, catalog_kind::hardware, false, "average power per device", "400 W"},
                {"memory", information, 0.0, inf, false, catalog_kind::hardware, false, "memory per device (informative)", "80 GB"},
                {"cores", none, 0.0, inf, false, catalog_kind::hardware, false, "cores per device (informative)", "64"},
            }};
}

entity_schema base_site() {
    return {"sites",
            "site",
            {"name", "location", "note"},
            {{"grid", catalog_kind::grids}, {"datacentre", catalog_kind::datacentres}},
            {{"pue", none, 1.0, inf, false, catalog_kind::datacentres, false, "power usage effectiveness: energy at the meter / IT energy", "1.2"}}};
}

// The base fields and, after them, each category's factors that the entity's flows take.
entity_schema with_factors(entity_schema e, const catalog& c, bool hardware) {
    for (const auto& f : factor_fields(c.indicators())) {
        if ((f.source == flow::manufacture) != hardware || e.find(f.name)) continue;
        // A share is the scenario's own statement (a site's carbon-free energy purchases).
        if (f.share) {
            e.values.push_back({f.name, none, 0.0, 1.0, false, std::nullopt, true, f.description, "100 %"});
            continue;
        }
        const auto supplier = f.otherwise.empty() ? std::optional(supplier_of(f.source)) : std::nullopt;
        e.values.push_back({f.name, f.dim, 0.0, inf, false, supplier, !f.required, f.description, fmt::format("1 {}", f.unit)});
    }
    return e;
}

std::string quoted(std::string_view s) { return detail::json_quoted(s); }

// A JSON array of strings.
std::string array_of(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + quoted(items[i]);
    return out + "]";
}

// The properties of an entity: text, references, values.
std::string entity_properties(const entity_schema& e, const std::string& indent) {
    std::vector<std::string> props;
    for (const auto& t : e.text) props.push_back(fmt::format("{}{}: {{\"$ref\": \"#/$defs/text\"}}", indent, quoted(t)));
    for (const auto& [ref, kind] : e.refs) {
        props.push_back(fmt::format("{}{}: {{\"type\": \"string\", \"description\": {}}}", indent, quoted(ref),
                                    quoted(fmt::format("the id of a catalogue {} entry (kaya catalog list {})", kind_name(kind), kind_name(kind)))));
    }
    for (const auto& f : e.values) {
        const display_unit u = display_unit_for(f.dim);
        props.push_back(fmt::format("{}{}: {{\"$ref\": \"#/$defs/value\", \"description\": {}}}", indent, quoted(f.name),
                                    quoted(fmt::format("{}{}; e.g. {}{}", f.description, u.named && !u.symbol.empty() ? fmt::format(", {}", describe(f.dim)) : "",
                                                       f.example, f.supplier ? fmt::format("; or from its {} entry", kind_name(*f.supplier)) : ""))));
    }
    std::string out;
    for (std::size_t i = 0; i < props.size(); ++i) out += (i ? ",\n" : "") + props[i];
    return out;
}

}  // namespace

const field_schema* entity_schema::find(std::string_view name) const {
    const auto it = std::find_if(values.begin(), values.end(), [&](const field_schema& f) { return f.name == name; });
    return it == values.end() ? nullptr : &*it;
}

std::vector<std::string> entity_schema::supplied_by(catalog_kind kind) const {
    std::vector<std::string> out;
    for (const auto& f : values)
        if (f.supplier == kind) out.push_back(f.name);
    return out;
}

std::vector<std::string> entity_schema::keys() const {
    std::vector<std::string> out = text;
    for (const auto& [ref, _] : refs) out.push_back(ref);
    for (const auto& f : values) out.push_back(f.name);
    return out;
}

std::vector<std::string> reserved_entity_keys() {
    std::vector<std::string> out = base_hardware().keys();
    for (const auto& k : base_site().keys()) out.push_back(k);
    out.emplace_back("mix");
    return out;
}

entity_schema hardware_schema(const catalog& c) { return with_factors(base_hardware(), c, true); }
entity_schema site_schema(const catalog& c) { return with_factors(base_site(), c, false); }

std::string catalogue_fields_json(const catalog& c) {
    const entity_schema hw = hardware_schema(c), site = site_schema(c);
    std::string out = "{\n";
    const catalog_kind kinds[] = {catalog_kind::hardware, catalog_kind::grids, catalog_kind::datacentres, catalog_kind::equivalents};
    for (std::size_t i = 0; i < std::size(kinds); ++i) {
        out += fmt::format("  {}: {}{}\n", quoted(kind_name(kinds[i])), array_of(c.value_fields(kinds[i])), i + 1 < std::size(kinds) ? "," : "");
    }
    return out + "}\n";
}

std::string scenario_json_schema(const catalog& c) {
    const entity_schema hw = hardware_schema(c), site = site_schema(c);
    // Every phase field of any kind; each kind then allows only its own.
    std::vector<std::string> kinds, all_fields;
    std::string per_kind;
    for (const auto& k : detail::phase_kinds()) {
        kinds.emplace_back(k.name);
        std::vector<std::string> own{"name", "kind", "stage", "note"};
        if (k.needs_site) {
            own.emplace_back("site");
            own.emplace_back("pue_included");
        }
        if (k.uses_hardware) own.emplace_back("hardware");
        for (const auto& f : k.fields) {
            own.emplace_back(f.name);
            if (std::find(all_fields.begin(), all_fields.end(), f.name) == all_fields.end()) all_fields.emplace_back(f.name);
        }
        per_kind += fmt::format("{}\n        {{\"if\": {{\"properties\": {{\"kind\": {{\"const\": {}}}}}}}, \"then\": {{\"propertyNames\": {{\"enum\": {}}}}}}}",
                                per_kind.empty() ? "" : ",", quoted(k.name), array_of(own));
    }
    std::string phase_props = "            \"name\": {\"$ref\": \"#/$defs/text\"},\n"
                              "            \"kind\": {\"enum\": " + array_of(kinds) + "},\n"
                              "            \"site\": {\"type\": \"string\", \"description\": \"a site id\"},\n"
                              "            \"hardware\": {\"type\": \"string\", \"description\": \"a hardware id\"},\n"
                              "            \"stage\": {\"$ref\": \"#/$defs/text\", \"description\": \"a label for subtotals, such as training or deployment\"},\n"
                              "            \"note\": {\"$ref\": \"#/$defs/text\"},\n"
                              "            \"pue_included\": {\"enum\": [true, false, \"true\", \"false\"], \"description\": \"the stated power or energy is at the meter, PUE included\"},\n"
                              "            \"measured\": {\"type\": \"object\", \"oneOf\": [{\"required\": [\"codecarbon\"]}, {\"required\": [\"sacct\", \"cluster\"]}, {\"required\": [\"mlenergy\"]}], "
                              "\"additionalProperties\": false, \"description\": \"the phase's energy from a CodeCarbon emissions.csv or Slurm sacct file, or its energy per query from ML.ENERGY measurements\", "
                              "\"properties\": {\"codecarbon\": {\"oneOf\": [{\"type\": \"string\"}, {\"type\": \"array\", \"items\": {\"type\": \"string\"}, \"minItems\": 1}]}, \"sacct\": {\"type\": \"string\"}, \"cluster\": {\"type\": \"string\"}, \"mlenergy\": {\"type\": \"string\"}, "
                              "\"select\": {\"type\": \"object\", \"additionalProperties\": {\"type\": [\"string\", \"number\"]}}, "
                              "\"from\": {\"type\": \"string\"}, \"to\": {\"type\": \"string\"}, \"cpu\": {\"enum\": [\"counters\", \"constant\"]}, "
                              "\"skip_broken\": {\"enum\": [true, false, \"true\", \"false\"]}}}";
    for (const auto& f : all_fields) phase_props += fmt::format(",\n            {}: {{\"$ref\": \"#/$defs/value\"}}", quoted(f));
    std::vector<std::string> accountings;
    for (const auto& ind : c.indicators())
        if (!ind.accounting.empty()) accountings.push_back(ind.accounting);
    std::vector<std::string> source_keys{"title", "authors", "year", "url", "doi", "note", "licence", "repository", "path", "commit", "accessed", "publisher"};
    std::string source_props;
    for (const auto& k : source_keys) source_props += fmt::format("{}{}: {{\"$ref\": \"#/$defs/text\"}}", source_props.empty() ? "" : ", ", quoted(k));
    return fmt::format(R"json({{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://kaya.invalid/scenario.schema.json",
  "title": "kaya scenario",
  "description": "A kaya lifecycle scenario (docs/reference/scenario-format.md). Generated by kaya schema from the same tables the engine reads.",
  "type": "object",
  "required": ["name", "phases"],
  "additionalProperties": false,
  "properties": {{
    "kaya": {{"enum": [1, "1", "1.0"], "description": "the format version"}},
    "mlca": {{"enum": [1, "1", "1.0"], "deprecated": true, "description": "the former name of the version key; write kaya: 1"}},
    "name": {{"$ref": "#/$defs/text"}},
    "description": {{"$ref": "#/$defs/text"}},
    "functional_unit": {{"type": "object", "additionalProperties": false, "required": ["unit"], "description": "what results are also reported per: unit (request, 1000 token, trained model), amount served by the deployment, lifetime to amortise the life cycle over", "properties": {{
      "unit": {{"type": "string", "description": "one functional unit: request, query, 1000 token, image, or trained model"}},
      "name": {{"$ref": "#/$defs/text"}}, "note": {{"$ref": "#/$defs/text"}},
      "amount": {{"$ref": "#/$defs/value", "description": "units the deployment phases serve; default: their queries"}},
      "lifetime": {{"$ref": "#/$defs/value", "description": "units the whole life cycle is amortised over"}}}}}},
    "strict": {{"enum": [true, false, "true", "false"], "description": "plausibility checks (an implied power the hardware cannot draw) are errors"}},
    "accounting": {{"enum": {}, "description": "the primary carbon accounting: location (the grid's average) or market (what the operator buys)"}},
    "imports": {{"type": "array", "items": {{"type": "string"}}, "maxItems": {}, "description": "user catalogues, relative to the scenario's folder"}},
    "sources": {{"type": ["object", "null"], "additionalProperties": {{"oneOf": [{{"$ref": "#/$defs/text"}}, {{"type": "object", "additionalProperties": false, "properties": {{{}}}}}]}}}},
    "parameters": {{"type": ["object", "null"], "additionalProperties": {{"$ref": "#/$defs/value"}}}},
    "hardware": {{"type": ["object", "null"], "additionalProperties": {{"type": "object", "additionalProperties": false, "properties": {{
{}
    }}}}}},
    "sites": {{"type": ["object", "null"], "additionalProperties": {{"type": "object", "additionalProperties": false, "properties": {{
{},
      "mix": {{"type": "object", "additionalProperties": {{"$ref": "#/$defs/value"}}, "description": "shares by source of electricity (kaya catalog list grids source-)"}}
    }}}}}},
    "phases": {{
      "type": "array",
      "minItems": 1,
      "items": {{
        "type": "object",
        "required": ["name", "kind"],
        "properties": {{
{}
        }},
        "allOf": [{}
        ]
      }}
    }}
  }},
  "$defs": {{
    "text": {{"type": ["string", "number", "boolean"], "description": "text (YAML may write it as a number)"}},
    "value": {{
      "description": "a number with a unit or a formula ('400 W', '400 W ± 10 %', 'gpu_hours / 8'), or a mapping with value, an uncertainty, source, year and note",
      "oneOf": [
        {{"type": "number"}},
        {{"type": "string"}},
        {{
          "type": "object",
          "additionalProperties": false,
          "anyOf": [{{"required": ["value"]}}, {{"required": ["uniform"]}}, {{"required": ["triangular"]}}, {{"required": ["normal"]}}, {{"required": ["lognormal"]}}],
          "properties": {{
            "value": {{"type": ["string", "number"]}},
            "uniform": {{"type": "array", "minItems": 2, "maxItems": 2}},
            "triangular": {{"type": "array", "minItems": 3, "maxItems": 3}},
            "normal": {{"type": "object", "properties": {{"mean": {{}}, "sd": {{}}}}, "required": ["sd"], "additionalProperties": false}},
            "lognormal": {{"type": "object", "properties": {{"median": {{}}, "gsd": {{}}}}, "required": ["gsd"], "additionalProperties": false}},
            "allow_negative": {{"enum": [true, false, "true", "false"]}},
            "source": {{"oneOf": [{{"type": "string"}}, {{"type": "array", "items": {{"type": "string"}}}}]}},
            "year": {{"type": ["string", "number"]}},
            "note": {{"$ref": "#/$defs/text"}}
          }}
        }}
      ]
    }}
  }}
}}
)json",
                       array_of(accountings), max_imports, source_props, entity_properties(hw, "      "), entity_properties(site, "      "), phase_props, per_kind);
}

}  // namespace kaya

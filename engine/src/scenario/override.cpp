#include "kaya/scenario/override.hpp"

#include "kaya/catalog/catalog.hpp"
#include "kaya/scenario/schema.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "errors/suggest.hpp"
#include "kaya/errors/error.hpp"
#include "scenario/yaml_reader.hpp"

namespace kaya {
namespace {

std::vector<std::string> split_path(std::string_view name) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    // A site or hardware id may hold dots only as its last part would: split on the first two.
    for (int k = 0; k < 2; ++k) {
        const std::size_t dot = name.find('.', start);
        if (dot == std::string_view::npos) break;
        parts.emplace_back(name.substr(start, dot - start));
        start = dot + 1;
    }
    // Ids may contain dots (gcp regions do not, but user ids might): the field is after the last.
    std::string rest(name.substr(start));
    if (parts.size() == 2) {
        const std::size_t last = rest.rfind('.');
        if (last != std::string::npos) {
            parts[1] += "." + rest.substr(0, last);
            rest = rest.substr(last + 1);
        }
    }
    parts.push_back(std::move(rest));
    return parts;
}

}  // namespace

void apply_override(scenario& s, std::string_view assignment, std::string_view origin) {
    const std::size_t eq = assignment.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        throw input_error::invalid_option(origin, fmt::format("expected NAME=VALUE, got '{}'", assignment));
    }
    apply_override(s, assignment.substr(0, eq), assignment.substr(eq + 1), origin);
}

void apply_override(scenario& s, std::string_view name, std::string_view value, std::string_view origin) {
    // Bounded as a file is: a value's YAML costs memory many times its length.
    if (name.size() + value.size() > detail::max_input_bytes) {
        throw input_error::invalid_option(origin, fmt::format("{} bytes, more than the {} bytes kaya reads as a value",
                                                              name.size() + value.size(), detail::max_input_bytes));
    }
    s.overrides.push_back(fmt::format("{}={}", name, value));
    const std::string label = fmt::format("{} {}", origin, name);
    auto file = std::make_shared<const source_file>(label, std::string(value));
    const YAML::Node node = detail::load_document(file, "a value");
    const source_loc at{file, 1, 1};
    // Nothing after '=' (or a YAML null): no field of any kind takes it, and a node without a
    // place would give a message without one.
    if (!node.IsDefined() || node.IsNull()) throw input_error::invalid_value(at, fmt::format("a value for {}", name), "nothing");
    const std::vector<std::string> parts = split_path(name);
    if (parts.size() == 1) {
        const auto p = std::find_if(s.parameters.begin(), s.parameters.end(), [&](const parameter& x) { return x.name == parts[0]; });
        // The scenario's own keys, where no parameter has the name.
        if (p == s.parameters.end() && parts[0] == "accounting") {
            s.accounting = located_text{detail::scalar_text(node, file, "an accounting").text, at};
            return;
        }
        if (p == s.parameters.end() && parts[0] == "strict") {
            s.strict = located_text{detail::flag_text(node, file).text, at};
            return;
        }
        if (p == s.parameters.end()) {
            std::vector<std::string> names;
            for (const auto& x : s.parameters) names.push_back(x.name);
            throw input_error::invalid_option(origin, fmt::format("no parameter '{}' in scenario '{}'{}", parts[0], s.name,
                                                                  detail::suggest(parts[0], names).clause()));
        }
        p->value = detail::read_value(node, file, fmt::format("parameter '{}'", p->name), at);
        return;
    }
    if (parts.size() != 3) {
        throw input_error::invalid_option(origin, fmt::format("expected a parameter, or sites.ID.FIELD, hardware.ID.FIELD or "
                                                              "phases.NAME.FIELD, got '{}'", name));
    }
    const std::string& section = parts[0];
    const std::string& id = parts[1];
    const std::string& field = parts[2];
    auto unknown = [&](const char* what, const std::vector<std::string>& ids) {
        return input_error::invalid_option(origin, fmt::format("no {} '{}' in scenario '{}'{}", what, id, s.name,
                                                               detail::suggest(id, ids).clause()));
    };
    if (section == "phases") {
        std::vector<std::string> ids;
        for (auto& ph : s.phases) {
            ids.push_back(ph.name);
            if (ph.name != id) continue;
            if (field == "site" || field == "hardware") {
                (field == "site" ? ph.site : ph.hardware) = located_text{detail::scalar_text(node, file, "an id").text, at};
            } else if (field == "pue_included") {
                ph.pue_included = located_text{detail::flag_text(node, file).text, at};
            } else {
                ph.fields[field] = detail::read_value(node, file, fmt::format("{} of phase '{}'", field, id), at);
                ph.field_locs[field] = at;
            }
            return;
        }
        throw unknown("phase", ids);
    }
    if (section != "sites" && section != "hardware") {
        throw input_error::invalid_option(origin, fmt::format("'{}' is not sites, hardware or phases", section));
    }
    auto& items = section == "sites" ? s.sites : s.hardware;
    std::vector<std::string> ids;
    for (auto& e : items) {
        ids.push_back(e.id);
        if (e.id != id) continue;
        const entity_schema schema = section == "sites" ? site_schema(catalog::builtin()) : hardware_schema(catalog::builtin());
        const auto ref = std::find_if(schema.refs.begin(), schema.refs.end(), [&](const auto& r) { return r.first == field; });
        if (ref != schema.refs.end()) {
            e.refs[field] = located_text{detail::scalar_text(node, file, "a catalogue id").text, at};
            // Naming a grid or a data centre means using every value it supplies, not the
            // site's own: its carbon, water, ADPe and PE factors, or its PUE and WUE.
            if (section == "sites") {
                for (const auto& f : schema.supplied_by(ref->second)) e.fields.erase(f);
            }
            if (field == "grid") e.mix.clear();
        } else {
            e.fields[field] = detail::read_value(node, file, fmt::format("{} of {} '{}'", field, section == "sites" ? "site" : "hardware", id), at);
            e.field_locs[field] = at;
        }
        return;
    }
    throw unknown(section == "sites" ? "site" : "hardware", ids);
}

}  // namespace kaya

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kaya/errors/error.hpp"
#include "kaya/scenario/scenario.hpp"
#include "kaya/catalog/catalog.hpp"
#include "kaya/scenario/schema.hpp"
#include "measure/timestamp.hpp"
#include "scenario/keys.hpp"
#include "scenario/yaml_reader.hpp"

namespace kaya {
namespace {

using detail::loc_of;
using detail::map_reader;
using detail::read_value;
using detail::scalar_text;
using file_ptr = std::shared_ptr<const source_file>;

const std::vector<std::string> source_fields{"title",      "authors", "year",    "url",
                                             "doi",        "note",    "licence", "repository",
                                             "path",       "commit",  "accessed", "publisher"};

bool is_identifier(std::string_view s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
    for (const char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    return true;
}

bool is_entity_id(std::string_view s) {
    if (s.empty()) return false;
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (!(std::isalnum(u) || c == '-' || c == '_' || c == '.')) return false;
    }
    return true;
}

std::vector<source_entry> read_sources(const YAML::Node& node, const file_ptr& file) {
    std::vector<source_entry> out;
    map_reader sources(node, "sources", file);
    for (auto& e : sources.entries()) {
        e.taken = true;
        source_entry entry{e.key, loc_of(e.key_node, file), {}};
        if (e.value.IsScalar()) {
            entry.fields["title"] = e.value.Scalar();
        } else {
            map_reader fields(e.value, fmt::format("source '{}'", e.key), file);
            for (const auto& name : source_fields) {
                if (YAML::Node v = fields.take(name); v.IsDefined()) {
                    entry.fields[name] = scalar_text(v, file, fmt::format("text for '{}'", name)).text;
                }
            }
            fields.finish(source_fields);
        }
        out.push_back(std::move(entry));
    }
    return out;
}

std::vector<parameter> read_parameters(const YAML::Node& node, const file_ptr& file) {
    std::vector<parameter> out;
    map_reader params(node, "parameters", file);
    for (auto& e : params.entries()) {
        e.taken = true;
        const source_loc loc = loc_of(e.key_node, file);
        if (!is_identifier(e.key)) {
            throw input_error::invalid_value(
                loc, "a parameter name made of letters, digits and '_' (it is used in formulas)",
                fmt::format("'{}'", e.key));
        }
        out.push_back({e.key, loc, read_value(e.value, file, fmt::format("parameter '{}'", e.key), loc)});
    }
    return out;
}

// Hardware and sites: named entities whose fields are values, plus a few text fields.
// Entities' text and references are read as such; every other key is a value, which the
// compiler checks against the schema's fields with the scenario's own catalogues.
std::vector<entity> read_entities(const YAML::Node& node, const file_ptr& file, const entity_schema& schema) {
    const std::string& section = schema.section;
    const std::string& what = schema.what;
    const std::vector<std::string>& text_keys = schema.text;
    std::vector<std::string> ref_keys;
    for (const auto& [ref, _] : schema.refs) ref_keys.push_back(ref);
    std::vector<entity> out;
    map_reader items(node, section, file);
    for (auto& e : items.entries()) {
        e.taken = true;
        entity item;
        item.id = e.key;
        item.loc = loc_of(e.key_node, file);
        if (!is_entity_id(e.key)) {
            throw input_error::invalid_value(item.loc, fmt::format("a {} id of letters, digits, '-', '_' and '.'", what),
                                             fmt::format("'{}'", e.key));
        }
        map_reader fields(e.value, fmt::format("{} '{}'", what, e.key), file);
        for (auto& f : fields.entries()) {
            f.taken = true;
            const bool is_text = std::find(text_keys.begin(), text_keys.end(), f.key) != text_keys.end();
            const bool is_ref = std::find(ref_keys.begin(), ref_keys.end(), f.key) != ref_keys.end();
            if (f.key == "mix" && section == "sites") {
                // Shares by source of electricity: {coal: 20 %, nuclear: 80 %}.
                item.mix_loc = loc_of(f.key_node, file);
                map_reader shares(f.value, fmt::format("the mix of site '{}'", e.key), file);
                for (auto& share : shares.entries()) {
                    share.taken = true;
                    item.mix.emplace_back(located_text{share.key, loc_of(share.key_node, file)},
                                          read_value(share.value, file, fmt::format("the share of {} in the mix of site '{}'", share.key, e.key),
                                                     loc_of(share.key_node, file)));
                }
            } else if (is_ref) {
                item.refs[f.key] = scalar_text(f.value, file, "a catalogue id");
            } else if (is_text) {
                item.text[f.key] = scalar_text(f.value, file, "text").text;
            } else {
                item.fields[f.key] = read_value(f.value, file, fmt::format("{} of {} '{}'", f.key, what, e.key),
                                                loc_of(f.key_node, file));
                item.field_locs[f.key] = loc_of(f.key_node, file);
            }
        }
        out.push_back(std::move(item));
    }
    return out;
}

measured_spec read_measured(const YAML::Node& node, const file_ptr& file) {
    map_reader fields(node, "a measurement", file);
    measured_spec out;
    out.loc = fields.loc();
    for (const char* format : {"codecarbon", "sacct", "mlenergy"}) {
        if (!fields.has(format)) continue;
        if (!out.format.empty()) {
            throw input_error::invalid_value(fields.key_loc(format), fmt::format("one measurement file: '{}' or '{}'", out.format, format), "both");
        }
        out.format = format;
        const YAML::Node files = fields.take(format);
        if (files.IsSequence() && std::string(format) == "codecarbon") {
            for (const auto& f : files) out.files.push_back(scalar_text(f, file, "a CodeCarbon file"));
            if (out.files.empty()) throw input_error::invalid_value(loc_of(files, file), "at least one CodeCarbon file", "an empty list");
        } else {
            out.files.push_back(scalar_text(files, file, "a measurement file"));
        }
        out.file = out.files.front();
    }
    if (out.format.empty()) {
        throw input_error::missing_field(out.loc, "codecarbon", "a measurement", "or sacct (with cluster), or mlenergy: the file it was measured in");
    }
    if (YAML::Node sel = fields.take("select"); sel.IsDefined()) {
        map_reader keys(sel, "the rows to select", file);
        // ML.ENERGY's configurations are selected by three keys; the others' rows by their
        // columns, which only the file's header tells.
        const bool mlenergy = out.format == "mlenergy";
        for (auto& e : keys.entries()) {
            e.taken = !mlenergy || e.key == "model" || e.key == "gpu" || e.key == "gpus";
            if (e.taken) out.select.emplace_back(e.key, scalar_text(e.value, file, "a value").text);
        }
        keys.finish({"model", "gpu", "gpus"});
    }
    // Each format's own keys; any other is an unknown key of that measurement.
    std::vector<std::string> allowed{out.format, "select"};
    if (out.format == "codecarbon" || out.format == "sacct") allowed.emplace_back("skip_broken");
    if (out.format == "codecarbon") {
        allowed.insert(allowed.end(), {"from", "to", "cpu"});
        for (const char* bound : {"from", "to"}) {
            if (YAML::Node n = fields.take(bound); n.IsDefined()) {
                const located_text t = scalar_text(n, file, "a timestamp");
                if (!detail::epoch_seconds(t.text)) {
                    throw input_error::invalid_value(t.loc, "a timestamp (ISO 8601: 2024-03-01 or 2024-03-01T09:00:00)", t.text);
                }
                (std::string(bound) == "from" ? out.from : out.to) = t.text;
            }
        }
        if (YAML::Node n = fields.take("cpu"); n.IsDefined()) {
            out.cpu = scalar_text(n, file, "counters or constant");
            if (out.cpu->text != "counters" && out.cpu->text != "constant") {
                throw input_error::invalid_value(out.cpu->loc, "'counters' (RAPL) or 'constant' (half the CPU's TDP)", out.cpu->text);
            }
        }
    }
    if (out.format == "sacct") {
        allowed.emplace_back("cluster");
        out.cluster = scalar_text(fields.require("cluster"), file, "a cluster description file");
    }
    if (std::find(allowed.begin(), allowed.end(), "skip_broken") != allowed.end()) {
        if (YAML::Node n = fields.take("skip_broken"); n.IsDefined()) out.skip_broken = detail::flag_text(n, file).text == "true";
    }
    fields.finish(allowed);
    return out;
}

std::vector<phase_spec> read_phases(const YAML::Node& node, const file_ptr& file) {
    std::vector<phase_spec> out;
    if (!node.IsSequence()) {
        throw input_error::invalid_value(loc_of(node, file), "a list of phases (items starting with '- name:')",
                                         node.IsMap() ? "a mapping" : "a scalar");
    }
    if (node.size() == 0) throw input_error::invalid_value(loc_of(node, file), "at least one phase", "an empty list");
    for (const auto& item : node) {
        map_reader fields(item, "a phase", file);
        phase_spec phase;
        phase.loc = fields.loc();
        phase.name = scalar_text(fields.require("name"), file, "a phase name").text;
        fields.rename(fmt::format("phase '{}'", phase.name));
        phase.kind = scalar_text(fields.require("kind"), file, "a phase kind");
        if (YAML::Node s = fields.take("site"); s.IsDefined()) phase.site = scalar_text(s, file, "a site id");
        if (YAML::Node h = fields.take("hardware"); h.IsDefined()) phase.hardware = scalar_text(h, file, "a hardware id");
        if (YAML::Node st = fields.take("stage"); st.IsDefined()) phase.stage = scalar_text(st, file, "a stage name");
        if (YAML::Node n = fields.take("note"); n.IsDefined()) phase.note = scalar_text(n, file, "a note").text;
        if (YAML::Node n = fields.take("pue_included"); n.IsDefined()) {
            phase.pue_included = detail::flag_text(n, file);
        }
        if (YAML::Node m = fields.take("measured"); m.IsDefined()) phase.measured = read_measured(m, file);
        for (auto& f : fields.entries()) {
            if (f.taken) continue;
            f.taken = true;
            phase.fields[f.key] = read_value(f.value, file, fmt::format("{} of phase '{}'", f.key, phase.name),
                                             loc_of(f.key_node, file));
            phase.field_locs[f.key] = loc_of(f.key_node, file);
        }
        out.push_back(std::move(phase));
    }
    return out;
}

functional_unit_spec read_functional_unit(const YAML::Node& node, const file_ptr& file) {
    map_reader fields(node, "the functional unit", file);
    functional_unit_spec out;
    out.loc = fields.loc();
    out.unit = scalar_text(fields.require("unit"), file, "a unit such as request, 1000 token, or trained model");
    if (YAML::Node n = fields.take("name"); n.IsDefined()) out.name = scalar_text(n, file, "a name").text;
    if (YAML::Node n = fields.take("note"); n.IsDefined()) out.note = scalar_text(n, file, "a note").text;
    for (auto [key, target] : {std::pair{"amount", &out.amount}, std::pair{"lifetime", &out.lifetime}}) {
        YAML::Node n = fields.take(key);
        if (n.IsDefined()) *target = read_value(n, file, fmt::format("{} of the functional unit", key), loc_of(n, file));
    }
    fields.finish({"unit", "name", "note", "amount", "lifetime"});
    return out;
}

}  // namespace

std::string written_form(const value_spec& v) {
    std::string out = v.value ? v.value->text : "";
    static const char* forms[] = {"", "uniform", "triangular", "normal", "lognormal", "±"};
    if (v.form == uncertainty_form::plus_minus) return out + " ± " + v.args[0].text;
    if (v.form != uncertainty_form::none) {
        std::string args;
        for (std::size_t i = 0; i < v.args.size(); ++i) args += (i ? ", " : "") + v.arg_names[i] + " " + v.args[i].text;
        out += fmt::format("{}{} ({})", out.empty() ? "" : "; ", forms[static_cast<int>(v.form)], args);
    }
    return out;
}

scenario parse_scenario(std::string text, const std::string& path) {
    detail::check_path(path);
    detail::check_size(text.size(), detail::max_input_bytes, path, "a scenario");
    auto file = std::make_shared<const source_file>(path, std::move(text));
    const YAML::Node root = detail::load_document(file, "a scenario");
    if (!root.IsMap()) {
        throw input_error::invalid_value({file, 1, 1}, "a scenario (a YAML mapping with name, parameters, ..., phases)",
                                         root.IsNull() ? "an empty file" : "something else");
    }
    map_reader top(root, "the scenario", file);
    scenario s;
    s.file = file;
    if (YAML::Node list = top.take("imports"); list.IsDefined()) {
        if (!list.IsSequence()) {
            throw input_error::invalid_value(loc_of(list, file), "a list of catalogue files", "something else");
        }
        for (const auto& item : list) {
            located_text import = scalar_text(item, file, "a catalogue file");
            // Each import is read whole: a bound on their number bounds the text read.
            if (s.imports.size() == max_imports) {
                throw input_error::invalid_value(import.loc, fmt::format("at most {} catalogue files in imports", max_imports),
                                                 "another (docs/reference/limits.md)");
            }
            for (const auto& earlier : s.imports) {
                if (earlier.text == import.text) throw input_error::duplicate_name(import.loc, "import", import.text, earlier.loc);
            }
            s.imports.push_back(std::move(import));
        }
    }
    for (const char* key : {"kaya", "mlca"}) {
        YAML::Node v = top.take(key);
        if (!v.IsDefined()) continue;
        const located_text version = scalar_text(v, file, "a format version");
        if (version.text != "1" && version.text != "1.0") throw input_error::unsupported_version(version.loc, version.text);
        // Files written before the project was renamed keep working, with a nudge.
        if (std::string_view(key) == "mlca") {
            s.warnings.push_back({"deprecated-key",
                                  fmt::format("{}: the version key 'mlca' is the project's former name; write 'kaya: 1'",
                                              location_text(version.loc)),
                                  version.loc});
        }
    }
    s.name = scalar_text(top.require("name"), file, "a scenario name").text;
    if (YAML::Node d = top.take("description"); d.IsDefined()) s.description = scalar_text(d, file, "a description").text;
    if (YAML::Node n = top.take("sources"); n.IsDefined() && !n.IsNull()) s.sources = read_sources(n, file);
    if (YAML::Node n = top.take("parameters"); n.IsDefined() && !n.IsNull()) s.parameters = read_parameters(n, file);
    if (YAML::Node n = top.take("hardware"); n.IsDefined() && !n.IsNull()) {
        s.hardware = read_entities(n, file, hardware_schema(catalog::builtin()));
    }
    if (YAML::Node n = top.take("sites"); n.IsDefined() && !n.IsNull()) {
        s.sites = read_entities(n, file, site_schema(catalog::builtin()));
    }
    s.phases = read_phases(top.require("phases"), file);
    if (YAML::Node f = top.take("functional_unit"); f.IsDefined()) s.functional_unit = read_functional_unit(f, file);
    if (YAML::Node a = top.take("accounting"); a.IsDefined()) s.accounting = scalar_text(a, file, "an accounting");
    if (YAML::Node a = top.take("strict"); a.IsDefined()) s.strict = detail::flag_text(a, file);
    top.finish({"kaya", "name", "description", "imports", "sources", "parameters", "hardware", "sites", "phases", "accounting", "strict", "functional_unit"});
    return s;
}

scenario load_scenario(const std::string& path) { return parse_scenario(detail::read_text_file(path, "a scenario"), path); }

}  // namespace kaya

// Impact categories and inventory indicators as catalogue entries (kind: categories).
#include "kaya/catalog/indicator.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "catalog/indicator_reader.hpp"
#include "errors/suggest.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/units/unit.hpp"

namespace kaya {

namespace {

constexpr flow all_flows[] = {flow::electricity, flow::it_energy, flow::overhead, flow::manufacture};

}  // namespace

const char* flow_name(flow f) noexcept {
    switch (f) {
        case flow::electricity: return "electricity";
        case flow::it_energy: return "it_energy";
        case flow::overhead: return "overhead";
        case flow::manufacture: return "manufacture";
    }
    return "";
}

dimension flow_dimension(flow f) noexcept { return f == flow::manufacture ? dims::none : dims::energy; }

void report_in(std::vector<indicator>& indicators, std::string_view request) {
    // "pe=GJ" names the category; "MWh" is every category of its dimension.
    std::string_view key, unit_text = request;
    if (const auto eq = request.find('='); eq != std::string_view::npos) {
        key = request.substr(0, eq);
        unit_text = request.substr(eq + 1);
        const bool known = std::any_of(indicators.begin(), indicators.end(), [&](const indicator& i) { return i.key == key; });
        if (!known) {
            std::vector<std::string> keys;
            for (const auto& i : indicators) keys.push_back(i.key);
            throw input_error::invalid_option("unit", fmt::format("no category '{}'{}", key, detail::suggest(key, keys).clause()));
        }
    }
    unit_parse_failure why;
    const auto u = parse_unit(unit_text, &why);
    if (!u) {
        throw input_error::invalid_option("unit", fmt::format("'{}' is not a unit{}", unit_text,
                                                              why.suggestion.empty() ? "" : fmt::format("; did you mean '{}'?", why.suggestion)));
    }
    bool used = false;
    for (auto& ind : indicators) {
        if (ind.dim != u->dim || (!key.empty() && ind.key != key)) continue;
        ind.unit = std::string(unit_text);
        ind.per_base = 1.0 / u->factor;
        ind.unit_requested = true;
        used = true;
    }
    if (!used) {
        std::vector<std::string> units;
        for (const auto& ind : indicators)
            if (ind.detail_of.empty()) units.push_back(fmt::format("{} ({})", ind.key, describe(ind.dim)));
        if (!key.empty()) throw input_error::invalid_option("unit", fmt::format("category '{}' is not {}", key, describe(u->dim)));
        throw input_error::invalid_option("unit", fmt::format("no category is {}: the categories are {}", describe(u->dim), detail::listing(units)));
    }
}

std::optional<std::size_t> carbon_of(const std::vector<indicator>& indicators, std::string_view accounting) {
    for (std::size_t k = 0; k < indicators.size(); ++k)
        if (indicators[k].accounting == accounting) return k;
    return std::nullopt;
}

std::vector<factor_field> factor_fields(const std::vector<indicator>& indicators) {
    std::vector<factor_field> out, shares;
    for (const auto& ind : indicators) {
        for (const auto& t : ind.terms) {
            if (t.factor.empty()) continue;
            const auto known = std::find_if(out.begin(), out.end(), [&](const factor_field& f) { return f.name == t.factor; });
            if (known != out.end()) {
                known->required = known->required || t.required;
                continue;
            }
            // Per kWh for the energy flows; per unit of hardware for manufacture.
            const bool energy = t.source != flow::manufacture;
            const double kwh = find_unit("kWh")->factor;
            const std::string unit = energy ? ind.unit + "/kWh" : ind.unit;
            const std::string per = energy ? fmt::format("kWh of {}", flow_name(t.source)) : "unit manufactured";
            out.push_back({t.factor, t.source, ind.dim / flow_dimension(t.source), unit, energy ? ind.per_base * kwh : ind.per_base,
                           t.required, ind.key, fmt::format("{} per {} ({})", ind.key, per, unit), false, t.otherwise});
            if (!t.less_share.empty() && std::none_of(shares.begin(), shares.end(), [&](const factor_field& f) { return f.name == t.less_share; })) {
                shares.push_back({t.less_share, t.source, dims::none, "", 1.0, false, ind.key,
                                  fmt::format("share (0 to 1) that {} leaves out when {} is not given: {} × (1 − {})", ind.key,
                                              t.factor, t.otherwise, t.less_share),
                                  true, ""});
            }
        }
    }
    for (auto& f : shares)
        if (std::none_of(out.begin(), out.end(), [&](const factor_field& o) { return o.name == f.name; })) out.push_back(std::move(f));
    return out;
}

namespace detail {

namespace {

// Keys and factor names are what JSON, CSV and options use: lower case, digits and '_'.
bool plain_name(const std::string& text) {
    return !text.empty() && text.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
}

}  // namespace

using detail::loc_of;
using detail::map_reader;
using detail::scalar_text;

indicator read_indicator(const std::string& key, const YAML::Node& node, const source_loc& key_loc,
                         const std::shared_ptr<const source_file>& file, const source_table& sources, const std::string& origin) {
    indicator out;
    out.key = key;
    out.loc = key_loc;
    out.origin = origin;
    const std::string what = fmt::format("category '{}'", key);
    if (!plain_name(key) || key.front() == '_') {
        throw input_error::invalid_value(key_loc, "a category key of lower-case letters, digits and '_'", fmt::format("'{}'", key));
    }
    map_reader fields(node, what, file);
    auto text = [&](const char* k, bool required) {
        YAML::Node v = required ? fields.require(k) : fields.take(k);
        return v.IsDefined() && !v.IsNull() ? scalar_text(v, file, "text") : located_text{};
    };
    const located_text name = text("name", true);
    if (name.text.empty()) throw input_error::invalid_value(name.loc.known() ? name.loc : key_loc, "a name", "an empty text");
    out.name = name.text;
    out.label = text("label", false).text;
    if (out.label.empty()) out.label = key;
    const located_text unit_text = text("unit", true);
    unit_parse_failure why;
    const auto u = parse_unit(unit_text.text, &why);
    if (!u) {
        if (!why.symbol.empty()) throw unit_error::unknown_unit(unit_text.loc, why.symbol, why.suggestion);
        throw input_error::invalid_value(unit_text.loc, "a unit", fmt::format("'{}': {}", unit_text.text, why.message));
    }
    out.unit = unit_text.text;
    out.per_base = 1.0 / u->factor;
    out.dim = u->dim;
    const located_text type = text("type", true);
    if (type.text != "impact" && type.text != "inventory") {
        throw input_error::invalid_value(type.loc, "'impact' or 'inventory'", fmt::format("'{}'", type.text));
    }
    out.inventory = type.text == "inventory";
    out.detail_of = text("detail_of", false).text;
    out.method = text("method", true).text;
    out.description = text("description", true).text;
    text("note", false);
    // A category names where its method is defined, like every catalogue value.
    const YAML::Node source = fields.require("source");
    std::vector<located_text> cited;
    if (source.IsSequence()) {
        for (const auto& s : source) cited.push_back(scalar_text(s, file, "a source key"));
        if (cited.empty()) throw input_error::invalid_value(loc_of(source, file), "at least one source key", "an empty list");
    } else {
        cited.push_back(scalar_text(source, file, "a source key"));
    }
    for (const auto& s : cited) {
        if (!sources.contains(s.text)) {
            std::vector<std::string> keys;
            for (const auto& [k, _] : sources) keys.push_back(k);
            throw input_error::undefined_reference(s.loc, "source", s.text, suggest_among(s.text, keys, "sources"));
        }
        out.sources.push_back(source_line(sources.at(s.text)));
    }
    if (YAML::Node scale = fields.take("scale"); scale.IsDefined() && !scale.IsNull()) {
        if (!scale.IsSequence()) throw input_error::invalid_value(loc_of(scale, file), "a list of units", "something else");
        for (const auto& s : scale) {
            const located_text symbol = scalar_text(s, file, "a unit");
            const auto su = parse_unit(symbol.text);
            if (!su || su->dim != out.dim) {
                throw unit_error::mismatch(symbol.loc, fmt::format("a unit of the scale of category '{}'", key), describe(out.dim),
                                           su ? describe(su->dim) : fmt::format("'{}', not a unit", symbol.text));
            }
            out.scale.push_back(symbol.text);
        }
    }
    if (YAML::Node terms = fields.take("terms"); terms.IsDefined() && !terms.IsNull()) {
        if (!terms.IsSequence()) {
            throw input_error::invalid_value(loc_of(terms, file), "a list of terms ({flow: ..., factor: ...})", "something else");
        }
        for (const auto& t : terms) {
            map_reader term(t, fmt::format("a term of category '{}'", key), file);
            indicator_term it;
            it.loc = loc_of(t, file);
            const located_text f = scalar_text(term.require("flow"), file, "a flow");
            std::vector<std::string> names;
            for (const flow x : all_flows) names.emplace_back(flow_name(x));
            const auto found = std::find(names.begin(), names.end(), f.text);
            if (found == names.end()) throw input_error::undefined_reference(f.loc, "flow", f.text, suggest_among(f.text, names, "flows"));
            it.source = all_flows[found - names.begin()];
            if (YAML::Node v = term.take("factor"); v.IsDefined() && !v.IsNull()) {
                const located_text factor = scalar_text(v, file, "a field name");
                if (!plain_name(factor.text)) {
                    throw input_error::invalid_value(factor.loc, "a field name of lower-case letters, digits and '_'",
                                                     fmt::format("'{}'", factor.text));
                }
                it.factor = factor.text;
            } else if (flow_dimension(it.source) != out.dim) {
                // Without a factor the term is the flow itself, which must be in the category's unit.
                throw unit_error::mismatch(it.loc, fmt::format("a term of category '{}' without a factor", key), describe(out.dim),
                                           describe(flow_dimension(it.source)));
            }
            if (YAML::Node v = term.take("required"); v.IsDefined()) {
                it.required = detail::flag_text(v, file).text == "true";
            }
            // A fallback factor, and a share of the entity's it leaves out.
            for (auto [k, target] : {std::pair{"otherwise", &it.otherwise}, std::pair{"less_share", &it.less_share}}) {
                YAML::Node v = term.take(k);
                if (!v.IsDefined() || v.IsNull()) continue;
                const located_text field = scalar_text(v, file, "a field name");
                if (!plain_name(field.text)) {
                    throw input_error::invalid_value(field.loc, "a field name of lower-case letters, digits and '_'", fmt::format("'{}'", field.text));
                }
                if (it.factor.empty()) throw input_error::missing_field(it.loc, "factor", fmt::format("a term with '{}'", k));
                *target = field.text;
            }
            if (!it.less_share.empty() && it.otherwise.empty()) {
                throw input_error::missing_field(it.loc, "otherwise", "a term with 'less_share' (the share is left out of the fallback)");
            }
            if (it.required && !it.otherwise.empty()) {
                throw input_error::invalid_value(it.loc, "either 'required' or a fallback ('otherwise')", "both");
            }
            term.finish({"flow", "factor", "required", "otherwise", "less_share"});
            // The same term twice would count its contribution twice.
            for (const auto& other : out.terms) {
                if (other.source == it.source && other.factor == it.factor) {
                    throw input_error::invalid_value(it.loc, fmt::format("terms of category '{}' that differ", key),
                                                     fmt::format("a second {} x {}", flow_name(it.source), it.factor.empty() ? "1" : it.factor));
                }
            }
            out.terms.push_back(std::move(it));
        }
    }
    if (YAML::Node a = fields.take("accounting"); a.IsDefined() && !a.IsNull()) {
        const located_text accounting = scalar_text(a, file, "an accounting");
        if (accounting.text != "location" && accounting.text != "market") {
            throw input_error::invalid_value(accounting.loc, "'location' or 'market'", fmt::format("'{}'", accounting.text));
        }
        if (out.inventory || !out.detail_of.empty()) {
            throw input_error::invalid_value(accounting.loc, "an accounting on an impact category that is not a part", "an inventory or a part");
        }
        out.accounting = accounting.text;
    }
    fields.finish({"name", "label", "unit", "type", "detail_of", "method", "description", "source", "note", "scale", "terms", "accounting"});
    return out;
}

void check_indicators(const std::vector<indicator>& all) {
    std::vector<std::string> keys;
    for (const auto& i : all) keys.push_back(i.key);
    for (const auto& i : all) {
        const bool whole = std::any_of(all.begin(), all.end(), [&](const indicator& d) { return d.detail_of == i.key; });
        if (!i.detail_of.empty()) {
            const auto of = std::find_if(all.begin(), all.end(), [&](const indicator& w) { return w.key == i.detail_of; });
            if (of == all.end()) {
                throw input_error::undefined_reference(i.loc, "category", i.detail_of, suggest_among(i.detail_of, keys, "categories"));
            }
            // Said at the part that makes a part of a part, which is the newer entry.
            if (!of->detail_of.empty()) {
                throw input_error::invalid_value(i.loc, "a part of a category that is not itself a part", fmt::format("a part of '{}'", i.detail_of));
            }
            if (of->dim != i.dim) {
                throw unit_error::mismatch(i.loc, fmt::format("part '{}' of '{}'", i.key, of->key), describe(of->dim), describe(i.dim));
            }
        }
        if (i.terms.empty() && !whole) {
            throw input_error::missing_field(i.loc, "terms", fmt::format("category '{}' (it has no parts to sum)", i.key));
        }
    }
    // One category per accounting, so that "the market-based carbon" names one; both of one
    // quantity (a dimension).
    for (std::size_t a = 0; a < all.size(); ++a) {
        for (std::size_t b = 0; b < a; ++b) {
            if (all[a].accounting.empty() || all[b].accounting.empty()) continue;
            if (all[a].accounting == all[b].accounting) {
                throw input_error::invalid_value(all[a].loc, fmt::format("one category of {}-based accounting", all[a].accounting),
                                                 fmt::format("'{}' besides '{}'", all[a].key, all[b].key));
            }
            if (all[a].dim != all[b].dim) {
                throw unit_error::mismatch(all[a].loc, fmt::format("category '{}', the {}-based accounting of '{}'", all[a].key, all[a].accounting, all[b].key),
                                           describe(all[b].dim), describe(all[a].dim));
            }
        }
    }
    // A factor field has one meaning: the same name cannot be per kWh in one category and per
    // unit of hardware, or in kgCO2e, in another.
    std::vector<factor_field> seen;
    for (const auto& i : all) {
        for (const auto& t : i.terms) {
            if (t.factor.empty()) continue;
            const dimension d = i.dim / flow_dimension(t.source);
            for (const auto& f : seen) {
                if (f.name == t.factor && (f.dim != d || (f.source == flow::manufacture) != (t.source == flow::manufacture))) {
                    throw unit_error::mismatch(t.loc, fmt::format("factor '{}' of category '{}'", t.factor, i.key),
                                               fmt::format("{} as category '{}' uses it", describe(f.dim), f.indicator), describe(d));
                }
            }
            seen.push_back({t.factor, t.source, d, "", 1.0, t.required, i.key, "", false, t.otherwise});
        }
    }
    // A fallback is another factor of the same meaning.
    for (const auto& i : all) {
        for (const auto& t : i.terms) {
            if (t.otherwise.empty()) continue;
            const dimension d = i.dim / flow_dimension(t.source);
            const auto f = std::find_if(seen.begin(), seen.end(), [&](const factor_field& x) { return x.name == t.otherwise; });
            if (f == seen.end()) {
                std::vector<std::string> names;
                for (const auto& x : seen) names.push_back(x.name);
                throw input_error::undefined_reference(t.loc, "factor", t.otherwise, suggest_among(t.otherwise, names, "factors"));
            }
            if (f->dim != d || (f->source == flow::manufacture) != (t.source == flow::manufacture)) {
                throw unit_error::mismatch(t.loc, fmt::format("fallback '{}' of factor '{}'", t.otherwise, t.factor), describe(d), describe(f->dim));
            }
            const bool share_is_factor = std::any_of(seen.begin(), seen.end(), [&](const factor_field& x) { return x.name == t.less_share; });
            if (!t.less_share.empty() && share_is_factor) {
                throw input_error::invalid_value(t.loc, fmt::format("a share field that is not a factor: '{}' is one", t.less_share), "a factor");
            }
        }
    }
}

}  // namespace detail
}  // namespace kaya

// Values that scenarios take from the catalogues: a hardware's model, a site's grid,
// data centre or electricity mix, with their provenance.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <ctime>

#include "errors/suggest.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/model/evaluate.hpp"
#include "kaya/units/unit.hpp"
#include "model/compiler.hpp"
#include "model/interval.hpp"
#include "catalog/indicator_reader.hpp"

namespace kaya::detail {

int compiler::catalogue_value(const catalog_entry& entry, const std::string& field, const std::string& quantity,
                              const field_rule& rule) {
    const value_spec& spec = entry.fields.at(field);
    const std::string at = fmt::format("{}/{}", kind_name(entry.kind), entry.id);
    // The stream is the catalogue value's, so that every use of it is the same draw.
    const int node = value(spec, fmt::format("{} of {} (as the {})", field, at, quantity),
                           fmt::format("catalog.{}.{}.{}", kind_name(entry.kind), entry.id, field), rule, entry.sources.get());
    provenance_item item{quantity, at, node, {}, spec.year, written_unit(spec, m.nodes[node].dim)};
    warn_if_stale(spec.year, quantity, at);
    for (const auto& source : spec.sources) item.sources.push_back(source_line(entry.sources->at(source.text)));
    m.provenance.push_back(std::move(item));
    return node;
}

int compiler::mix_intensity(const entity& site) {
    // grid_intensity = sum over sources of share × the source's lifecycle factor.
    graph& g = m.nodes;
    int sum = -1, shares = -1;
    double nominal_share = 0.0;
    const field_rule share_rule{"", dims::none, 0.0, 1.0};
    std::vector<std::string> names;
    for (const auto& id : catalogue_->ids(catalog_kind::grids)) {
        if (id.starts_with("source-")) names.push_back(id.substr(7));
    }
    for (const auto& [name, spec] : site.mix) {
        const catalog_entry* source = catalogue_->find(catalog_kind::grids, "source-" + name.text);
        if (!source || !source->fields.contains("grid_intensity")) {
            throw input_error::undefined_reference(name.loc, "source of electricity", name.text,
                                                   suggest_among(name.text, names, "sources of electricity"));
        }
        const int share = value(spec, fmt::format("the share of {} in the mix of site '{}'", name.text, site.id),
                                fmt::format("site.{}.mix.{}", site.id, name.text), share_rule);
        nominal_share += evaluate_point(g, {share}, m.nominal_inputs())[0];
        const auto& rules = site_rules_;
        const auto rule = std::find_if(rules.begin(), rules.end(), [](const field_rule& r) { return std::string(r.name) == "grid_intensity"; });
        const int factor = catalogue_value(*source, "grid_intensity",
                                           fmt::format("factor of {} in the mix of site '{}'", name.text, site.id), *rule);
        const int term = g.mul(share, factor);
        sum = sum < 0 ? term : g.add(sum, term);
        shares = shares < 0 ? share : g.add(shares, share);
    }
    if (std::abs(nominal_share - 1.0) > 0.005) {
        throw input_error::invalid_value(site.mix_loc, "shares that add up to 100 %",
                                         fmt::format("shares that add up to {:g} %", nominal_share * 100.0));
    }
    // Divided by the sum of the shares, so that uncertain shares still add up to 100 % in
    // every sample (and a mix written to add up to 100 % is unchanged).
    return g.div(sum, shares);
}

int reference_year() {
    // SOURCE_DATE_EPOCH (reproducible-builds.org) pins "now" for reproducible outputs and tests.
    std::time_t now = std::time(nullptr);
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) {
        long long seconds = 0;
        const std::string_view text(epoch);
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
        if (ec == std::errc() && end == text.data() + text.size() && seconds >= 0) now = static_cast<std::time_t>(seconds);
    }
    std::tm utc{};
    gmtime_r(&now, &utc);
    return utc.tm_year + 1900;
}

void compiler::warn_if_stale(const std::string& year, const std::string& quantity, const std::string& at) {
    // A year may be a span ("2016-2022"): its newest year counts.
    int newest = 0;
    for (std::size_t i = 0; i + 4 <= year.size(); ++i) {
        const std::string_view digits(year.data() + i, 4);
        if (std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            newest = std::max(newest, std::stoi(std::string(digits)));
            i += 3;
        }
    }
    const int now = reference_year();
    if (newest == 0 || now - newest <= stale_after_years) return;
    warn("stale-catalogue-value",
         fmt::format("{} is {}'s value for {}, more than {} years before {}; look for a newer figure, or widen the range to cover it",
                     quantity, at, newest, stale_after_years, now));
}

void compiler::warn(const std::string& code, const std::string& message) {
    const bool known = std::any_of(m.warnings.begin(), m.warnings.end(),
                                   [&](const model_warning& w) { return w.code == code && w.message == message; });
    if (!known) m.warnings.push_back({code, message});
}

const catalog_entry* compiler::catalogue_entry(const std::string& section, const entity& e, const std::string& field) {
    // Which reference gives which field: a hardware's model gives its values; a site's grid
    // its grid and water intensities, its datacentre its PUE and WUE (and, failing a grid
    // of its own, the grid the datacentre draws from).
    auto lookup = [&](const char* ref, catalog_kind kind) -> const catalog_entry* {
        const auto it = e.refs.find(ref);
        if (it == e.refs.end()) return nullptr;
        const catalog_entry* entry = catalogue_->find(kind, it->second.text);
        if (!entry) {
            throw input_error::undefined_reference(it->second.loc, fmt::format("{} id", kind_name(kind)), it->second.text,
                                                   catalogue_->suggest(kind, it->second.text));
        }
        return entry;
    };
    if (section == "hardware") {
        const catalog_entry* model = lookup("model", catalog_kind::hardware);
        return model && model->fields.contains(field) ? model : nullptr;
    }
    if (supplier(section, field) == catalog_kind::datacentres) {
        const catalog_entry* dc = lookup("datacentre", catalog_kind::datacentres);
        return dc && dc->fields.contains(field) ? dc : nullptr;
    }
    const catalog_entry* grid = lookup("grid", catalog_kind::grids);
    if (!grid) {
        const catalog_entry* dc = lookup("datacentre", catalog_kind::datacentres);
        if (dc && dc->text.contains("grid")) grid = catalogue_->find(catalog_kind::grids, dc->text.at("grid"));
    }
    if (!grid) return nullptr;
    if (grid->fields.contains(field)) return grid;
    // A zone without a factor of its own takes its country's, and says so; carbon never
    // does, since every zone's own figure is what a grid entry is for.
    if (field != "grid_intensity" && grid->text.contains("country")) {
        const catalog_entry* country = catalogue_->find(catalog_kind::grids, grid->text.at("country"));
        if (country && country != grid && country->fields.contains(field)) {
            warn("factor-from-country",
                 fmt::format("site '{}': grid '{}' has no {} of its own; using its country's ('{}')", e.id, grid->id, field, country->id));
            return country;
        }
    }
    return nullptr;
}


}  // namespace kaya::detail

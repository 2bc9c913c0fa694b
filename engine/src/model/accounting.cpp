// Two carbon accountings (the GHG Protocol's dual reporting of scope 2): location-based, the
// grid's average intensity, and market-based, the intensity of what the operator buys. Both
// are categories of the catalogue (gwp, gwp_market); the scenario names the primary one, which
// parity, model cards, equivalents and analyses read. Neither is a phase: the total counts
// every phase once in each.
#include <fmt/format.h>

#include <algorithm>

#include "errors/suggest.hpp"
#include "kaya/errors/error.hpp"
#include "model/compiler.hpp"

namespace kaya {

std::optional<std::size_t> model::carbon() const { return carbon_of(indicators, accounting); }

namespace detail {

void compiler::select_indicators() {
    m.indicators = catalogue_->indicators();
    if (s_.accounting) {
        std::vector<std::string> offered;
        for (const auto& ind : m.indicators)
            if (!ind.accounting.empty()) offered.push_back(ind.accounting);
        const std::string& asked = s_.accounting->text;
        if (std::find(offered.begin(), offered.end(), asked) == offered.end()) {
            throw input_error::invalid_value(s_.accounting->loc,
                                             fmt::format("an accounting that a carbon category has ({})", listing(offered, "or")),
                                             fmt::format("'{}'", asked));
        }
        m.accounting = asked;
    }
    // Every catalogue has a location-based carbon (overrides keep their accounting); a user
    // catalogue of categories alone may lack another.
    if (!m.carbon()) {
        throw input_error::missing_alternatives(s_.accounting ? s_.accounting->loc : source_loc{s_.file, 1, 1},
                                                fmt::format("the {}-based carbon of scenario '{}'", m.accounting, s_.name),
                                                fmt::format("a category with 'accounting: {}'", m.accounting));
    }
    // A site that states its market-based intensity outright leaves no share to take out.
    for (const auto& ind : m.indicators) {
        for (const auto& t : ind.terms) {
            if (t.less_share.empty()) continue;
            for (const auto& e : t.source == flow::manufacture ? s_.hardware : s_.sites) {
                if (e.fields.contains(t.factor) && e.fields.contains(t.less_share)) {
                    throw input_error::invalid_value(e.field_locs.at(t.less_share),
                                                     fmt::format("either '{}' or '{}' in {} '{}' ({} applies to its fallback, {})", t.factor,
                                                                 t.less_share, t.source == flow::manufacture ? "hardware" : "site", e.id,
                                                                 t.less_share, t.otherwise),
                                                     "both");
                }
            }
        }
    }
    // A category with a fallback equals another unless some entry states what it falls back
    // from: reported only then, or when it is the primary accounting.
    auto stated = [&](const indicator& ind) {
        for (const auto& t : ind.terms) {
            if (t.otherwise.empty()) continue;
            const bool hardware = t.source == flow::manufacture;
            const char* section = hardware ? "hardware" : "site";
            for (const auto& e : hardware ? s_.hardware : s_.sites) {
                if (entity_has(section, e, t.factor) || (!t.less_share.empty() && entity_has(section, e, t.less_share))) return true;
            }
        }
        return false;
    };
    std::erase_if(m.indicators, [&](const indicator& ind) {
        const bool fallback = std::any_of(ind.terms.begin(), ind.terms.end(), [](const indicator_term& t) { return !t.otherwise.empty(); });
        const bool structural = !ind.detail_of.empty() ||
                                std::any_of(m.indicators.begin(), m.indicators.end(), [&](const indicator& d) { return d.detail_of == ind.key; });
        return fallback && !structural && ind.accounting != m.accounting && !s_.every_accounting && !stated(ind);
    });
}

}  // namespace detail
}  // namespace kaya

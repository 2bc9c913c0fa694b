// Results per functional unit, as every rendering shows them: each category per unit the
// deployment serves, and amortised over the life cycle when the scenario says over how many.
#include "render/functional_unit.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "kaya/units/unit.hpp"
#include "render/text.hpp"

namespace kaya::detail {

indicator per_unit_indicator(indicator ind, const std::vector<summary>& values) {
    // A unit the user asked for (--unit lbCO2e) is kept; else the scale's unit in which the
    // largest value is at least 1: 1.476 gCO2e rather than 0.001476 kgCO2e.
    if (ind.unit_requested || std::find(ind.scale.begin(), ind.scale.end(), ind.unit) == ind.scale.end()) return ind;
    double largest = 0.0;
    for (const auto& s : values)
        if (s.assessed()) largest = std::max({largest, std::abs(s.nominal), std::abs(s.p95)});
    if (!(largest > 0.0)) return ind;
    // The largest unit of the scale in which the value is at least 1, else the smallest.
    std::string best;
    double best_factor = 0.0;
    bool best_fits = false;
    for (const auto& symbol : ind.scale) {
        const auto u = parse_unit(symbol);
        if (!u || u->dim != ind.dim) continue;
        const bool fits = largest / u->factor >= 1.0;
        const bool better = best.empty() || (fits && (!best_fits || u->factor > best_factor)) || (!fits && !best_fits && u->factor < best_factor);
        if (better) {
            best = symbol;
            best_factor = u->factor;
            best_fits = fits;
        }
    }
    if (best.empty()) return ind;
    ind.unit = best;
    ind.per_base = 1.0 / best_factor;
    return ind;
}

std::string per_unit_label(const functional_unit_result& fu) {
    return fu.trained_model ? "per trained model" : fmt::format("per {}", fu.unit);
}

std::vector<std::vector<std::string>> functional_unit_rows(const run_result& r, bool details) {
    const functional_unit_result& fu = *r.functional_unit;
    const bool lifecycle = !fu.lifecycle.empty();
    std::vector<std::vector<std::string>> rows{{"category", "unit", fu.trained_model ? "life cycle" : "deployment", "p05 – p95"}};
    if (lifecycle) {
        rows.front().push_back("life cycle");
        rows.front().push_back("p05 – p95");
    }
    std::map<std::string, indicator> chosen;  // the unit each whole is shown in
    for (const std::size_t k : shown_indicators(r.indicators, details)) {
        std::vector<summary> values{fu.deployment[k]};
        if (lifecycle) values.push_back(fu.lifecycle[k]);
        // A part is shown in its whole's unit (IT energy in Wh beside energy in Wh).
        indicator u = per_unit_indicator(r.indicators[k], values);
        if (const auto whole = chosen.find(u.detail_of);
            whole != chosen.end() && whole->second.dim == u.dim && u.unit == r.indicators[k].unit && !u.unit_requested) {
            u.unit = whole->second.unit;
            u.per_base = whole->second.per_base;
        }
        chosen[u.key] = u;
        std::vector<std::string> row{u.detail_of.empty() ? u.label : "  " + u.label, u.unit, impact_cell(fu.deployment[k], u.per_base),
                                     impact_range(fu.deployment[k], u.per_base)};
        if (lifecycle) {
            row.push_back(impact_cell(fu.lifecycle[k], u.per_base));
            row.push_back(impact_range(fu.lifecycle[k], u.per_base));
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

namespace {

// A count: whole numbers with separators ("230,768", "1"), else four significant figures.
std::string count_text(double v) { return v == std::round(v) && std::abs(v) < 1e15 ? whole(v) : cell(v); }

}  // namespace

std::string functional_unit_heading(const functional_unit_result& fu) {
    if (fu.trained_model) return "Per trained model: every phase once (the totals above).";
    std::string out = fmt::format("Per {}{}, over the {} that the deployment phases serve", fu.unit, fu.name.empty() ? "" : " (" + fu.name + ")",
                                  count_text(fu.amount.nominal));
    if (fu.amount.p05 != fu.amount.p95) out += fmt::format(" (p05 – p95 {} – {})", count_text(fu.amount.p05), count_text(fu.amount.p95));
    if (fu.lifetime) {
        out += fmt::format("; the life cycle adds every other phase, amortised over {}", count_text(fu.lifetime->nominal));
        if (fu.lifetime->p05 != fu.lifetime->p95) {
            out += fmt::format(" (p05 – p95 {} – {})", count_text(fu.lifetime->p05), count_text(fu.lifetime->p95));
        }
    }
    return out + ".";
}

}  // namespace kaya::detail

#include <fmt/format.h>

#include <algorithm>

#include "kaya/render/render.hpp"
#include "kaya/units/unit.hpp"
#include "render/text.hpp"
#include "text/utf8.hpp"

namespace kaya {

using detail::cell;
using detail::json_number;
using detail::json_quoted;

namespace {

std::string with_unit(double v, const display_unit& u) {
    return u.symbol.empty() ? cell(v / u.factor) : fmt::format("{} {}", cell(v / u.factor), u.symbol);
}

std::string what(const sensitivity_target& t) {
    return fmt::format("{} [{}] of {}{}", t.criterion_name, t.unit, t.phase.empty() ? "the total" : "'" + t.phase + "'",
                       t.partial ? " (partial: some contributions are not assessed, and this analyses what is)" : "");
}

}  // namespace

// The parameter's name in a column as wide as the longest; on a line of its own when the row
// would not fit `width` (0: no limit).
struct name_column {
    std::size_t w = 9;  // "parameter"
    bool own_line = false;
    name_column(const std::vector<std::string>& names, std::size_t rest, int width) {
        for (const auto& n : names) w = std::max(w, n.size());
        own_line = width > 0 && w + 1 + rest > static_cast<std::size_t>(width);
        if (own_line) w = 1;
    }
    [[nodiscard]] std::string operator()(const std::string& name) const {
        const std::string shown = detail::one_line(name);
        return own_line ? shown + "\n" + std::string(w, ' ') : fmt::format("{:<{}}", shown, w);
    }
};

std::string render_tornado_table(const sensitivity_target& t, const tornado_result& r, int width) {
    std::string out = detail::wrap(fmt::format("{}: tornado of the {}, nominal {}; each parameter at its p05 and its p95, the others nominal",
                                               t.scenario, what(t), cell(r.nominal * t.per_base)),
                                   width) +
                      "\n\n";
    if (r.bars.empty()) return detail::printable(out + "The scenario has no uncertain parameter: there is nothing to rank.\n");
    // Parameter values carry their units, so their columns are as wide as the widest.
    std::size_t value_w = 3;
    for (const auto& b : r.bars) value_w = std::max({value_w, with_unit(b.low_value, b.unit).size(), with_unit(b.high_value, b.unit).size()});
    std::vector<std::string> names;
    for (const auto& b : r.bars) names.push_back(b.name);
    const name_column name(names, 2 * value_w + 4 + 14 + 14 + 12 + 3, width);
    out += fmt::format("{} {:>{}}  {:>{}}  {:>14} {:>14} {:>12}\n", name.own_line ? "parameter\n " : fmt::format("{:<{}}", "parameter", name.w),
                       "p05", value_w, "p95", value_w, "output at p05", "output at p95", "swing");
    for (const auto& b : r.bars) {
        out += fmt::format("{} {:>{}}  {:>{}}  {:>14} {:>14} {:>12}\n", name(b.name), with_unit(b.low_value, b.unit), value_w,
                           with_unit(b.high_value, b.unit), value_w, cell(b.output_low * t.per_base), cell(b.output_high * t.per_base),
                           cell(b.swing * t.per_base));
    }
    return detail::printable(out);
}

std::string render_sobol_table(const sensitivity_target& t, const sobol_result& r, int width) {
    std::string out = detail::wrap(fmt::format("{}: Sobol' indices of the {}; N = {} ({} evaluations), 95 % bootstrap intervals", t.scenario,
                                               what(t), detail::thousands(r.base_samples), detail::thousands(r.evaluations)),
                                   width) +
                      "\n\n";
    if (r.indices.empty()) return detail::printable(out + "The scenario has no uncertain parameter: there is no variance to split.\n");
    if (r.variance == 0.0) out += "This output does not vary over the samples: every index is 0.\n\n";
    std::vector<std::string> names;
    for (const auto& i : r.indices) names.push_back(i.name);
    const name_column name(names, 7 + 2 + 17 + 1 + 7 + 2 + 17, width);
    out += fmt::format("{} {:>7}  {:<17} {:>7}  {:<17}\n", name.own_line ? "parameter\n " : fmt::format("{:<{}}", "parameter", name.w), "S1",
                       "(95 % interval)", "ST", "(95 % interval)");
    for (const auto& i : r.indices) {
        out += fmt::format("{} {:>7.3f}  ({:.3f} – {:.3f})   {:>7.3f}  ({:.3f} – {:.3f})\n", name(i.name), i.first, i.first_low, i.first_high,
                           i.total, i.total_low, i.total_high);
    }
    if (r.too_small) {
        out += "\n" + detail::wrap("warning: some 95 % intervals are wider than 0.1: the design is too small for these indices; "
                                   "use more samples [sobol-design-too-small]", width, "  ") + "\n";
    }
    return detail::printable(out);
}

std::string render_sensitivity_json(const sensitivity_target& t, const tornado_result* tornado, const sobol_result* sobol) {
    std::string out = fmt::format("{{\n  \"scenario\": {},\n  \"method\": {},\n  \"output\": {{\"criterion\": {}, \"phase\": {}, \"unit\": {}, \"status\": {}}},\n",
                                  json_quoted(t.scenario), json_quoted(tornado ? "tornado" : "sobol"), json_quoted(t.criterion_key),
                                  t.phase.empty() ? "null" : json_quoted(t.phase), json_quoted(t.unit), json_quoted(t.partial ? "partial" : "complete"));
    if (tornado) {
        out += fmt::format("  \"nominal\": {},\n  \"parameters\": [", json_number(tornado->nominal * t.per_base));
        for (std::size_t k = 0; k < tornado->bars.size(); ++k) {
            const tornado_bar& b = tornado->bars[k];
            const display_unit& u = b.unit;
            out += fmt::format("{}\n    {{\"name\": {}, \"unit\": {}, \"p05\": {}, \"p95\": {}, \"output_at_p05\": {}, \"output_at_p95\": {}, \"swing\": {}}}",
                               k == 0 ? "" : ",", json_quoted(b.name), json_quoted(u.symbol), json_number(b.low_value / u.factor),
                               json_number(b.high_value / u.factor), json_number(b.output_low * t.per_base),
                               json_number(b.output_high * t.per_base), json_number(b.swing * t.per_base));
        }
    } else {
        out += fmt::format("  \"base_samples\": {},\n  \"evaluations\": {},\n  \"warnings\": [{}],\n  \"parameters\": [", sobol->base_samples,
                           sobol->evaluations,
                           sobol->too_small ? "{\"code\": \"sobol-design-too-small\", \"message\": \"some 95 % intervals are wider than 0.1\"}" : "");
        for (std::size_t k = 0; k < sobol->indices.size(); ++k) {
            const sobol_index& i = sobol->indices[k];
            out += fmt::format("{}\n    {{\"name\": {}, \"first\": {}, \"first_low\": {}, \"first_high\": {}, \"total\": {}, \"total_low\": {}, \"total_high\": {}}}",
                               k == 0 ? "" : ",", json_quoted(i.name), json_number(i.first), json_number(i.first_low), json_number(i.first_high),
                               json_number(i.total), json_number(i.total_low), json_number(i.total_high));
        }
    }
    out += "\n  ]\n}\n";
    return out;
}

std::string render_sensitivity_csv(const sensitivity_target& t, const tornado_result* tornado, const sobol_result* sobol) {
    std::string out;
    if (tornado) {
        out = "parameter,unit,p05,p95,output_unit,output_at_p05,output_at_p95,swing\n";
        for (const auto& b : tornado->bars) {
            const display_unit& u = b.unit;
            out += fmt::format("{},{},{},{},{},{},{},{}\n", detail::csv_field(b.name), u.symbol, json_number(b.low_value / u.factor),
                               json_number(b.high_value / u.factor), t.unit, json_number(b.output_low * t.per_base),
                               json_number(b.output_high * t.per_base), json_number(b.swing * t.per_base));
        }
    } else {
        out = "parameter,first,first_low,first_high,total,total_low,total_high\n";
        for (const auto& i : sobol->indices) {
            out += fmt::format("{},{},{},{},{},{},{}\n", detail::csv_field(i.name), json_number(i.first), json_number(i.first_low),
                               json_number(i.first_high), json_number(i.total), json_number(i.total_low), json_number(i.total_high));
        }
    }
    return out;
}

}  // namespace kaya

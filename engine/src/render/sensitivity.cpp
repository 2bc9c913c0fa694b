#include <fmt/format.h>

#include <algorithm>

#include "kaya/render/render.hpp"
#include "kaya/units/unit.hpp"
#include "render/text.hpp"

namespace kaya {

using detail::cell;
using detail::json_number;
using detail::json_quoted;

namespace {

std::string with_unit(double v, const display_unit& u) {
    return u.symbol.empty() ? cell(v / u.factor) : fmt::format("{} {}", cell(v / u.factor), u.symbol);
}

std::string what(const sensitivity_target& t) {
    return fmt::format("{} [{}] of {}", t.criterion_name, t.unit, t.phase.empty() ? "the total" : "'" + t.phase + "'");
}

}  // namespace

std::string render_tornado_table(const sensitivity_target& t, const tornado_result& r) {
    std::string out = fmt::format("{}: tornado of the {}, nominal {}; each parameter at its p05 and its p95, the others nominal\n\n",
                                  t.scenario, what(t), cell(r.nominal * t.per_base));
    if (r.bars.empty()) return out + "The scenario has no uncertain parameter: there is nothing to rank.\n";
    // Parameter values carry their units, so their columns are as wide as the widest.
    std::size_t value_w = 3;
    for (const auto& b : r.bars) value_w = std::max({value_w, with_unit(b.low_value, b.unit).size(), with_unit(b.high_value, b.unit).size()});
    out += fmt::format("{:<52} {:>{}}  {:>{}}  {:>14} {:>14} {:>12}\n", "parameter", "p05", value_w, "p95", value_w, "output at p05",
                       "output at p95", "swing");
    for (const auto& b : r.bars) {
        out += fmt::format("{:<52} {:>{}}  {:>{}}  {:>14} {:>14} {:>12}\n", b.name, with_unit(b.low_value, b.unit), value_w,
                           with_unit(b.high_value, b.unit), value_w, cell(b.output_low * t.per_base), cell(b.output_high * t.per_base),
                           cell(b.swing * t.per_base));
    }
    return out;
}

std::string render_sobol_table(const sensitivity_target& t, const sobol_result& r) {
    std::string out = fmt::format("{}: Sobol' indices of the {}; N = {} ({} evaluations), 95 % bootstrap intervals\n\n", t.scenario,
                                  what(t), detail::thousands(r.base_samples), detail::thousands(r.evaluations));
    if (r.indices.empty()) return out + "The scenario has no uncertain parameter: there is no variance to split.\n";
    if (r.variance == 0.0) out += "This output does not vary over the samples: every index is 0.\n\n";
    out += fmt::format("{:<52} {:>7}  {:<17} {:>7}  {:<17}\n", "parameter", "S1", "(95 % interval)", "ST", "(95 % interval)");
    for (const auto& i : r.indices) {
        out += fmt::format("{:<52} {:>7.3f}  ({:.3f} – {:.3f})   {:>7.3f}  ({:.3f} – {:.3f})\n", i.name, i.first, i.first_low, i.first_high,
                           i.total, i.total_low, i.total_high);
    }
    if (r.too_small) {
        out += "\nwarning: some 95 % intervals are wider than 0.1: the design is too small for these indices; "
               "use more samples [sobol-design-too-small]\n";
    }
    return out;
}

std::string render_sensitivity_json(const sensitivity_target& t, const tornado_result* tornado, const sobol_result* sobol) {
    std::string out = fmt::format("{{\n  \"scenario\": {},\n  \"method\": {},\n  \"output\": {{\"criterion\": {}, \"phase\": {}, \"unit\": {}}},\n",
                                  json_quoted(t.scenario), json_quoted(tornado ? "tornado" : "sobol"), json_quoted(t.criterion_key),
                                  t.phase.empty() ? "null" : json_quoted(t.phase), json_quoted(t.unit));
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

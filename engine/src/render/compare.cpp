#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "kaya/render/render.hpp"
#include "errors/suggest.hpp"
#include "render/text.hpp"
#include "text/utf8.hpp"

namespace kaya {
namespace {

using detail::cell;
using detail::json_number;
using detail::json_quoted;

// A phase's value in a comparison row, or none where the scenario has no such phase.
std::optional<summary> row_value(const comparison& cmp, const phase_row& row, std::size_t i, const std::string& key) {
    const int k = row.phases[i];
    if (k < 0) return std::nullopt;
    return phase_impact(cmp.runs[i], k, key);
}

using detail::percent;

}  // namespace

std::string pair_title(const comparison& c, const pair_result& p) {
    return fmt::format("{} against {}", c.runs[p.b].scenario, c.runs[p.a].scenario);
}

std::string pair_probability_label(const comparison& c, const pair_result& p) {
    return fmt::format("P({} < {})", c.runs[p.a].scenario, c.runs[p.b].scenario);
}

std::string render_compare_table(const comparison& cmp, int width) {
    constexpr int name_w = 24, value_w = 11, range_w = 25;
    // Scenarios side by side when they fit; else one scenario per line under each phase.
    const bool narrow = width > 0 && name_w + static_cast<int>(cmp.runs.size()) * (4 + value_w + range_w) > width;
    std::string names;
    for (const auto& r : cmp.runs) names += (names.empty() ? "" : ", ") + r.scenario;
    std::string out = detail::wrap(fmt::format("Comparison of {} ({} samples, seed {}; shared parameters and catalogue values are the "
                                               "same draw in every scenario)",
                                               names, detail::thousands(cmp.samples), cmp.seed),
                                   width) +
                      "\n";
    // Once when every scenario has the same primary accounting; else per scenario.
    const bool one = std::all_of(cmp.runs.begin(), cmp.runs.end(), [&](const run_result& r) { return r.accounting == cmp.runs.front().accounting; });
    for (const auto& r : cmp.runs) {
        const std::string line = detail::accounting_line(cmp.indicators, r.accounting);
        if (!line.empty()) out += detail::wrap(one ? line : fmt::format("{}: {}", r.scenario, line), width) + "\n";
        if (one) break;
    }
    bool any_gap = false;
    for (const std::size_t c : detail::shown_indicators(cmp.indicators, false)) {
        const indicator& u = cmp.indicators[c];
        const std::string& key = u.key;
        auto text = [&](const summary& s) {
            any_gap = any_gap || !s.assessed() || s.status == coverage_status::partial;
            return std::pair{detail::impact_cell(s, u.per_base), detail::impact_range(s, u.per_base)};
        };
        if (narrow) {
            out += fmt::format("\n{} [{}]\n{:<{}}  {:>{}}  {}\n", u.label, u.unit, "phase, scenario", name_w, "nominal", value_w,
                               "p05 – p95");
            auto block = [&](const std::string& label, auto&& get) {
                out += label + "\n";
                for (std::size_t i = 0; i < cmp.runs.size(); ++i) {
                    const std::optional<summary> s = get(i);
                    const std::string name = "  " + cmp.runs[i].scenario;
                    if (!s) {
                        out += fmt::format("{:<{}}  {:>{}}\n", name, name_w, "no phase", value_w);
                        continue;
                    }
                    const auto [value, range] = text(*s);
                    std::string line = fmt::format("{:<{}}  {:>{}}  {}", name, name_w, value, value_w, range);
                    while (line.back() == ' ') line.pop_back();
                    out += line + "\n";
                }
            };
            for (const auto& aligned : cmp.rows) {
                block(aligned.label, [&](std::size_t i) { return row_value(cmp, aligned, i, key); });
            }
            block("total", [&](std::size_t i) { return std::optional(total_of(cmp.runs[i], key)); });
            continue;
        }
        out += fmt::format("\n{:<{}}", fmt::format("{} [{}]", u.label, u.unit), name_w);
        for (const auto& r : cmp.runs) out += fmt::format("  {:<{}}", r.scenario, value_w + 2 + range_w);
        while (out.back() == ' ') out.pop_back();
        out += fmt::format("\n{:<{}}", "phase", name_w);
        for (std::size_t i = 0; i < cmp.runs.size(); ++i) out += fmt::format("  {:>{}}  {:<{}}", "nominal", value_w, "p05 – p95", range_w);
        while (out.back() == ' ') out.pop_back();
        out += "\n";
        auto row = [&](const std::string& label, auto&& get) {
            out += fmt::format("{:<{}}", label, name_w);
            for (std::size_t i = 0; i < cmp.runs.size(); ++i) {
                const std::optional<summary> s = get(i);
                if (!s) {
                    out += fmt::format("  {:>{}}  {:<{}}", "no phase", value_w, "", range_w);
                    continue;
                }
                const auto [value, range] = text(*s);
                out += fmt::format("  {:>{}}  {:<{}}", value, value_w, range, range_w);
            }
            while (out.back() == ' ') out.pop_back();
            out += "\n";
        };
        for (const auto& aligned : cmp.rows) {
            row(aligned.label, [&](std::size_t i) { return row_value(cmp, aligned, i, key); });
        }
        row("total", [&](std::size_t i) { return std::optional(total_of(cmp.runs[i], key)); });
    }
    for (const auto& p : cmp.pairs) {
        const std::string& a = cmp.runs[p.a].scenario;
        const std::string& b = cmp.runs[p.b].scenario;
        out += "\n" + detail::wrap(fmt::format("{} (ratio {} / {}, difference {} − {}):", pair_title(cmp, p), b, a, b, a), width, "  ") + "\n";
        for (const std::size_t c : detail::shown_indicators(cmp.indicators, false)) {
            const pair_criterion& pc = p.criteria[c];
            const indicator& u = cmp.indicators[c];
            if (pc.status == coverage_status::not_assessed) {
                out += fmt::format("  {:<7} not compared: not assessed in {}\n", u.label, detail::listing(not_assessed_in(cmp, p, u.key)));
                continue;
            }
            const std::string ratio = pc.ratio_defined
                ? fmt::format("ratio {} (p05–p95 {} – {})", cell(pc.nominal_ratio), cell(pc.ratio.p05), cell(pc.ratio.p95))
                : std::string("ratio undefined (the first is 0)");
            out += fmt::format("  {:<7} {};{}difference {} {} (p05–p95 {} – {});{}{} = {:.3f}{}\n", u.label, ratio,
                               narrow ? "\n          " : " ", cell(pc.nominal_difference * u.per_base), u.unit,
                               cell(pc.difference.p05 * u.per_base), cell(pc.difference.p95 * u.per_base), narrow ? "\n          " : " ",
                               pair_probability_label(cmp, p), pc.p_a_less,
                               pc.status == coverage_status::partial ? " (partial: of what is assessed)" : "");
            std::string gaps;
            for (const auto& g : pc.phases) {
                if (g.difference == 0.0 || !std::isfinite(g.difference)) continue;
                gaps += fmt::format("{}{} {} ({})", gaps.empty() ? "" : ", ", g.name, cell(g.difference * u.per_base), percent(g.share));
            }
            if (!gaps.empty()) out += detail::wrap(fmt::format("          gap by phase: {}", gaps), width, "            ") + "\n";
        }
        if (p.per_unit.empty()) {
            // Say why there is no comparison per unit, where either scenario has a functional unit.
            const auto& fa = cmp.runs[p.a].functional_unit;
            const auto& fb = cmp.runs[p.b].functional_unit;
            if (fa || fb) {
                out += detail::wrap(fmt::format("  not compared per functional unit: {}", !fa || !fb ? fmt::format("{} declares none", !fa ? a : b)
                                                                                          : fmt::format("{} counts {} and {} {}", a, fa->unit, b, fb->unit)),
                                    width, "    ") +
                       "\n";
            }
            continue;
        }
        // Per functional unit: the deployment phases per unit they serve, both counting the same unit.
        const auto& fu = *cmp.runs[p.a].functional_unit;
        out += fu.trained_model ? std::string("  per trained model (the life cycle):\n") : fmt::format("  per {} (deployment):\n", fu.unit);
        for (const std::size_t c : detail::shown_indicators(cmp.indicators, false)) {
            const pair_criterion& pc = p.per_unit[c];
            const indicator& u = cmp.indicators[c];
            if (pc.status == coverage_status::not_assessed) {
                out += fmt::format("    {:<7} not compared: not assessed per unit in both\n", u.label);
                continue;
            }
            const std::string ratio = pc.ratio_defined
                ? fmt::format("ratio {} (p05–p95 {} – {})", cell(pc.nominal_ratio), cell(pc.ratio.p05), cell(pc.ratio.p95))
                : std::string("ratio undefined (the first is 0)");
            out += fmt::format("    {:<7} {}; {} = {:.3f}{}\n", u.label, ratio, pair_probability_label(cmp, p), pc.p_a_less,
                               pc.status == coverage_status::partial ? " (partial: of what is assessed)" : "");
        }
    }
    if (any_gap) {
        out += "\n" + detail::wrap(detail::coverage_footnote, width) + "\n";
        for (const auto& r : cmp.runs)
            for (const auto& line : detail::coverage_lines(r)) out += detail::wrap(fmt::format("  {}: {}", r.scenario, line), width, "    ") + "\n";
    }
    for (const auto& w : cmp.warnings) out += "\n" + detail::wrap(fmt::format("warning: {} [{}]", w.message, w.code), width, "  ");
    for (const auto& r : cmp.runs) {
        for (const auto& w : r.warnings) {
            out += "\n" + detail::wrap(fmt::format("warning: {}: {} [{}]", r.scenario, w.message, w.code), width, "  ");
        }
    }
    if (!cmp.warnings.empty() || std::any_of(cmp.runs.begin(), cmp.runs.end(), [](const run_result& r) { return !r.warnings.empty(); })) {
        out += "\n";
    }
    return detail::printable(out);
}

std::string render_compare_json(const comparison& cmp) {
    std::string out = fmt::format("{{\n  \"samples\": {},\n  \"seed\": {},\n  \"scenarios\": [", cmp.samples, cmp.seed);
    for (std::size_t i = 0; i < cmp.runs.size(); ++i) {
        // Each scenario as `kaya run --format json` writes it, indented one level deeper.
        std::string run = render_json(cmp.runs[i]);
        run.pop_back();
        std::string indented = "\n    ";
        for (const char ch : run) indented += ch == '\n' ? std::string("\n    ") : std::string(1, ch);
        out += (i == 0 ? "" : ",") + indented;
    }
    out += "\n  ],\n  \"pairs\": [";
    for (std::size_t i = 0; i < cmp.pairs.size(); ++i) {
        const pair_result& p = cmp.pairs[i];
        out += fmt::format("{}\n    {{\n      \"a\": {},\n      \"b\": {},\n      \"criteria\": {{", i == 0 ? "" : ",",
                           json_quoted(cmp.runs[p.a].scenario), json_quoted(cmp.runs[p.b].scenario));
        for (std::size_t c = 0; c < cmp.indicators.size(); ++c) {
            const pair_criterion& pc = p.criteria[c];
            const indicator& u = cmp.indicators[c];
            if (pc.status == coverage_status::not_assessed) {
                std::string names;
                for (const auto& n : not_assessed_in(cmp, p, u.key)) names += (names.empty() ? "" : ", ") + json_quoted(n);
                out += fmt::format("{}\n        {}: {{\"status\": \"not-assessed\", \"not_assessed_in\": [{}]}}", c == 0 ? "" : ",",
                                   json_quoted(u.key), names);
                continue;
            }
            std::string phases;
            for (const auto& g : pc.phases) {
                phases += fmt::format("{}{{\"name\": {}, \"a\": {}, \"b\": {}, \"difference\": {}, \"share\": {}}}", phases.empty() ? "" : ", ",
                                      json_quoted(g.name), g.in_a ? json_number(g.a * u.per_base) : "null",
                                      g.in_b ? json_number(g.b * u.per_base) : "null",
                                      json_number(g.difference * u.per_base), json_number(g.share));
            }
            const std::string ratio = pc.ratio_defined
                ? fmt::format("{{\"nominal\": {}, \"p05\": {}, \"p50\": {}, \"p95\": {}}}", json_number(pc.nominal_ratio),
                              json_number(pc.ratio.p05), json_number(pc.ratio.p50), json_number(pc.ratio.p95))
                : std::string("null");
            out += fmt::format("{}\n        {}: {{\"ratio\": {}, \"difference\": {{\"unit\": {}, \"p05\": {}, \"p50\": {}, \"p95\": {}}}, "
                               "\"p_a_less_than_b\": {}, \"phases\": [{}], \"status\": {}}}",
                               c == 0 ? "" : ",", json_quoted(u.key), ratio, json_quoted(u.unit),
                               json_number(pc.difference.p05 * u.per_base), json_number(pc.difference.p50 * u.per_base),
                               json_number(pc.difference.p95 * u.per_base), json_number(pc.p_a_less), phases,
                               json_quoted(status_name(pc.status)));
        }
        out += "\n      },\n      \"per_unit\": ";
        if (p.per_unit.empty()) {
            out += "null";
        } else {
            out += fmt::format("{{\"per\": {}", json_quoted(cmp.runs[p.a].functional_unit->unit));
            for (std::size_t c = 0; c < cmp.indicators.size(); ++c) {
                const pair_criterion& pc = p.per_unit[c];
                const indicator& u = cmp.indicators[c];
                const std::string ratio = pc.ratio_defined
                    ? fmt::format("{{\"nominal\": {}, \"p05\": {}, \"p50\": {}, \"p95\": {}}}", json_number(pc.nominal_ratio),
                                  json_number(pc.ratio.p05), json_number(pc.ratio.p50), json_number(pc.ratio.p95))
                    : std::string("null");
                out += pc.status == coverage_status::not_assessed
                           ? fmt::format(",\n        {}: {{\"status\": \"not-assessed\"}}", json_quoted(u.key))
                           : fmt::format(",\n        {}: {{\"ratio\": {}, \"difference\": {{\"unit\": {}, \"p05\": {}, \"p50\": {}, \"p95\": {}}}, "
                                         "\"p_a_less_than_b\": {}, \"status\": {}}}",
                                         json_quoted(u.key), ratio, json_quoted(u.unit + " per " + cmp.runs[p.a].functional_unit->unit),
                                         json_number(pc.difference.p05 * u.per_base),
                                         json_number(pc.difference.p50 * u.per_base), json_number(pc.difference.p95 * u.per_base),
                                         json_number(pc.p_a_less), json_quoted(status_name(pc.status)));
            }
            out += "\n      }";
        }
        out += "\n    }";
    }
    out += cmp.pairs.empty() ? "],\n" : "\n  ],\n";
    out += "  \"warnings\": [";
    for (std::size_t i = 0; i < cmp.warnings.size(); ++i) {
        out += fmt::format("{}\n    {{\"code\": {}, \"message\": {}}}", i == 0 ? "" : ",", json_quoted(cmp.warnings[i].code),
                           json_quoted(cmp.warnings[i].message));
    }
    out += cmp.warnings.empty() ? "]\n}\n" : "\n  ]\n}\n";
    return out;
}

std::string render_compare_csv(const comparison& cmp) {
    // One statistic per row (long form), so that scenarios and pairs share one header.
    std::string out = "record,scenario,against,phase,criterion,unit,statistic,value\n";
    auto row = [&](const char* record, const std::string& scenario, const std::string& against, const std::string& phase,
                   const std::string& key, const std::string& unit, const char* statistic, double value) {
        out += fmt::format("{},{},{},{},{},{},{},{}\n", record, detail::csv_field(scenario), detail::csv_field(against),
                           detail::csv_field(phase), key, detail::csv_field(unit), statistic, json_number(value));
    };
    for (const auto& r : cmp.runs) {
        // A value not assessed has no rows; the scenario's coverage says why.
        auto stats = [&](const std::string& phase, const std::vector<summary>& s) {
            for (std::size_t k = 0; k < r.indicators.size(); ++k) {
                const indicator& u = r.indicators[k];
                const summary& x = s[k];
                if (!x.assessed()) continue;
                for (const auto& [name, v] : {std::pair{"nominal", x.nominal}, {"mean", x.mean}, {"p05", x.p05}, {"p50", x.p50}, {"p95", x.p95}}) {
                    row("scenario", r.scenario, "", phase, u.key, u.unit, name, v * u.per_base);
                }
            }
        };
        for (const auto& p : r.phases) stats(p.name, p.impacts);
        stats("total", r.total);
    }
    for (const auto& p : cmp.pairs) {
        for (std::size_t k = 0; k < cmp.indicators.size(); ++k) {
            const pair_criterion& pc = p.criteria[k];
            if (pc.status == coverage_status::not_assessed) continue;
            const std::string& c = cmp.indicators[k].key;
            const std::string& unit = cmp.indicators[k].unit;
            const double per_base = cmp.indicators[k].per_base;
            const std::string& a = cmp.runs[p.a].scenario;
            const std::string& b = cmp.runs[p.b].scenario;
            if (pc.ratio_defined) {
                row("pair", b, a, "total", c, "", "ratio_nominal", pc.nominal_ratio);
                row("pair", b, a, "total", c, "", "ratio_p05", pc.ratio.p05);
                row("pair", b, a, "total", c, "", "ratio_p50", pc.ratio.p50);
                row("pair", b, a, "total", c, "", "ratio_p95", pc.ratio.p95);
            }
            row("pair", b, a, "total", c, unit, "difference_p05", pc.difference.p05 * per_base);
            row("pair", b, a, "total", c, unit, "difference_p50", pc.difference.p50 * per_base);
            row("pair", b, a, "total", c, unit, "difference_p95", pc.difference.p95 * per_base);
            row("pair", b, a, "total", c, "", "p_against_less_than_scenario", pc.p_a_less);
            for (const auto& g : pc.phases)
                if (std::isfinite(g.difference)) row("pair", b, a, g.name, c, unit, "difference_nominal", g.difference * per_base);
        }
        for (std::size_t k = 0; k < p.per_unit.size(); ++k) {
            const pair_criterion& pc = p.per_unit[k];
            if (pc.status == coverage_status::not_assessed) continue;
            const std::string per = "per " + cmp.runs[p.a].functional_unit->unit;
            const std::string& b = cmp.runs[p.b].scenario;
            const std::string& a = cmp.runs[p.a].scenario;
            const indicator& u = cmp.indicators[k];
            if (pc.ratio_defined) {
                row("pair", b, a, per, u.key, "", "ratio_nominal", pc.nominal_ratio);
                row("pair", b, a, per, u.key, "", "ratio_p05", pc.ratio.p05);
                row("pair", b, a, per, u.key, "", "ratio_p95", pc.ratio.p95);
            }
            row("pair", b, a, per, u.key, u.unit + " " + per, "difference_p50", pc.difference.p50 * u.per_base);
            row("pair", b, a, per, u.key, "", "p_against_less_than_scenario", pc.p_a_less);
        }
    }
    return out;
}

}  // namespace kaya

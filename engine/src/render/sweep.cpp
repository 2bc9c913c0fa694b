#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "kaya/render/render.hpp"
#include "render/text.hpp"
#include "text/utf8.hpp"

namespace kaya {

using detail::cell;
using detail::json_number;
using detail::json_quoted;

std::string render_sweep_table(const sweep_result& r, int width) {
    static constexpr int value_w = 11, range_w = 25;
    std::string axes;
    for (const auto& a : r.axes) axes += (axes.empty() ? "" : " × ") + a;
    std::string out = detail::wrap(fmt::format("{}: totals for each value of {} ({} samples each, seed {})", r.scenario, axes,
                                               detail::thousands(r.samples), r.seed),
                                   width) +
                      "\n";
    if (const std::string line = detail::accounting_line(r.indicators, r.accounting); !line.empty()) out += detail::wrap(line, width) + "\n";
    out += "\n";
    std::vector<std::size_t> widths;
    for (std::size_t k = 0; k < r.axes.size(); ++k) {
        std::size_t w = r.axes[k].size();
        for (const auto& row : r.rows) w = std::max(w, row.values[k].size());
        widths.push_back(std::min<std::size_t>(w, 40));
    }
    const bool parity = std::any_of(r.rows.begin(), r.rows.end(), [](const sweep_row& row) { return row.parity.has_value(); });
    const std::vector<std::size_t> shown = detail::shown_indicators(r.indicators, false);
    int wide = parity ? 12 : 0;
    for (const auto w : widths) wide += static_cast<int>(w) + 2;
    wide += static_cast<int>(shown.size()) * (value_w + 2 + range_w);
    auto value = [&](const summary& s, double f) {
        const std::string v = detail::impact_cell(s, f);
        return fmt::format("{:>{}}", v, value_w);  // fmt pads by display width: "≥" is one column
    };
    const bool gaps = std::any_of(r.rows.begin(), r.rows.end(), [](const sweep_row& row) {
        return std::any_of(row.total.begin(), row.total.end(), [](const summary& s) { return s.status != coverage_status::complete; });
    });
    const std::string footnote = gaps ? "\n" + detail::wrap(detail::coverage_footnote, width) + "\n" : "";
    if (width > 0 && wide > width) {
        // One indicator at a time (and the parity last), so that the table fits a narrow terminal.
        std::vector<std::pair<std::string, std::function<std::string(const sweep_row&)>>> columns;
        for (const std::size_t c : shown) {
            const indicator& ind = r.indicators[c];
            columns.emplace_back(fmt::format("{} [{}]", ind.label, ind.unit), [&, c](const sweep_row& row) {
                const summary& s = row.total[c];
                return fmt::format("{}  {}", value(s, ind.per_base), detail::impact_range(s, ind.per_base));
            });
        }
        if (parity) {
            columns.emplace_back("parity [day]", [](const sweep_row& row) {
                return fmt::format("{:>{}}", row.parity ? cell(row.parity->nominal / 86400.0) : "–", value_w);
            });
        }
        for (std::size_t i = 0; i < columns.size(); ++i) {
            if (i > 0) out += "\n";
            for (std::size_t k = 0; k < r.axes.size(); ++k) out += fmt::format("{:<{}}  ", r.axes[k], widths[k]);
            out += fmt::format("{:>{}}  {}\n", columns[i].first, value_w, i < shown.size() ? "p05 – p95" : "");
            for (const auto& row : r.rows) {
                std::string line;
                for (std::size_t k = 0; k < row.values.size(); ++k) line += fmt::format("{:<{}}  ", row.values[k], widths[k]);
                line += columns[i].second(row);
                while (line.back() == ' ') line.pop_back();
                out += line + "\n";
            }
        }
        return detail::printable(out + footnote);
    }
    for (std::size_t k = 0; k < r.axes.size(); ++k) out += fmt::format("{:<{}}  ", r.axes[k], widths[k]);
    for (const std::size_t c : shown) {
        out += fmt::format("{:>{}}  {:<{}}", fmt::format("{} [{}]", r.indicators[c].label, r.indicators[c].unit), value_w, "p05 – p95", range_w);
    }
    if (parity) out += fmt::format("{:>12}", "parity [day]");
    while (out.back() == ' ') out.pop_back();
    out += "\n";
    for (const auto& row : r.rows) {
        for (std::size_t k = 0; k < row.values.size(); ++k) out += fmt::format("{:<{}}  ", row.values[k], widths[k]);
        for (const std::size_t c : shown) {
            const double f = r.indicators[c].per_base;
            const summary& s = row.total[c];
            out += fmt::format("{}  {:<{}}", value(s, f), detail::impact_range(s, f), range_w);
        }
        if (parity) out += fmt::format("{:>12}", row.parity ? cell(row.parity->nominal / 86400.0) : "–");
        while (out.back() == ' ') out.pop_back();
        out += "\n";
    }
    return detail::printable(out + footnote);
}

std::string render_sweep_json(const sweep_result& r) {
    std::string axes;
    for (const auto& a : r.axes) axes += (axes.empty() ? "" : ", ") + json_quoted(a);
    std::string out = fmt::format("{{\n  \"scenario\": {},\n  \"samples\": {},\n  \"seed\": {},\n  \"axes\": [{}],\n  \"rows\": [",
                                  json_quoted(r.scenario), r.samples, r.seed, axes);
    auto stats = [](const summary& s, double f) {
        return fmt::format("\"nominal\": {}, \"mean\": {}, \"p05\": {}, \"p50\": {}, \"p95\": {}, \"status\": {}", json_number(s.nominal * f),
                           json_number(s.mean * f), json_number(s.p05 * f), json_number(s.p50 * f), json_number(s.p95 * f),
                           json_quoted(status_name(s.status)));
    };
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
        const sweep_row& row = r.rows[i];
        std::string values;
        for (const auto& v : row.values) values += (values.empty() ? "" : ", ") + json_quoted(v);
        std::string totals;
        for (std::size_t c = 0; c < r.indicators.size(); ++c) {
            const indicator& u = r.indicators[c];
            totals += fmt::format("{}{}: {{\"unit\": {}, {}}}", c == 0 ? "" : ", ", json_quoted(u.key), json_quoted(u.unit),
                                  stats(row.total[c], u.per_base));
        }
        const std::string parity = row.parity ? fmt::format("{{\"unit\": \"day\", {}}}", stats(*row.parity, 1.0 / 86400.0)) : "null";
        out += fmt::format("{}\n    {{\"values\": [{}], \"total\": {{{}}}, \"parity\": {}}}", i == 0 ? "" : ",", values, totals, parity);
    }
    out += r.rows.empty() ? "]\n}\n" : "\n  ]\n}\n";
    return out;
}

std::string render_sweep_csv(const sweep_result& r) {
    std::string out;
    for (const auto& a : r.axes) out += detail::csv_field(a) + ",";
    out += "criterion,unit,nominal,mean,p05,p50,p95,status\n";
    for (const auto& row : r.rows) {
        std::string prefix;
        for (const auto& v : row.values) prefix += detail::csv_field(v) + ",";
        for (std::size_t c = 0; c < r.indicators.size(); ++c) {
            const indicator& u = r.indicators[c];
            const summary& s = row.total[c];
            // Not assessed is an empty field, never 0.
            auto field = [&](double v) { return s.assessed() ? json_number(v * u.per_base) : std::string(); };
            out += fmt::format("{}{},{},{},{},{},{},{},{}\n", prefix, u.key, detail::csv_field(u.unit), field(s.nominal), field(s.mean),
                               field(s.p05), field(s.p50), field(s.p95), status_name(s.status));
        }
        if (row.parity) {
            const summary& s = *row.parity;
            constexpr double day = 86400.0;
            out += fmt::format("{}parity,day,{},{},{},{},{},complete\n", prefix, json_number(s.nominal / day), json_number(s.mean / day),
                               json_number(s.p05 / day), json_number(s.p50 / day), json_number(s.p95 / day));
        }
    }
    return out;
}

}  // namespace kaya

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
                      "\n\n";
    std::vector<std::size_t> widths;
    for (std::size_t k = 0; k < r.axes.size(); ++k) {
        std::size_t w = r.axes[k].size();
        for (const auto& row : r.rows) w = std::max(w, row.values[k].size());
        widths.push_back(std::min<std::size_t>(w, 40));
    }
    const bool parity = std::any_of(r.rows.begin(), r.rows.end(), [](const sweep_row& row) { return row.parity.has_value(); });
    int wide = parity ? 12 : 0;
    for (const auto w : widths) wide += static_cast<int>(w) + 2;
    wide += 3 * (value_w + 2 + range_w);
    if (width > 0 && wide > width) {
        // One criterion at a time (and the parity last), so that the table fits a narrow terminal.
        std::vector<std::pair<std::string, std::function<std::string(const sweep_row&)>>> columns;
        for (const criterion c : criteria) {
            columns.emplace_back(fmt::format("{} [{}]", c == criterion::gwp ? "carbon" : criterion_name(c), reporting_unit(c).symbol),
                                 [c](const sweep_row& row) {
                                     const double f = reporting_unit(c).per_base;
                                     const summary& s = row.total[static_cast<int>(c)];
                                     const std::string range = s.p05 == s.p95 ? "" : fmt::format("{} – {}", cell(s.p05 * f), cell(s.p95 * f));
                                     return fmt::format("{:>{}}  {}", cell(s.nominal * f), value_w, range);
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
            out += fmt::format("{:>{}}  {}\n", columns[i].first, value_w, i < std::size(criteria) ? "p05 – p95" : "");
            for (const auto& row : r.rows) {
                std::string line;
                for (std::size_t k = 0; k < row.values.size(); ++k) line += fmt::format("{:<{}}  ", row.values[k], widths[k]);
                line += columns[i].second(row);
                while (line.back() == ' ') line.pop_back();
                out += line + "\n";
            }
        }
        return detail::printable(out);
    }
    for (std::size_t k = 0; k < r.axes.size(); ++k) out += fmt::format("{:<{}}  ", r.axes[k], widths[k]);
    for (const criterion c : criteria) {
        out += fmt::format("{:>{}}  {:<{}}", fmt::format("{} [{}]", c == criterion::gwp ? "carbon" : criterion_name(c), reporting_unit(c).symbol),
                           value_w, "p05 – p95", range_w);
    }
    if (parity) out += fmt::format("{:>12}", "parity [day]");
    while (out.back() == ' ') out.pop_back();
    out += "\n";
    for (const auto& row : r.rows) {
        for (std::size_t k = 0; k < row.values.size(); ++k) out += fmt::format("{:<{}}  ", row.values[k], widths[k]);
        for (const criterion c : criteria) {
            const double f = reporting_unit(c).per_base;
            const summary& s = row.total[static_cast<int>(c)];
            const std::string range = s.p05 == s.p95 ? "" : fmt::format("{} – {}", cell(s.p05 * f), cell(s.p95 * f));
            out += fmt::format("{:>{}}  {:<{}}", cell(s.nominal * f), value_w, range, range_w);
        }
        if (parity) out += fmt::format("{:>12}", row.parity ? cell(row.parity->nominal / 86400.0) : "–");
        while (out.back() == ' ') out.pop_back();
        out += "\n";
    }
    return detail::printable(out);
}

std::string render_sweep_json(const sweep_result& r) {
    std::string axes;
    for (const auto& a : r.axes) axes += (axes.empty() ? "" : ", ") + json_quoted(a);
    std::string out = fmt::format("{{\n  \"scenario\": {},\n  \"samples\": {},\n  \"seed\": {},\n  \"axes\": [{}],\n  \"rows\": [",
                                  json_quoted(r.scenario), r.samples, r.seed, axes);
    auto stats = [](const summary& s, double f) {
        return fmt::format("\"nominal\": {}, \"mean\": {}, \"p05\": {}, \"p50\": {}, \"p95\": {}", json_number(s.nominal * f),
                           json_number(s.mean * f), json_number(s.p05 * f), json_number(s.p50 * f), json_number(s.p95 * f));
    };
    for (std::size_t i = 0; i < r.rows.size(); ++i) {
        const sweep_row& row = r.rows[i];
        std::string values;
        for (const auto& v : row.values) values += (values.empty() ? "" : ", ") + json_quoted(v);
        std::string totals;
        for (const criterion c : criteria) {
            const criterion_unit u = reporting_unit(c);
            totals += fmt::format("{}\"{}\": {{\"unit\": {}, {}}}", c == criterion::gwp ? "" : ", ", criterion_name(c),
                                  json_quoted(u.symbol), stats(row.total[static_cast<int>(c)], u.per_base));
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
    out += "criterion,unit,nominal,mean,p05,p50,p95\n";
    for (const auto& row : r.rows) {
        std::string prefix;
        for (const auto& v : row.values) prefix += detail::csv_field(v) + ",";
        for (const criterion c : criteria) {
            const criterion_unit u = reporting_unit(c);
            const summary& s = row.total[static_cast<int>(c)];
            out += fmt::format("{}{},{},{},{},{},{},{}\n", prefix, criterion_name(c), u.symbol, json_number(s.nominal * u.per_base),
                               json_number(s.mean * u.per_base), json_number(s.p05 * u.per_base), json_number(s.p50 * u.per_base),
                               json_number(s.p95 * u.per_base));
        }
        if (row.parity) {
            const summary& s = *row.parity;
            constexpr double day = 86400.0;
            out += fmt::format("{}parity,day,{},{},{},{},{}\n", prefix, json_number(s.nominal / day), json_number(s.mean / day),
                               json_number(s.p05 / day), json_number(s.p50 / day), json_number(s.p95 / day));
        }
    }
    return out;
}

}  // namespace kaya

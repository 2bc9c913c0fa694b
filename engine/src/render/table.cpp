#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "kaya/render/render.hpp"
#include "render/functional_unit.hpp"
#include "render/measurement.hpp"
#include "render/text.hpp"
#include "text/utf8.hpp"

namespace kaya {
namespace {

using detail::cell;
using detail::thousands;

constexpr int name_w = 24, kind_w = 10, value_w = 13, range_w = 25;

void append_row(std::string& out, const std::string& name, const std::string& kind, const std::vector<summary>& s,
                const std::vector<indicator>& indicators, const std::vector<std::size_t>& shown) {
    out += fmt::format("{:<{}} {:<{}}", detail::one_line(name), name_w, kind, kind_w);
    for (const std::size_t k : shown) {
        const double per_base = indicators[k].per_base;
        // A value without uncertainty has no range to show. fmt pads by display width, so
        // "≥" counts as the one column it takes.
        out += fmt::format("  {:>{}}  {:<{}}", detail::impact_cell(s[k], per_base), value_w, detail::impact_range(s[k], per_base), range_w);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
}

int block_width(std::size_t shown) {
    return name_w + 1 + kind_w + static_cast<int>(shown) * (4 + value_w + range_w);
}

// The phases, stages and total for the `shown` indicators side by side.
void append_block(std::string& out, const run_result& r, const std::vector<std::size_t>& shown) {
    out += fmt::format("{:<{}} {:<{}}", "", name_w, "", kind_w);
    for (const std::size_t k : shown) {
        const std::string head = fmt::format("{} [{}]", r.indicators[k].label, r.indicators[k].unit);
        out += fmt::format("  {:<{}}", head, value_w + 2 + range_w);
    }
    while (out.back() == ' ') out.pop_back();
    out += fmt::format("\n{:<{}} {:<{}}", "phase", name_w, "kind", kind_w);
    for (std::size_t i = 0; i < shown.size(); ++i) out += fmt::format("  {:>{}}  {:<{}}", "nominal", value_w, "p05 – p95", range_w);
    while (out.back() == ' ') out.pop_back();
    const std::string rule(static_cast<std::size_t>(block_width(shown.size())), '-');
    out += "\n" + rule + "\n";
    for (const auto& p : r.phases) append_row(out, p.name, p.kind, p.impacts, r.indicators, shown);
    // A single stage that holds every phase would only repeat the total.
    const bool all_staged = std::all_of(r.phases.begin(), r.phases.end(), [](const phase_result& p) { return !p.stage.empty(); });
    if (r.stages.size() > 1 || (r.stages.size() == 1 && !all_staged)) {
        out += rule + "\n";
        for (const auto& st : r.stages) append_row(out, st.name, "(stage)", st.impacts, r.indicators, shown);
    }
    out += rule + "\n";
    append_row(out, "total", "", r.total, r.indicators, shown);
}

}  // namespace

std::string render_table(const run_result& r, int width, bool details) {
    std::string out = detail::wrap(fmt::format("{}: nominal footprint per phase, with the p05 – p95 range of {} Monte Carlo samples (seed {})",
                                               detail::one_line(r.scenario), thousands(r.samples), r.seed),
                                   width) +
                      "\n";
    for (const auto& o : r.overrides) out += detail::wrap(fmt::format("with the override {} (not in the scenario file)", o), width, "  ") + "\n";
    out += "\n";
    const std::vector<std::size_t> all = detail::shown_indicators(r.indicators, details);
    const bool narrow = width > 0 && block_width(all.size()) > width;
    // As many indicators side by side as the width holds, at least one.
    for (std::size_t first = 0; first < all.size();) {
        std::size_t count = 1;
        while (first + count < all.size() && (width <= 0 || block_width(count + 1) <= width)) ++count;
        if (first > 0) out += "\n";
        append_block(out, r, std::vector<std::size_t>(all.begin() + static_cast<std::ptrdiff_t>(first),
                                                      all.begin() + static_cast<std::ptrdiff_t>(first + count)));
        first += count;
    }
    if (r.functional_unit && r.functional_unit->trained_model) out += "\n" + detail::wrap(detail::functional_unit_heading(*r.functional_unit), width) + "\n";
    if (r.functional_unit && !r.functional_unit->trained_model) {
        out += "\n" + detail::wrap(detail::functional_unit_heading(*r.functional_unit), width) + "\n";
        const auto rows = detail::functional_unit_rows(r, details);
        std::vector<std::size_t> widths(rows.front().size(), 0);
        for (const auto& row : rows)
            for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], detail::display_width(row[c]));
        for (std::size_t i = 0; i < rows.size(); ++i) {
            std::string line = " ";
            for (std::size_t c = 0; c < rows[i].size(); ++c) {
                // Numbers right-aligned, text left-aligned, as in the table above.
                const bool number = c == 2 || c == 4;
                const std::size_t pad = widths[c] - detail::display_width(rows[i][c]);
                line += " " + (number ? std::string(pad, ' ') + rows[i][c] : rows[i][c] + std::string(pad, ' '));
            }
            while (!line.empty() && line.back() == ' ') line.pop_back();
            out += line + "\n";
        }
    }
    if (!r.measurements.empty()) {
        out += "\nMeasured:\n";
        for (const auto& m : r.measurements)
            for (const auto& line : detail::measurement_lines(r, m)) out += detail::wrap("  " + line, width, "      ") + "\n";
    }
    if (const std::string line = detail::accounting_line(r.indicators, r.accounting); !line.empty()) {
        out += "\n" + detail::wrap(line, width) + "\n";
    }
    if (detail::has_gaps(r)) {
        out += "\n" + detail::wrap(detail::coverage_footnote, width) + "\nNot assessed:\n";
        for (const auto& line : detail::coverage_lines(r)) out += detail::wrap("  " + line, width, "    ") + "\n";
    }
    if (r.parity) {
        constexpr double day = 86400.0;
        out += "\n" + detail::wrap(fmt::format("Deployment parity: inference emits as much carbon as everything else after {} days (p05 – p95 {} – {}).",
                                               cell(r.parity->nominal / day), cell(r.parity->p05 / day), cell(r.parity->p95 / day)),
                                   width) +
               "\n";
    }
    if (!r.provenance.empty()) {
        out += fmt::format("\nFrom the catalogues ({} values; their sources are in the JSON output):\n", r.provenance.size());
        auto range = [](const provenance_row& p) {
            return p.p05 == p.p95 ? std::string("exact") : fmt::format("{} – {}", cell(p.p05), cell(p.p95));
        };
        if (narrow) {
            for (const auto& p : r.provenance) {
                out += fmt::format("  {} ({})\n    {} {}, sampled p05 – p95 {}, year {}\n", p.quantity, p.catalogue, cell(p.value), p.unit,
                                   range(p), p.year.empty() ? "not stated" : p.year);
            }
        } else {
            out += fmt::format("  {:<44} {:>12} {:<10} {:<21} {:<10} {}\n", "quantity", "nominal", "unit", "sampled p05 – p95", "year",
                               "catalogue entry");
            for (const auto& p : r.provenance) {
                out += fmt::format("  {:<44} {:>12} {:<10} {:<21} {:<10} {}\n", p.quantity, cell(p.value), p.unit, range(p),
                                   p.year.empty() ? "not stated" : p.year, p.catalogue);
            }
        }
    }
    for (const auto& w : r.warnings) out += "\n" + detail::wrap(fmt::format("warning: {} [{}]", w.message, w.code), width, "  ");
    if (!r.warnings.empty()) out += "\n";
    return detail::printable(out);
}

}  // namespace kaya

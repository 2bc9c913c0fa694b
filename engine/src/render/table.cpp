#include <fmt/format.h>

#include <cmath>

#include "kaya/render/render.hpp"
#include "render/text.hpp"

namespace kaya {
namespace {

using detail::cell;
using detail::thousands;

constexpr int name_w = 24, kind_w = 10, value_w = 11, range_w = 25;

void append_row(std::string& out, const std::string& name, const std::string& kind, const summary* s) {
    out += fmt::format("{:<{}} {:<{}}", name, name_w, kind, kind_w);
    for (const criterion c : criteria) {
        const double k = reporting_unit(c).per_base;
        const summary& x = s[static_cast<int>(c)];
        // A value without uncertainty has no range to show.
        const std::string range = x.p05 == x.p95 ? "" : fmt::format("{} – {}", cell(x.p05 * k), cell(x.p95 * k));
        out += fmt::format("  {:>{}}  {:<{}}", cell(x.nominal * k), value_w, range, range_w);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
}

}  // namespace

std::string render_table(const run_result& r) {
    std::string out = fmt::format("{}: nominal footprint per phase, with the p05 – p95 range of {} Monte Carlo samples (seed {})\n\n",
                                  r.scenario, thousands(r.samples), r.seed);
    out += fmt::format("{:<{}} {:<{}}", "", name_w, "", kind_w);
    for (const criterion c : criteria) {
        const char* title = c == criterion::gwp ? "carbon" : criterion_name(c);
        const std::string head = fmt::format("{} [{}]", title, reporting_unit(c).symbol);
        out += fmt::format("  {:<{}}", head, value_w + 2 + range_w);
    }
    while (out.back() == ' ') out.pop_back();
    out += fmt::format("\n{:<{}} {:<{}}", "phase", name_w, "kind", kind_w);
    for (int i = 0; i < 3; ++i) out += fmt::format("  {:>{}}  {:<{}}", "nominal", value_w, "p05 – p95", range_w);
    while (out.back() == ' ') out.pop_back();
    const std::string rule(static_cast<std::size_t>(name_w + 1 + kind_w + 3 * (4 + value_w + range_w)), '-');
    out += "\n" + rule + "\n";
    for (const auto& p : r.phases) append_row(out, p.name, p.kind, p.impacts);
    if (r.stages.size() > 1) {  // a single stage would repeat the total
        out += rule + "\n";
        for (const auto& st : r.stages) append_row(out, st.name, "(stage)", st.impacts);
    }
    out += rule + "\n";
    append_row(out, "total", "", r.total);
    if (r.parity) {
        constexpr double day = 86400.0;
        out += fmt::format("\nDeployment parity: inference emits as much carbon as everything else after {} days (p05 – p95 {} – {}).\n",
                           cell(r.parity->nominal / day), cell(r.parity->p05 / day), cell(r.parity->p95 / day));
    }
    if (!r.provenance.empty()) {
        out += fmt::format("\nFrom the catalogues ({} values; their sources are in the JSON output):\n", r.provenance.size());
        out += fmt::format("  {:<44} {:>12} {:<10} {:<21} {:<10} {}\n", "quantity", "nominal", "unit", "sampled p05 – p95", "year",
                           "catalogue entry");
        for (const auto& p : r.provenance) {
            out += fmt::format("  {:<44} {:>12} {:<10} {:<21} {:<10} {}\n", p.quantity, cell(p.value), p.unit,
                               p.p05 == p.p95 ? std::string("exact") : fmt::format("{} – {}", cell(p.p05), cell(p.p95)),
                               p.year.empty() ? "not stated" : p.year, p.catalogue);
        }
    }
    for (const auto& w : r.warnings) out += fmt::format("\nwarning: {} [{}]", w.message, w.code);
    if (!r.warnings.empty()) out += "\n";
    return out;
}

}  // namespace kaya

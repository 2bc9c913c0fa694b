#include <fmt/format.h>

#include <cmath>

#include "mlca/render/render.hpp"

namespace mlca {
namespace {

// Four significant figures, thousands separated: 24,692 · 340.5 · 0.01234.
std::string readable(double v) {
    if (!std::isfinite(v)) return "n/a";
    if (v == 0.0) return "0";
    const double a = std::abs(v);
    const int decimals = std::max(0, 3 - static_cast<int>(std::floor(std::log10(a))));
    return fmt::format("{:.{}f}", v, decimals);
}

std::string thousands(long long v) {
    std::string digits = std::to_string(std::llabs(v));
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
    return v < 0 ? "-" + digits : digits;
}

std::string cell(double v) {
    if (std::isfinite(v) && std::abs(v) >= 1000.0) return thousands(std::llround(v));
    return readable(v);
}

}  // namespace

std::string render_table(const run_result& r) {
    constexpr int name_w = 22, kind_w = 10, value_w = 10, range_w = 23;
    std::string out = fmt::format("{} — per-phase footprint (nominal, and p05–p95 over {} samples, seed {})\n\n",
                                  r.scenario, r.samples, r.seed);
    out += fmt::format("{:<{}} {:<{}}", "phase", name_w, "kind", kind_w);
    for (const criterion c : criteria) {
        const std::string head = fmt::format("{} [{}]", criterion_name(c), reporting_unit(c).symbol);
        out += fmt::format(" | {:>{}} {:<{}}", head, value_w + 1 + range_w, "", 0);
    }
    out += "\n";
    const std::string rule(static_cast<std::size_t>(name_w + kind_w + 1 + 3 * (3 + value_w + 1 + range_w)), '-');
    out += rule + "\n";
    auto row = [&](const std::string& name, const std::string& kind, const summary* s) {
        out += fmt::format("{:<{}} {:<{}}", name, name_w, kind, kind_w);
        for (const criterion c : criteria) {
            const double k = reporting_unit(c).per_base;
            const summary& x = s[static_cast<int>(c)];
            const std::string range = x.p05 == x.p95 ? std::string()
                                      : fmt::format("({} – {})", cell(x.p05 * k), cell(x.p95 * k));
            out += fmt::format(" | {:>{}} {:<{}}", cell(x.nominal * k), value_w, range, range_w);
        }
        out += "\n";
    };
    for (const auto& p : r.phases) row(p.name, p.kind, p.impacts);
    out += rule + "\n";
    row("total", "", r.total);
    return out;
}

}  // namespace mlca

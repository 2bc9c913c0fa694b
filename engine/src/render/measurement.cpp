// Measurements beside estimates, in sentences every rendering shares.
#include "render/measurement.hpp"

#include <fmt/format.h>

#include "render/text.hpp"

namespace kaya::detail {

measurement_unit unit_of(const measurement_result& m) { return {m.unit.symbol, 1.0 / m.unit.factor}; }

std::string tool_name(const std::string& format) {
    if (format == "codecarbon") return "CodeCarbon";
    if (format == "sacct") return "Slurm sacct";
    if (format == "mlenergy") return "ML.ENERGY";
    return format;
}

std::vector<std::string> measurement_lines(const run_result& r, const measurement_result& m) {
    const measurement_unit u = unit_of(m);
    auto value = [&](const summary& s) {
        const std::string range = s.p05 == s.p95 ? "exact" : fmt::format("p05 – p95 {} – {}", cell(s.p05 * u.per_base), cell(s.p95 * u.per_base));
        return fmt::format("{} {} ({})", cell(s.nominal * u.per_base), u.symbol, range);
    };
    const char* what = m.format == "mlenergy" ? "energy per query" : "IT energy";
    std::vector<std::string> out;
    // Job accounting measures time; the energy is the cluster description's node power over it.
    const std::string how = m.format == "sacct" ? "from Slurm job accounting (node power × node-hours)" : "measured by " + tool_name(m.format);
    out.push_back(fmt::format("Phase '{}': {} {}, {}, from {} ({}){}.", m.phase, what, how, value(m.energy), m.file, m.what,
                              m.location.empty() ? "" : (m.format == "mlenergy" ? "; measured on " : "; measured in ") + m.location));
    if (m.estimate) {
        std::string verdict = m.within ? (*m.within ? "the measurement lies within the estimate's p05 – p95" : "the measurement lies outside the estimate's p05 – p95")
                              : m.estimate_within ? "the estimate states no range"
                                                  : "neither states a range";
        if (m.estimate_within) verdict += *m.estimate_within ? "; the estimate lies within the measurement's" : "; the estimate lies outside the measurement's";
        out.push_back(fmt::format("  Its estimate ({}) gives {}: measured / estimated = {}, {}.", m.estimate_equation, value(*m.estimate),
                                  m.ratio ? cell(*m.ratio) : std::string("not defined (the estimate is 0)"), verdict));
    }
    if (m.reported_carbon) {
        const auto c = r.carbon();
        std::string ours;
        for (const auto& p : r.phases) {
            if (p.name != m.phase || !c || !p.impact(*c).assessed()) continue;
            const indicator& ind = r.indicators[*c];
            ours = fmt::format("; kaya gives the phase {} ({}, with the site's PUE and grid factor)", impact_cell(p.impact(*c), ind.per_base) + " " + ind.unit,
                               ind.key);
        }
        const std::string factor = m.tool_energy > 0.0 ? fmt::format(" ({} gCO2e/kWh over the {} kWh it counted)", cell(*m.reported_carbon * 1000 / (m.tool_energy / 3.6e6)),
                                                                     cell(m.tool_energy / 3.6e6))
                                                       : "";
        out.push_back(fmt::format("  {} reported {} kgCO2e for it{}{}.", tool_name(m.format), cell(*m.reported_carbon), factor, ours));
    }
    return out;
}

}  // namespace kaya::detail

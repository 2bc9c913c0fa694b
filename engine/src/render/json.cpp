#include <fmt/format.h>

#include <cmath>

#include "kaya/render/render.hpp"
#include "render/measurement.hpp"
#include "render/text.hpp"

namespace kaya {
namespace {

using detail::csv_field;
using detail::json_number;
const auto& quoted = detail::json_quoted;
const auto& number = detail::json_number;

std::string impacts(const std::vector<summary>& s, const std::vector<indicator>& indicators, const std::string& indent) {
    std::string out = "{";
    for (std::size_t k = 0; k < indicators.size(); ++k) {
        const indicator& ind = indicators[k];
        const summary& x = s[k];
        const double u = ind.per_base;
        // Not assessed is null, never 0.
        out += fmt::format(
            "{}\n{}  {}: {{\"unit\": {}, \"nominal\": {}, \"mean\": {}, \"p05\": {}, \"p50\": {}, \"p95\": {}, \"status\": {}}}",
            k == 0 ? "" : ",", indent, quoted(ind.key), quoted(ind.unit), number(x.nominal * u), number(x.mean * u),
            number(x.p05 * u), number(x.p50 * u), number(x.p95 * u), quoted(status_name(x.status)));
    }
    return out + "\n" + indent + "}";
}

}  // namespace

std::string render_json(const run_result& r) {
    const auto carbon = r.carbon();
    std::string out = fmt::format("{{\n  \"scenario\": {},\n  \"samples\": {},\n  \"seed\": {},\n  \"accounting\": {{\"primary\": {}, \"carbon\": {}}},\n  \"indicators\": [",
                                  quoted(r.scenario), r.samples, r.seed, quoted(r.accounting), carbon ? quoted(r.indicators[*carbon].key) : "null");
    // What each key of `impacts` is: its name, unit, method and whether it is a part of another.
    for (std::size_t k = 0; k < r.indicators.size(); ++k) {
        const indicator& ind = r.indicators[k];
        std::string sources;
        for (const auto& s : ind.sources) sources += (sources.empty() ? "" : ", ") + quoted(s);
        out += fmt::format("{}\n    {{\"key\": {}, \"name\": {}, \"unit\": {}, \"type\": {}, \"part_of\": {}, \"accounting\": {}, \"method\": {}, \"source\": [{}]}}",
                           k == 0 ? "" : ",", quoted(ind.key), quoted(ind.name), quoted(ind.unit), quoted(ind.inventory ? "inventory" : "impact"),
                           ind.detail_of.empty() ? "null" : quoted(ind.detail_of), ind.accounting.empty() ? "null" : quoted(ind.accounting),
                           quoted(ind.method), sources);
    }
    out += "\n  ],\n  \"phases\": [";
    for (std::size_t i = 0; i < r.phases.size(); ++i) {
        const phase_result& p = r.phases[i];
        const std::string duration = p.duration < 0 ? ""
            : fmt::format(",\n      \"duration\": {{\"unit\": \"day\", \"nominal\": {}}}", number(p.duration / 86400.0));
        out += fmt::format("{}\n    {{\n      \"name\": {},\n      \"kind\": {},\n      \"stage\": {}{},\n      \"impacts\": {}\n    }}",
                           i == 0 ? "" : ",", quoted(p.name), quoted(p.kind), p.stage.empty() ? "null" : quoted(p.stage), duration,
                           impacts(p.impacts, r.indicators, "      "));
    }
    out += "\n  ],\n  \"stages\": [";
    for (std::size_t i = 0; i < r.stages.size(); ++i) {
        out += fmt::format("{}\n    {{\n      \"name\": {},\n      \"impacts\": {}\n    }}", i == 0 ? "" : ",",
                           quoted(r.stages[i].name), impacts(r.stages[i].impacts, r.indicators, "      "));
    }
    out += fmt::format("{}],\n  \"total\": {{\n    \"impacts\": {}\n  }},\n", r.stages.empty() ? "" : "\n  ",
                       impacts(r.total, r.indicators, "    "));
    if (r.functional_unit) {
        // Each category per unit, in its reporting unit: "unit": "kgCO2e" is per `per`.
        const functional_unit_result& fu = *r.functional_unit;
        auto count = [&](const std::optional<summary>& x) {
            return x ? fmt::format("{{\"nominal\": {}, \"mean\": {}, \"p05\": {}, \"p50\": {}, \"p95\": {}}}", number(x->nominal),
                                   number(x->mean), number(x->p05), number(x->p50), number(x->p95))
                     : std::string("null");
        };
        out += fmt::format("  \"functional_unit\": {{\n    \"per\": {},\n    \"name\": {},\n    \"amount\": {},\n    \"lifetime\": {},\n"
                           "    \"deployment\": {},\n    \"lifecycle\": {}\n  }},\n",
                           quoted(fu.unit), fu.name.empty() ? "null" : quoted(fu.name), count(fu.amount), count(fu.lifetime),
                           impacts(fu.deployment, r.indicators, "    "),
                           fu.lifecycle.empty() ? "null" : impacts(fu.lifecycle, r.indicators, "    "));
    }
    if (!r.measurements.empty()) {
        out += "  \"measurements\": [";
        for (std::size_t i = 0; i < r.measurements.size(); ++i) {
            const measurement_result& m = r.measurements[i];
            const detail::measurement_unit u = detail::unit_of(m);
            auto stats = [&](const summary& x) {
                return fmt::format("{{\"unit\": {}, \"nominal\": {}, \"mean\": {}, \"p05\": {}, \"p50\": {}, \"p95\": {}}}", quoted(u.symbol),
                                   number(x.nominal * u.per_base), number(x.mean * u.per_base), number(x.p05 * u.per_base),
                                   number(x.p50 * u.per_base), number(x.p95 * u.per_base));
            };
            const std::string reported = m.reported_carbon
                ? fmt::format("{{\"unit\": \"kgCO2e\", \"value\": {}, \"energy_kwh\": {}}}", number(*m.reported_carbon), number(m.tool_energy / 3.6e6))
                : "null";
            out += fmt::format("{}\n    {{\"phase\": {}, \"format\": {}, \"file\": {}, \"what\": {}, \"location\": {},\n     \"measured\": {},\n"
                               "     \"estimate\": {}, \"estimate_equation\": {}, \"ratio\": {}, \"within_estimate\": {}, \"estimate_within_measured\": {},\n"
                               "     \"reported_carbon\": {}}}",
                               i == 0 ? "" : ",", quoted(m.phase), quoted(m.format), quoted(m.file), quoted(m.what),
                               m.location.empty() ? "null" : quoted(m.location), stats(m.energy), m.estimate ? stats(*m.estimate) : "null",
                               m.estimate ? quoted(m.estimate_equation) : "null", m.ratio ? number(*m.ratio) : "null",
                               m.within ? (*m.within ? "true" : "false") : "null",
                               m.estimate_within ? (*m.estimate_within ? "true" : "false") : "null", reported);
        }
        out += "\n  ],\n";
    }
    if (r.parity) {
        const summary& p = *r.parity;
        constexpr double day = 86400.0;
        out += fmt::format("  \"parity\": {{\"unit\": \"day\", \"nominal\": {}, \"mean\": {}, \"p05\": {}, \"p50\": {}, \"p95\": {}}},\n",
                           number(p.nominal / day), number(p.mean / day), number(p.p05 / day), number(p.p50 / day), number(p.p95 / day));
    }
    // What is not assessed, and why: absent from the sums, never counted as 0.
    out += "  \"coverage\": [";
    for (std::size_t i = 0; i < r.coverage.size(); ++i) {
        const coverage_gap& g = r.coverage[i];
        out += fmt::format("{}\n    {{\"category\": {}, \"phase\": {}, \"missing\": {}, \"why\": {}}}", i == 0 ? "" : ",",
                           quoted(g.indicator), quoted(g.phase), quoted(g.missing), quoted(g.why));
    }
    out += r.coverage.empty() ? "],\n" : "\n  ],\n";
    // Every catalogue value used, and every warning: nothing filled in silently.
    out += "  \"provenance\": [";
    for (std::size_t i = 0; i < r.provenance.size(); ++i) {
        const provenance_row& p = r.provenance[i];
        std::string sources;
        for (const auto& s : p.sources) sources += (sources.empty() ? "" : ", ") + quoted(s);
        out += fmt::format("{}\n    {{\"quantity\": {}, \"catalogue\": {}, \"value\": {}, \"p05\": {}, \"p95\": {}, \"unit\": {}, "
                           "\"year\": {}, \"source\": [{}]}}",
                           i == 0 ? "" : ",", quoted(p.quantity), quoted(p.catalogue), number(p.value), number(p.p05), number(p.p95),
                           quoted(p.unit), p.year.empty() ? "null" : quoted(p.year), sources);
    }
    out += r.provenance.empty() ? "],\n" : "\n  ],\n";
    out += "  \"overrides\": [";
    for (std::size_t i = 0; i < r.overrides.size(); ++i) out += (i == 0 ? "" : ", ") + quoted(r.overrides[i]);
    out += "],\n";
    out += "  \"warnings\": [";
    for (std::size_t i = 0; i < r.warnings.size(); ++i) {
        out += fmt::format("{}\n    {{\"code\": {}, \"message\": {}}}", i == 0 ? "" : ",", quoted(r.warnings[i].code),
                           quoted(r.warnings[i].message));
    }
    out += r.warnings.empty() ? "]\n}\n" : "\n  ]\n}\n";
    return out;
}

std::string render_csv(const run_result& r) {
    // `record` tells a phase's rows from a stage's subtotal and the total, which may share a name.
    std::string out = "record,phase,stage,kind,criterion,unit,nominal,mean,p05,p50,p95,status\n";
    auto rows = [&](const char* record, const std::string& phase, const std::string& stage, const std::string& kind,
                    const std::vector<summary>& s) {
        for (std::size_t k = 0; k < r.indicators.size(); ++k) {
            const indicator& ind = r.indicators[k];
            const summary& x = s[k];
            const double u = ind.per_base;
            // Not assessed is an empty field, never 0.
            auto field = [&](double v) { return x.assessed() ? number(v * u) : std::string(); };
            out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", record, csv_field(phase), csv_field(stage), csv_field(kind),
                               ind.key, csv_field(ind.unit), field(x.nominal), field(x.mean), field(x.p05), field(x.p50), field(x.p95),
                               status_name(x.status));
        }
    };
    for (const auto& p : r.phases) rows("phase", p.name, p.stage, p.kind, p.impacts);
    for (const auto& st : r.stages) rows("stage", "", st.name, "", st.impacts);
    rows("total", "", "", "", r.total);
    // Per functional unit: the unit column says per what ("kgCO2e per request").
    if (r.functional_unit) {
        const functional_unit_result& fu = *r.functional_unit;
        for (const auto& [record, values] : {std::pair{"per_unit", &fu.deployment}, std::pair{"per_unit_lifecycle", &fu.lifecycle}}) {
            if (values->empty()) continue;
            for (std::size_t k = 0; k < r.indicators.size(); ++k) {
                const indicator& ind = r.indicators[k];
                const summary& x = (*values)[k];
                auto field = [&](double v) { return x.assessed() ? number(v * ind.per_base) : std::string(); };
                out += fmt::format("{},,,,{},{},{},{},{},{},{},{}\n", record, ind.key, csv_field(fmt::format("{} per {}", ind.unit, fu.unit)),
                                   field(x.nominal), field(x.mean), field(x.p05), field(x.p50), field(x.p95), status_name(x.status));
            }
        }
    }
    return out;
}

}  // namespace kaya

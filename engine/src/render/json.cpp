#include <fmt/format.h>

#include <cmath>

#include "kaya/render/render.hpp"
#include "render/text.hpp"

namespace kaya {
namespace {

using detail::csv_field;
using detail::json_number;
const auto& quoted = detail::json_quoted;
const auto& number = detail::json_number;

std::string impacts(const summary* s, const std::string& indent) {
    std::string out = "{";
    for (const criterion c : criteria) {
        const criterion_unit u = reporting_unit(c);
        const summary& x = s[static_cast<int>(c)];
        out += fmt::format(
            "{}\n{}  {}: {{\"unit\": {}, \"nominal\": {}, \"mean\": {}, \"p05\": {}, \"p50\": {}, \"p95\": {}}}",
            c == criterion::gwp ? "" : ",", indent, quoted(criterion_name(c)), quoted(u.symbol),
            number(x.nominal * u.per_base), number(x.mean * u.per_base), number(x.p05 * u.per_base),
            number(x.p50 * u.per_base), number(x.p95 * u.per_base));
    }
    return out + "\n" + indent + "}";
}

}  // namespace

std::string render_json(const run_result& r) {
    std::string out = fmt::format("{{\n  \"scenario\": {},\n  \"samples\": {},\n  \"seed\": {},\n  \"phases\": [",
                                  quoted(r.scenario), r.samples, r.seed);
    for (std::size_t i = 0; i < r.phases.size(); ++i) {
        const phase_result& p = r.phases[i];
        const std::string duration = p.duration < 0 ? ""
            : fmt::format(",\n      \"duration\": {{\"unit\": \"day\", \"nominal\": {}}}", number(p.duration / 86400.0));
        out += fmt::format("{}\n    {{\n      \"name\": {},\n      \"kind\": {},\n      \"stage\": {}{},\n      \"impacts\": {}\n    }}",
                           i == 0 ? "" : ",", quoted(p.name), quoted(p.kind), p.stage.empty() ? "null" : quoted(p.stage), duration,
                           impacts(p.impacts, "      "));
    }
    out += "\n  ],\n  \"stages\": [";
    for (std::size_t i = 0; i < r.stages.size(); ++i) {
        out += fmt::format("{}\n    {{\n      \"name\": {},\n      \"impacts\": {}\n    }}", i == 0 ? "" : ",",
                           quoted(r.stages[i].name), impacts(r.stages[i].impacts, "      "));
    }
    out += fmt::format("{}],\n  \"total\": {{\n    \"impacts\": {}\n  }},\n", r.stages.empty() ? "" : "\n  ",
                       impacts(r.total, "    "));
    if (r.parity) {
        const summary& p = *r.parity;
        constexpr double day = 86400.0;
        out += fmt::format("  \"parity\": {{\"unit\": \"day\", \"nominal\": {}, \"mean\": {}, \"p05\": {}, \"p50\": {}, \"p95\": {}}},\n",
                           number(p.nominal / day), number(p.mean / day), number(p.p05 / day), number(p.p50 / day), number(p.p95 / day));
    }
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
    std::string out = "record,phase,stage,kind,criterion,unit,nominal,mean,p05,p50,p95\n";
    auto rows = [&](const char* record, const std::string& phase, const std::string& stage, const std::string& kind, const summary* s) {
        for (const criterion c : criteria) {
            const criterion_unit u = reporting_unit(c);
            const summary& x = s[static_cast<int>(c)];
            out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", record, csv_field(phase), csv_field(stage), csv_field(kind),
                               criterion_name(c), u.symbol, number(x.nominal * u.per_base), number(x.mean * u.per_base),
                               number(x.p05 * u.per_base), number(x.p50 * u.per_base), number(x.p95 * u.per_base));
        }
    };
    for (const auto& p : r.phases) rows("phase", p.name, p.stage, p.kind, p.impacts);
    for (const auto& st : r.stages) rows("stage", "", st.name, "", st.impacts);
    rows("total", "", "", "", r.total);
    return out;
}

}  // namespace kaya

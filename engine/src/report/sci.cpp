// The Software Carbon Intensity of a scenario (ISO/IEC 21031:2024): SCI = (E × I + M) per R,
// location-based as the specification requires, for the two boundaries of the Green Software
// Foundation's SCI for AI: the consumer's (serving the model: the deployment phases, per
// functional unit) and the provider's (making it: every other phase, amortised over the
// functional units of its lifetime when the scenario states them, else per trained model).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/design/design.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/model/evaluate.hpp"
#include "kaya/report/report.hpp"
#include "kaya/scenario/scenario.hpp"
#include "model/compiler.hpp"
#include "render/text.hpp"

namespace kaya {
namespace {

using detail::json_number;
using detail::json_quoted;

// The inventory indicator that is the energy at the meter: the electricity flow itself.
std::optional<std::size_t> meter_energy(const model& m) {
    for (std::size_t k = 0; k < m.indicators.size(); ++k) {
        const auto& t = m.indicators[k].terms;
        if (t.size() == 1 && t[0].source == flow::electricity && t[0].factor.empty()) return k;
    }
    return std::nullopt;
}

struct boundary {
    std::string name;
    std::string description;
    std::vector<std::size_t> phases;
    int r = -1;               // functional units [count]
    std::string r_unit;
    std::string why_not;      // when the boundary cannot be assessed
};

struct quantity_nodes {
    int e = -1, o = -1, m = -1, sci = -1;
    bool m_missing = false;   // a deployment phase names no serving hardware
    bool m_any = false;       // some phase amortises hardware
    bool partial = false;     // a phase of the boundary misses a contribution to carbon
};

}  // namespace

std::string sci_export(const scenario& s, const report_options& options) {
    model m = compile(s, options.catalogues);
    graph& g = m.nodes;
    const std::optional<std::size_t> carbon = carbon_of(m.indicators, "location");
    const auto energy = meter_energy(m);
    if (!carbon || !energy) throw internal_error("the SCI needs the location-based carbon and the energy at the meter");
    if (!m.functional_unit) {
        throw input_error::missing_field({s.file, 1, 1}, "functional_unit", fmt::format("scenario '{}'", s.name),
                                         "the SCI is per functional unit R: declare one with unit: request (or query, 1000 token, ...)");
    }
    if (m.functional_unit->trained_model) {
        throw input_error::invalid_value(s.functional_unit->unit.loc,
                                         "a functional unit that the deployment serves for the SCI's R (request, query, 1000 token, ...); "
                                         "the provider boundary is reported per trained model whenever no lifetime is stated",
                                         "'trained model'");
    }
    const functional_unit_model& fu = *m.functional_unit;
    boundary consumer{"consumer", "serving the model: the deployment phases (inference), per functional unit", {}, fu.amount, fu.unit, ""};
    // Per functional unit of the model's lifetime when the scenario states it; else per trained model.
    boundary provider{"provider",
                      fu.lifetime >= 0 ? "making the model: every other phase (embodied hardware, idle, training, other operational work), "
                                         "amortised over the functional units of the model's lifetime"
                                       : "making the model: every other phase (embodied hardware, idle, training, other operational work), "
                                         "per trained model (the scenario states no functional_unit.lifetime to amortise it over)",
                      {}, fu.lifetime >= 0 ? fu.lifetime : g.constant(1.0, dims::none), fu.lifetime >= 0 ? fu.unit : "trained model", ""};
    for (std::size_t i = 0; i < m.phases.size(); ++i) (detail::kind_of(m.phases[i].kind).deployment ? consumer : provider).phases.push_back(i);
    if (provider.phases.empty()) provider.why_not = "the scenario has no phase besides its deployment";

    auto add = [&](int a, int b) { return a < 0 ? b : b < 0 ? a : g.add(a, b); };
    std::vector<quantity_nodes> nodes;
    std::vector<int> sampled;
    for (const boundary& b : {consumer, provider}) {
        quantity_nodes q;
        if (b.why_not.empty()) {
            int carbon_sum = -1;
            for (const std::size_t i : b.phases) {
                const phase_model& p = m.phases[i];
                q.e = add(q.e, p.outputs[*energy]);
                carbon_sum = add(carbon_sum, p.outputs[*carbon]);
                q.m = add(q.m, p.embodied[*carbon]);
                // A deployment without its serving hardware has an M that is not assessed.
                const bool amortises = std::any_of(p.steps.begin(), p.steps.end(), [](const named_node& st) { return st.name == "amortised_share"; });
                if (detail::kind_of(p.kind).deployment && !amortises) q.m_missing = true;
                q.m_any = q.m_any || amortises;
                if (m.gaps[i][*carbon]) q.partial = true;
            }
            if (q.e < 0) q.e = g.constant(0.0, dims::energy);
            if (q.m < 0) q.m = g.constant(0.0, dims::carbon);
            q.o = g.sub(carbon_sum, q.m);
            q.sci = g.div(carbon_sum, b.r);
            for (const int n : {q.e, q.o, q.m, b.r, q.sci}) sampled.push_back(n);
        }
        nodes.push_back(q);
    }
    Eigen::ArrayXXd samples;
    if (!sampled.empty()) sample_nodes(m, sampled, options.run, samples);
    const std::vector<double> nominal = evaluate_point(g, sampled, m.nominal_inputs());
    auto stats = [&](std::size_t column, double scale, const std::string& unit, const char* status) {
        std::vector<double> v(samples.col(static_cast<Eigen::Index>(column)).data(),
                              samples.col(static_cast<Eigen::Index>(column)).data() + samples.rows());
        for (double& x : v) x *= scale;
        return fmt::format("{{\"unit\": {}, \"nominal\": {}, \"p05\": {}, \"p50\": {}, \"p95\": {}{}}}", json_quoted(unit),
                           json_number(nominal[column] * scale), json_number(quantile(v, 0.05)), json_number(quantile(v, 0.5)),
                           json_number(quantile(v, 0.95)), status ? fmt::format(", \"status\": \"{}\"", status) : "");
    };
    const double kwh = 3.6e6, gram = 1e-3;
    std::string out = fmt::format("{{\n  \"specification\": \"Software Carbon Intensity, ISO/IEC 21031:2024: SCI = (E × I + M) per R, "
                                  "location-based; boundaries after the Green Software Foundation's SCI for AI\",\n"
                                  "  \"scenario\": {},\n  \"samples\": {},\n  \"seed\": {},\n  \"functional_unit\": {},\n  \"boundaries\": {{",
                                  json_quoted(m.name), options.run.samples, options.run.seed, json_quoted(fu.unit));
    std::size_t column = 0;
    for (std::size_t b = 0; b < 2; ++b) {
        const boundary& bd = b == 0 ? consumer : provider;
        const quantity_nodes& q = nodes[b];
        std::string phases;
        for (const std::size_t i : bd.phases) phases += (phases.empty() ? "" : ", ") + json_quoted(m.phases[i].name);
        out += fmt::format("{}\n    {}: {{\n      \"description\": {},\n      \"phases\": [{}],\n", b ? "," : "", json_quoted(bd.name),
                           json_quoted(bd.description), phases);
        if (!bd.why_not.empty()) {
            out += fmt::format("      \"status\": \"not-assessed\",\n      \"why\": {}\n    }}", json_quoted(bd.why_not));
            continue;
        }
        const char* partial = q.m_missing || q.partial ? "partial" : "complete";
        const double e_nominal = nominal[column];
        const std::string i_text =
            e_nominal > 0.0 ? fmt::format("{{\"unit\": \"gCO2e/kWh\", \"nominal\": {}}}", json_number(nominal[column + 1] / e_nominal * kwh / gram))
                            : std::string("null");
        out += fmt::format("      \"E\": {},\n      \"I\": {},\n      \"M\": {},\n      \"R\": {},\n      \"SCI\": {},\n", stats(column, 1.0 / kwh, "kWh", nullptr),
                           i_text,
                           // What is amortised of the hardware named; partial where a deployment phase names none.
                           q.m_missing && !q.m_any
                               ? std::string("{\"unit\": \"gCO2e\", \"status\": \"not-assessed\", \"why\": \"the deployment names no serving hardware to amortise\"}")
                               : stats(column + 2, 1.0 / gram, "gCO2e", q.m_missing || q.partial ? "partial" : "complete"),
                           stats(column + 3, 1.0, bd.r_unit, nullptr), stats(column + 4, 1.0 / gram, "gCO2e per " + bd.r_unit, partial));
        std::string why;
        if (q.m_missing) why += json_quoted("a deployment phase names no serving hardware: its manufacture is not in M");
        if (q.partial) why += std::string(why.empty() ? "" : ", ") + json_quoted("a phase misses a contribution to carbon (the run's coverage lists it)");
        out += fmt::format("      \"status\": \"{}\"{}\n    }}", partial, why.empty() ? "" : fmt::format(",\n      \"why_partial\": [{}]", why));
        column += 5;
    }
    out += "\n  },\n  \"notes\": [\n    \"I is the operational carbon (E × I = location-based carbon less M) over E: the energy-weighted grid intensity.\",\n"
           "    \"E is energy at the meter (PUE included). A partial SCI is a lower bound: a contribution is not assessed.\"\n  ]\n}\n";
    return out;
}

}  // namespace kaya

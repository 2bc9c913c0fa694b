// From a phase's flows to every indicator: the sum of each indicator's terms, flow × factor.
// A term whose flow the phase does not have is a true zero; one whose factor no source
// gives is not assessed, and listed in the model's coverage.
#include <fmt/format.h>

#include "model/compiler.hpp"

namespace kaya::detail {

void compiler::characterise(const phase_spec& spec, phase_context& ctx, phase_model& out) {
    graph& g = m.nodes;
    const auto& indicators = m.indicators;
    out.outputs.assign(indicators.size(), -1);
    out.embodied.assign(indicators.size(), -1);
    // What each indicator is, before the sum: zero (nothing it characterises happens in the
    // phase), a node, or not assessed.
    enum class state { zero, value, missing };
    std::vector<state> states(indicators.size(), state::zero);
    auto flow_node = [&](flow f) {
        if (f != flow::overhead) return ctx.flow_node(f);
        const int it = ctx.flow_node(flow::it_energy), meter = ctx.flow_node(flow::electricity);
        return it < 0 || meter < 0 ? -1 : g.sub(meter, it);
    };
    auto gap = [&](const indicator& ind, const std::string& missing, const std::string& why) {
        m.coverage.push_back({ind.key, spec.name, missing, why});
    };
    // Parts first, then the wholes that sum them.
    for (const bool wholes : {false, true}) {
        for (std::size_t k = 0; k < indicators.size(); ++k) {
            const indicator& ind = indicators[k];
            if (ind.terms.empty() != wholes) continue;
            int sum = -1, embodied = -1;  // embodied: the terms of manufacture, for SCI's M
            bool missing = false;
            auto add_embodied = [&](int term) { embodied = embodied < 0 ? term : g.add(embodied, term); };
            std::string equation;  // the terms that are assessed, by name
            auto add = [&](int term, const std::string& text) {
                sum = sum < 0 ? term : g.add(sum, term);
                equation += (equation.empty() ? "" : " + ") + text;
            };
            if (wholes) {
                for (std::size_t d = 0; d < indicators.size(); ++d) {
                    if (indicators[d].detail_of != ind.key) continue;
                    if (states[d] == state::missing) missing = true;
                    else if (states[d] == state::value) {
                        add(out.outputs[d], indicators[d].key);
                        if (out.embodied[d] >= 0) add_embodied(out.embodied[d]);
                    }
                }
            }
            for (const auto& t : ind.terms) {
                const int f = flow_node(t.source);
                if (f < 0) continue;
                // The flows by the names of the steps that compute them.
                const char* flow_text = t.source == flow::electricity ? "energy"
                                        : t.source == flow::it_energy ? "it_energy"
                                        : t.source == flow::overhead  ? "(energy − it_energy)"
                                                                      : "amortised_share";
                if (t.factor.empty()) {
                    add(f, flow_text);
                    continue;
                }
                const bool hardware = t.source == flow::manufacture;
                const std::optional<located_text>& ref = hardware ? spec.hardware : spec.site;
                const char* section = hardware ? "hardware" : "site";
                const entity* e = ref ? &find_entity(section, *ref) : nullptr;
                auto factor = [&](const std::string& name) { return hardware ? ctx.hardware(name) : ctx.site(name); };
                if (e && (t.required || entity_has(section, *e, t.factor))) {
                    const int term = g.mul(f, factor(t.factor));
                    add(term, fmt::format("{} × {}", flow_text, t.factor));
                    if (hardware) add_embodied(term);
                } else if (e && !t.otherwise.empty() && entity_has(section, *e, t.otherwise)) {
                    // The fallback, less the share it leaves out (carbon-free energy bought).
                    int x = factor(t.otherwise);
                    std::string text = t.otherwise;
                    if (!t.less_share.empty() && entity_has(section, *e, t.less_share)) {
                        x = g.mul(x, g.sub(g.constant(1.0, dims::none), factor(t.less_share)));
                        text = fmt::format("{} × (1 − {})", t.otherwise, t.less_share);
                    }
                    const int term = g.mul(f, x);
                    add(term, fmt::format("{} × {}", flow_text, text));
                    if (hardware) add_embodied(term);
                } else {
                    // Not a zero: the contribution exists, but no source gives its factor.
                    missing = true;
                    const std::string what = fmt::format("{} of {} '{}'", t.factor, section, ref ? ref->text : "");
                    const catalog_kind from = supplier(section, t.factor);
                    gap(ind, what, fmt::format("neither the scenario nor its catalogue {} gives it", from == catalog_kind::hardware ? "model"
                                                                                                   : from == catalog_kind::grids ? "grid" : "data centre"));
                    warn("not-assessed", fmt::format("{} is not given: {} ({}) is not assessed where it is used", what, ind.name, ind.key));
                }
            }
            if (sum >= 0) {
                states[k] = state::value;
                out.outputs[k] = ctx.step(ind.key, sum, equation);
                out.embodied[k] = embodied;
            } else if (missing) {
                states[k] = state::missing;
            } else {
                out.outputs[k] = ctx.step(ind.key, g.constant(0.0, ind.dim), "0 (nothing it characterises happens in this phase)");
            }
        }
    }
}

}  // namespace kaya::detail

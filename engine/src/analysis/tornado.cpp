#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "kaya/analysis/sensitivity.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/model/evaluate.hpp"

namespace kaya {

int output_node(const model& m, criterion c, const std::string& phase, const std::string& stage) {
    if (!phase.empty() && !stage.empty()) throw input_error::invalid_option("stage", "give a phase or a stage to analyse, not both");
    if (!stage.empty()) {
        std::string names;
        for (const auto& s : m.stages) {
            if (s.name == stage) return s.output(c);
            names += (names.empty() ? "" : ", ") + s.name;
        }
        const bool is_phase = std::any_of(m.phases.begin(), m.phases.end(), [&](const phase_model& p) { return p.name == stage; });
        throw input_error::invalid_option("stage", fmt::format("no stage '{}' in scenario '{}'; its stages: {}{}", stage, m.name,
                                                                 names.empty() ? "none" : names,
                                                                 is_phase ? fmt::format("; '{}' is a phase: analyse it as a phase", stage) : ""));
    }
    if (phase.empty()) return m.total(c);
    std::string names;
    for (const auto& p : m.phases) {
        if (p.name == phase) return p.output(c);
        names += (names.empty() ? "" : ", ") + p.name;
    }
    // A stage of that name is what was meant; the other way round likewise.
    const bool is_stage = std::any_of(m.stages.begin(), m.stages.end(), [&](const stage_model& s) { return s.name == phase; });
    throw input_error::invalid_option("phase", fmt::format("no phase '{}' in scenario '{}'; its phases: {}{}", phase, m.name, names,
                                                           is_stage ? fmt::format("; '{}' is a stage: analyse it as a stage", phase) : ""));
}

std::vector<sensitivity_parameter> uncertain_parameters(const model& m) {
    std::vector<sensitivity_parameter> out;
    for (std::size_t i = 0; i < m.inputs.size(); ++i) {
        auto it = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.name == m.inputs[i].key; });
        if (it == out.end()) out.push_back({m.inputs[i].key, {static_cast<int>(i)}});
        else it->inputs.push_back(static_cast<int>(i));
    }
    return out;
}

tornado_result tornado(const model& m, int node) {
    const std::vector<double> nominal = m.nominal_inputs();
    tornado_result out;
    out.nominal = evaluate_point(m.nodes, {node}, nominal)[0];
    out.dim = m.nodes[node].dim;
    for (const auto& p : uncertain_parameters(m)) {
        const distribution& d = m.inputs[static_cast<std::size_t>(p.inputs.front())].dist;
        tornado_bar bar{p.name, d.quantile(0.05), d.quantile(0.95), m.inputs[static_cast<std::size_t>(p.inputs.front())].unit};
        for (const bool high : {false, true}) {
            std::vector<double> x = nominal;
            for (const int i : p.inputs) x[static_cast<std::size_t>(i)] = high ? bar.high_value : bar.low_value;
            (high ? bar.output_high : bar.output_low) = evaluate_point(m.nodes, {node}, x)[0];
        }
        bar.swing = std::abs(bar.output_high - bar.output_low);
        out.bars.push_back(std::move(bar));
    }
    std::stable_sort(out.bars.begin(), out.bars.end(), [](const tornado_bar& a, const tornado_bar& b) { return a.swing > b.swing; });
    return out;
}

}  // namespace kaya

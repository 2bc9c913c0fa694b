#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include "kaya/analysis/sensitivity.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/model/evaluate.hpp"
#include "errors/suggest.hpp"

namespace kaya {

namespace {

int output_of(const model& m, std::size_t c, const std::string& phase, const std::string& stage) {
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

}  // namespace

int output_node(const model& m, std::string_view key, const std::string& phase, const std::string& stage) {
    if (!phase.empty() && !stage.empty()) throw input_error::invalid_option("stage", "give a phase or a stage to analyse, not both");
    const auto c = m.indicator_index(key);
    if (!c) {
        std::vector<std::string> keys;
        for (const auto& i : m.indicators) keys.push_back(i.key);
        throw input_error::invalid_option("category", fmt::format("no category '{}' in scenario '{}'; its categories: {}", key, m.name,
                                                                    detail::listing(keys)));
    }
    const int node = output_of(m, *c, phase, stage);
    if (node < 0) {
        const std::string what = !phase.empty() ? fmt::format("phase '{}'", phase) : !stage.empty() ? fmt::format("stage '{}'", stage) : "the total";
        throw input_error::invalid_option("category", fmt::format("{} of {} is not assessed: no source gives a factor it needs "
                                                                  "(see the run's coverage)", key, what));
    }
    return node;
}

sensitivity_output sensitivity_output_of(const model& m, const std::string& key, const std::string& phase, const std::string& stage) {
    const std::string output = !key.empty() ? key : m.indicators[*m.carbon()].key;
    sensitivity_output out;
    out.node = output_node(m, output, phase, stage);
    const std::size_t k = *m.indicator_index(output);
    const indicator& u = m.indicators[k];
    bool partial = !stage.empty() ? m.stage_has_gap(k, stage) : m.has_gap(k);
    for (std::size_t i = 0; i < m.phases.size() && !phase.empty(); ++i)
        if (m.phases[i].name == phase) partial = m.has_gap(k, static_cast<int>(i));
    const std::string name = u.accounting.empty() || u.label.find(u.accounting) != std::string::npos
                                 ? u.label
                                 : fmt::format("{} ({}-based)", u.label, u.accounting);
    out.target = {m.name, stage.empty() ? phase : "stage " + stage, u.key, name, u.unit, u.per_base, partial};
    return out;
}

tornado_result tornado(const model& m, int node) {
    const std::vector<sensitivity_parameter> parameters = uncertain_parameters(m);
    tornado_result out;
    out.nominal = evaluate_point(m.nodes, {node}, nominal_design(m))[0];
    out.dim = m.nodes[node].dim;
    for (const auto& p : parameters) {
        const model_input& in = m.inputs[static_cast<std::size_t>(p.inputs.front())];
        out.bars.push_back({p.name, in.dist.quantile(0.05), in.dist.quantile(0.95), in.unit});
    }
    std::vector<double> low, high;
    for (const auto& bar : out.bars) {
        low.push_back(bar.low_value);
        high.push_back(bar.high_value);
    }
    const Eigen::ArrayXd result = one_at_a_time(m, node, parameters, low, high);
    for (std::size_t k = 0; k < out.bars.size(); ++k) {
        tornado_bar& bar = out.bars[k];
        bar.output_low = result(static_cast<Eigen::Index>(2 * k));
        bar.output_high = result(static_cast<Eigen::Index>(2 * k + 1));
        bar.swing = std::abs(bar.output_high - bar.output_low);
    }
    std::stable_sort(out.bars.begin(), out.bars.end(), [](const tornado_bar& a, const tornado_bar& b) { return a.swing > b.swing; });
    return out;
}

}  // namespace kaya

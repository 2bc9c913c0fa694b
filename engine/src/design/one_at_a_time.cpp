// The one-at-a-time design (tornado): each parameter at two values, the others nominal.
#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "kaya/design/design.hpp"
#include "kaya/model/evaluate.hpp"

namespace kaya {

std::vector<sensitivity_parameter> uncertain_parameters(const model& m) {
    std::vector<sensitivity_parameter> out;
    std::unordered_map<std::string_view, std::size_t> index;  // name -> place in out
    for (std::size_t i = 0; i < m.inputs.size(); ++i) {
        const auto [it, inserted] = index.emplace(m.inputs[i].key, out.size());
        if (inserted) out.push_back({m.inputs[i].key, {static_cast<int>(i)}});
        else out[it->second].inputs.push_back(static_cast<int>(i));
    }
    return out;
}

Eigen::ArrayXd one_at_a_time(const model& m, int node, const std::vector<sensitivity_parameter>& parameters,
                             const std::vector<double>& low, const std::vector<double>& high) {
    const std::vector<double> nominal = nominal_design(m);
    // Every parameter's two points as rows of batches, through one evaluator: row 2k is
    // parameter k at `low`, row 2k + 1 at `high`, every other input nominal. Building an
    // evaluator per point would cost the whole graph's preparation 2 x parameters times.
    const Eigen::Index points = static_cast<Eigen::Index>(2 * parameters.size());
    evaluator e(m.nodes, {node}, std::min<Eigen::Index>(std::max<Eigen::Index>(points, 1), 256));
    Eigen::ArrayXXd result(std::max<Eigen::Index>(points, 1), 1);
    for (Eigen::Index first = 0; first < points; first += e.batch()) {
        const Eigen::Index n = std::min(e.batch(), points - first);
        for (std::size_t k = 0; k < nominal.size(); ++k)
            if (e.uses_input(static_cast<int>(k))) std::fill_n(e.input_buffer(static_cast<int>(k)), n, nominal[k]);
        for (Eigen::Index row = 0; row < n; ++row) {
            const std::size_t point = static_cast<std::size_t>(first + row);
            const double value = point % 2 == 0 ? low[point / 2] : high[point / 2];
            for (const int i : parameters[point / 2].inputs) e.input_buffer(i)[row] = value;
        }
        e.run(n, result, first);
    }
    return result.col(0).head(points);
}

}  // namespace kaya

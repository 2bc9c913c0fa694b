#include "mlca/model/evaluate.hpp"

namespace mlca {

evaluator::evaluator(const graph& g, std::vector<int> outputs, Eigen::Index batch)
    : graph_(g), outputs_(std::move(outputs)), batch_(batch), work_(batch, g.size()) {
    // Only the nodes the outputs depend on are computed; constants are filled once.
    std::vector<char> needed(static_cast<std::size_t>(g.size()), 0);
    for (const int o : outputs_) needed[static_cast<std::size_t>(o)] = 1;
    for (int i = g.size() - 1; i >= 0; --i) {
        if (!needed[static_cast<std::size_t>(i)]) continue;
        const graph_node& n = g[i];
        if (n.a >= 0) needed[static_cast<std::size_t>(n.a)] = 1;
        if (n.b >= 0) needed[static_cast<std::size_t>(n.b)] = 1;
    }
    for (int i = 0; i < g.size(); ++i) {
        if (!needed[static_cast<std::size_t>(i)]) continue;
        if (g[i].op == graph_op::constant) work_.col(i).setConstant(g[i].value);
        else active_.push_back(i);
    }
}

void evaluator::run(const Eigen::ArrayXXd& inputs, Eigen::ArrayXXd& out, Eigen::Index first_row) {
    const Eigen::Index n = inputs.rows();
    for (const int i : active_) {
        const graph_node& node = graph_[i];
        auto r = work_.col(i).head(n);
        const auto x = work_.col(node.a >= 0 ? node.a : 0).head(n);
        const auto y = work_.col(node.b >= 0 ? node.b : 0).head(n);
        switch (node.op) {
            case graph_op::input: r = inputs.col(node.input); break;
            case graph_op::add: r = x + y; break;
            case graph_op::sub: r = x - y; break;
            case graph_op::mul: r = x * y; break;
            case graph_op::div: r = x / y; break;
            case graph_op::neg: r = -x; break;
            case graph_op::pow: r = x.pow(y); break;
            case graph_op::sqrt: r = x.sqrt(); break;
            case graph_op::exp: r = x.exp(); break;
            case graph_op::log: r = x.log(); break;
            case graph_op::sin: r = x.sin(); break;
            case graph_op::cos: r = x.cos(); break;
            case graph_op::min: r = x.min(y); break;
            case graph_op::max: r = x.max(y); break;
            case graph_op::constant: break;
        }
    }
    for (std::size_t k = 0; k < outputs_.size(); ++k) {
        out.col(static_cast<Eigen::Index>(k)).segment(first_row, n) = work_.col(outputs_[k]).head(n);
    }
}

std::vector<double> evaluate_point(const graph& g, const std::vector<int>& outputs,
                                   const std::vector<double>& inputs) {
    evaluator e(g, outputs, 1);
    Eigen::ArrayXXd in(1, static_cast<Eigen::Index>(inputs.size()));
    for (std::size_t i = 0; i < inputs.size(); ++i) in(0, static_cast<Eigen::Index>(i)) = inputs[i];
    Eigen::ArrayXXd out(1, static_cast<Eigen::Index>(outputs.size()));
    e.run(in, out);
    return {out.data(), out.data() + out.size()};
}

}  // namespace mlca

#include "kaya/model/evaluate.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <unordered_map>

namespace kaya {

// The plan: only the nodes the outputs need are evaluated, in graph order. The inputs in use
// have columns of their own, and so do the constants in use, one per distinct value; an
// operation that is an output is computed straight into its rows of the output matrix; any
// other operation takes a free column and gives its operands' columns back after their last
// use. Memory is therefore batch x (inputs and constants in use + the widest set of live
// intermediate values), not batch x nodes: an input no output needs costs no column.
evaluator::evaluator(const graph& g, std::vector<int> outputs, Eigen::Index batch)
    : graph_(g), outputs_(std::move(outputs)), batch_(batch) {
    const auto size = static_cast<std::size_t>(g.size());
    std::vector<char> needed(size, 0);
    for (const int o : outputs_) needed[static_cast<std::size_t>(o)] = 1;
    for (int i = g.size() - 1; i >= 0; --i) {
        if (!needed[static_cast<std::size_t>(i)]) continue;
        if (g[i].a >= 0) needed[static_cast<std::size_t>(g[i].a)] = 1;
        if (g[i].b >= 0) needed[static_cast<std::size_t>(g[i].b)] = 1;
    }
    std::vector<int> last_use(size, -1);
    for (int i = 0; i < g.size(); ++i) {
        if (!needed[static_cast<std::size_t>(i)]) continue;
        if (g[i].a >= 0) last_use[static_cast<std::size_t>(g[i].a)] = i;
        if (g[i].b >= 0) last_use[static_cast<std::size_t>(g[i].b)] = i;
    }
    column_.assign(size, -1);
    home_.assign(size, -1);
    // An output asked for twice is computed into its first place and copied to the others.
    for (std::size_t k = outputs_.size(); k-- > 0;) home_[static_cast<std::size_t>(outputs_[k])] = static_cast<int>(k);
    int columns = 0;
    std::vector<int> free_columns;
    std::unordered_map<std::uint64_t, int> constant_columns;  // by the value's bits
    for (int i = 0; i < g.size(); ++i) {
        const graph_node& n = g[i];
        if (n.op == graph_op::input) {
            if (static_cast<int>(input_column_.size()) <= n.input) input_column_.resize(static_cast<std::size_t>(n.input) + 1, -1);
            if (!needed[static_cast<std::size_t>(i)]) continue;
            // An input is also an output when a caller asks for it; it keeps its own column.
            home_[static_cast<std::size_t>(i)] = -1;
            input_column_[static_cast<std::size_t>(n.input)] = column_[static_cast<std::size_t>(i)] = columns++;
            continue;
        }
        if (!needed[static_cast<std::size_t>(i)]) continue;
        if (n.op == graph_op::constant) {
            home_[static_cast<std::size_t>(i)] = -1;
            const auto [it, added] = constant_columns.emplace(std::bit_cast<std::uint64_t>(n.value), columns);
            if (added) {
                ++columns;
                constants_.push_back(i);
            }
            column_[static_cast<std::size_t>(i)] = it->second;
            continue;
        }
        const bool is_output = home_[static_cast<std::size_t>(i)] >= 0;
        int column = -1;
        if (is_output) {
            // Lives in the output matrix.
        } else if (free_columns.empty()) {
            column = columns++;
        } else {
            column = free_columns.back();
            free_columns.pop_back();
        }
        // Operands are freed after the column is chosen, so the result never overwrites them.
        const int operands[] = {n.a, n.b == n.a ? -1 : n.b};
        for (const int operand : operands) {
            if (operand < 0 || last_use[static_cast<std::size_t>(operand)] != i) continue;
            const graph_op op = g[operand].op;
            if (op != graph_op::input && op != graph_op::constant && home_[static_cast<std::size_t>(operand)] < 0) {
                free_columns.push_back(column_[static_cast<std::size_t>(operand)]);
            }
        }
        column_[static_cast<std::size_t>(i)] = column;
        active_.push_back(i);
    }
    // A column for the draws of inputs that the graph does not use.
    scratch_column_ = columns++;
    // Rows enough for the batch asked for, within max_work_values: a graph of many live
    // columns evaluates in shorter batches rather than in more memory (draws do not depend
    // on the batch size, so neither do results).
    batch_ = std::clamp<Eigen::Index>(max_work_values / columns, 1, std::max<Eigen::Index>(batch, 1));
    work_.resize(batch_, columns);
    for (const int c : constants_) work_.col(column_[static_cast<std::size_t>(c)]).setConstant(g[c].value);
}

bool evaluator::uses_input(int k) const noexcept {
    return static_cast<std::size_t>(k) < input_column_.size() && input_column_[static_cast<std::size_t>(k)] >= 0;
}

double* evaluator::input_buffer(int k) {
    const bool used = static_cast<std::size_t>(k) < input_column_.size() && input_column_[static_cast<std::size_t>(k)] >= 0;
    return work_.col(used ? input_column_[static_cast<std::size_t>(k)] : scratch_column_).data();
}

void evaluator::run(const Eigen::ArrayXXd& inputs, Eigen::ArrayXXd& out, Eigen::Index first_row) {
    for (Eigen::Index k = 0; k < inputs.cols(); ++k) {
        std::copy_n(inputs.col(k).data(), inputs.rows(), input_buffer(static_cast<int>(k)));
    }
    run(inputs.rows(), out, first_row);
}

void evaluator::run(Eigen::Index n, Eigen::ArrayXXd& out, Eigen::Index first_row) {
    // Where each node's values are this batch: its output rows, or its work column.
    auto data = [&](int node) -> double* {
        const int home = home_[static_cast<std::size_t>(node)];
        return home >= 0 ? out.col(home).data() + first_row : work_.col(column_[static_cast<std::size_t>(node)]).data();
    };
    for (const int i : active_) {
        const graph_node& node = graph_[i];
        apply_columns(node.op, data(i), data(node.a), node.b >= 0 ? data(node.b) : data(node.a), n);
    }
    // Outputs computed elsewhere: inputs, constants, and a node asked for twice.
    for (std::size_t k = 0; k < outputs_.size(); ++k) {
        const int node = outputs_[k];
        if (home_[static_cast<std::size_t>(node)] == static_cast<int>(k)) continue;
        out.col(static_cast<Eigen::Index>(k)).segment(first_row, n) = Eigen::Map<const Eigen::ArrayXd>(data(node), n);
    }
}

void apply_columns(graph_op op, double* r_data, const double* x_data, const double* y_data, Eigen::Index n) {
    Eigen::Map<Eigen::ArrayXd> r(r_data, n);
    const Eigen::Map<const Eigen::ArrayXd> x(x_data, n), y(y_data, n);
    switch (op) {
        case graph_op::add: r = x + y; break;
        case graph_op::sub: r = x - y; break;
        case graph_op::mul: r = x * y; break;
        case graph_op::div: r = x / y; break;
        case graph_op::neg: r = -x; break;
        case graph_op::pow: r = x.pow(y); break;
        case graph_op::sqrt: r = x.sqrt(); break;
        // Eigen's vectorised exp and log differ from the scalar ones in the last bit for some
        // inputs, and which elements take which path depends on alignment and length, so on
        // the batch: element by element, a sample is the same whatever batch it is in.
        case graph_op::exp: r = x.unaryExpr([](double v) { return std::exp(v); }); break;
        case graph_op::log: r = x.unaryExpr([](double v) { return std::log(v); }); break;
        case graph_op::sin: r = x.sin(); break;
        case graph_op::cos: r = x.cos(); break;
        case graph_op::min: r = x.min(y); break;
        case graph_op::max: r = x.max(y); break;
        case graph_op::input:
        case graph_op::constant: break;
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

}  // namespace kaya

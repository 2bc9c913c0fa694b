#include "kaya/model/graph.hpp"

#include <algorithm>

#include <cmath>

namespace kaya {

int graph::push(const graph_node& node) {
    nodes_.push_back(node);
    return size() - 1;
}

double apply(graph_op op, double a, double b) {
    switch (op) {
        case graph_op::add: return a + b;
        case graph_op::sub: return a - b;
        case graph_op::mul: return a * b;
        case graph_op::div: return a / b;
        case graph_op::neg: return -a;
        case graph_op::pow: return std::pow(a, b);
        case graph_op::sqrt: return std::sqrt(a);
        case graph_op::exp: return std::exp(a);
        case graph_op::log: return std::log(a);
        case graph_op::sin: return std::sin(a);
        case graph_op::cos: return std::cos(a);
        case graph_op::min: return std::fmin(a, b);
        case graph_op::max: return std::fmax(a, b);
        case graph_op::constant:
        case graph_op::input: break;
    }
    return a;
}

int graph::constant(double value, dimension dim) {
    return push({graph_op::constant, -1, -1, value, -1, dim});
}

int graph::input(int index, dimension dim) { return push({graph_op::input, -1, -1, 0.0, index, dim}); }

int graph::binary(graph_op op, int a, int b, dimension dim) {
    const bool unary_op = b < 0;
    if (is_constant(a) && (unary_op || is_constant(b))) {
        return constant(apply(op, (*this)[a].value, unary_op ? 0.0 : (*this)[b].value), dim);
    }
    return push({op, a, b, 0.0, -1, dim});
}

int graph::mul(int a, int b) { return binary(graph_op::mul, a, b, (*this)[a].dim * (*this)[b].dim); }
int graph::div(int a, int b) { return binary(graph_op::div, a, b, (*this)[a].dim / (*this)[b].dim); }
int graph::neg(int a) { return binary(graph_op::neg, a, -1, (*this)[a].dim); }

int graph::add(int a, int b) {
    if ((*this)[a].dim != (*this)[b].dim) return -1;
    return binary(graph_op::add, a, b, (*this)[a].dim);
}
int graph::sub(int a, int b) {
    if ((*this)[a].dim != (*this)[b].dim) return -1;
    return binary(graph_op::sub, a, b, (*this)[a].dim);
}
int graph::min(int a, int b) {
    if ((*this)[a].dim != (*this)[b].dim) return -1;
    return binary(graph_op::min, a, b, (*this)[a].dim);
}
int graph::max(int a, int b) {
    if ((*this)[a].dim != (*this)[b].dim) return -1;
    return binary(graph_op::max, a, b, (*this)[a].dim);
}

int graph::pow(int a, int b) {
    const graph_node& exponent = (*this)[b];
    if (!exponent.dim.dimensionless()) return -1;
    const dimension base = (*this)[a].dim;
    if (base.dimensionless()) return binary(graph_op::pow, a, b, base);
    if (!is_constant(b)) return -1;
    const double e = exponent.value;
    if (e != std::round(e) || std::abs(e) > max_unit_power) return -1;
    return binary(graph_op::pow, a, b, base.pow(static_cast<int>(e)));
}

int graph::unary(graph_op op, int a) {
    const dimension d = (*this)[a].dim;
    if (op == graph_op::sqrt) {
        for (std::size_t i = 0; i < base_dimension_count; ++i) {
            if (d.exponent(static_cast<base_dimension>(i)) % 2 != 0) return -1;
        }
        dimension half;
        for (std::size_t i = 0; i < base_dimension_count; ++i) {
            const auto base = static_cast<base_dimension>(i);
            half = half * dimension::of(base, d.exponent(base) / 2);
        }
        return binary(op, a, -1, half);
    }
    if (!d.dimensionless()) return -1;
    return binary(op, a, -1, d);
}

std::vector<int> inputs_of(const graph& g, int node) {
    // Operands precede their node, so one backward sweep over a mark per node visits each once.
    std::vector<char> needed(static_cast<std::size_t>(node) + 1, 0);
    needed[static_cast<std::size_t>(node)] = 1;
    std::vector<int> out;
    for (int i = node; i >= 0; --i) {
        if (!needed[static_cast<std::size_t>(i)]) continue;
        const graph_node& n = g[i];
        if (n.op == graph_op::input) out.push_back(n.input);
        for (const int operand : {n.a, n.b})
            if (operand >= 0) needed[static_cast<std::size_t>(operand)] = 1;
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace kaya

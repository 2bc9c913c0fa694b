#include "model/interval.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kaya::detail {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr interval everything{-inf, inf};

// 0 × ∞ is taken as 0: a zero factor bounds the product whatever the other is.
double product(double a, double b) { return (a == 0.0 || b == 0.0) ? 0.0 : a * b; }

interval mul(interval x, interval y) {
    const double p[] = {product(x.low, y.low), product(x.low, y.high), product(x.high, y.low),
                        product(x.high, y.high)};
    return {*std::min_element(std::begin(p), std::end(p)), *std::max_element(std::begin(p), std::end(p))};
}

interval reciprocal(interval y) {
    // 1/0 is infinite, not a value of the quantity.
    if (y.low <= 0.0 && y.high >= 0.0) return {-inf, inf, true};
    return {1.0 / y.high, 1.0 / y.low};
}

interval monotone(interval x, double (*f)(double)) { return {f(x.low), f(x.high)}; }

interval power(interval x, interval e) {
    // A fractional power of a negative number is undefined.
    if (e.low != e.high) return x.low >= 0.0 ? interval{0.0, inf} : interval{-inf, inf, true};
    const double k = e.low;
    if (x.low >= 0.0) {
        const double a = std::pow(x.low, k), b = std::pow(x.high, k);
        return {std::min(a, b), std::max(a, b)};
    }
    if (k != std::round(k)) return {-inf, inf, true};
    if (k < 0 && x.high >= 0.0) return {-inf, inf, true};  // 1/0 within range
    if (std::fmod(k, 2.0) == 0.0) {
        const double m = std::max(std::abs(x.low), std::abs(x.high));
        return {x.high >= 0.0 ? 0.0 : std::pow(x.high, k), std::pow(m, k)};
    }
    const double a = std::pow(x.low, k), b = std::pow(x.high, k);  // odd: monotone
    return {std::min(a, b), std::max(a, b)};
}

interval step_range(const graph_node& n, const std::vector<interval>& r, interval input_range) {
    const interval x = n.a >= 0 ? r[static_cast<std::size_t>(n.a)] : everything;
    const interval y = n.b >= 0 ? r[static_cast<std::size_t>(n.b)] : everything;
    const bool operands_undefined = (n.a >= 0 && x.undefined) || (n.b >= 0 && y.undefined);
    interval out = everything;
    switch (n.op) {
        case graph_op::constant: out = {n.value, n.value}; break;
        case graph_op::input: out = input_range; break;
        case graph_op::add: out = {x.low + y.low, x.high + y.high}; break;
        case graph_op::sub: out = {x.low - y.high, x.high - y.low}; break;
        case graph_op::mul: out = mul(x, y); break;
        case graph_op::div: {
            const interval inverse = reciprocal(y);
            out = mul(x, inverse);
            out.undefined = inverse.undefined;
            break;
        }
        case graph_op::neg: out = {-x.high, -x.low}; break;
        case graph_op::pow: out = power(x, y); break;
        case graph_op::sqrt:
            out = monotone({std::max(x.low, 0.0), std::max(x.high, 0.0)}, [](double v) { return std::sqrt(v); });
            out.undefined = x.low < 0.0;
            break;
        case graph_op::exp: out = monotone(x, [](double v) { return std::exp(v); }); break;
        case graph_op::log:
            out = monotone({std::max(x.low, 0.0), std::max(x.high, 0.0)}, [](double v) { return std::log(v); });
            out.undefined = x.low <= 0.0;
            break;
        case graph_op::sin:
        case graph_op::cos: out = {-1.0, 1.0}; break;
        case graph_op::min: out = {std::min(x.low, y.low), std::min(x.high, y.high)}; break;
        case graph_op::max: out = {std::max(x.low, y.low), std::max(x.high, y.high)}; break;
    }
    if (std::isnan(out.low) || std::isnan(out.high)) out = {-inf, inf, true};
    out.undefined = out.undefined || operands_undefined;
    return out;
}

}  // namespace

interval support(const distribution& d) {
    switch (d.kind()) {
        case distribution::family::fixed: return {d.a(), d.a()};
        case distribution::family::uniform: return {d.a(), d.b()};
        case distribution::family::triangular: return {d.a(), d.c()};
        case distribution::family::normal: return d.c() > 0.0 ? interval{0.0, inf} : everything;
        case distribution::family::lognormal: return {0.0, inf};
    }
    return everything;
}

interval node_range(const graph& g, const std::vector<interval>& inputs, int target) {
    std::vector<interval> r;
    r.reserve(static_cast<std::size_t>(target) + 1);
    for (int i = 0; i <= target; ++i) {
        const graph_node& n = g[i];
        r.push_back(step_range(n, r, n.op == graph_op::input ? inputs[static_cast<std::size_t>(n.input)] : everything));
    }
    return r.back();
}

interval range_table::of(const graph& g, const std::vector<model_input>& inputs, int node) {
    while (static_cast<int>(ranges_.size()) <= node) {
        const graph_node& n = g[static_cast<int>(ranges_.size())];
        const interval input_range =
            n.op == graph_op::input ? support(inputs[static_cast<std::size_t>(n.input)].dist) : everything;
        ranges_.push_back(step_range(n, ranges_, input_range));
    }
    return ranges_[static_cast<std::size_t>(node)];
}

}  // namespace kaya::detail

#pragma once
//! The computation graph a scenario compiles to: a flat list of nodes in dependency
//! order, each a constant, an uncertain input or an operation on earlier nodes. Every
//! node carries its dimension, checked when it was added; values are in base units.

#include <cstdint>
#include <string>
#include <vector>

#include "kaya/units/dimension.hpp"

namespace kaya {

enum class graph_op : std::uint8_t {
    constant, input, add, sub, mul, div, neg, pow, sqrt, exp, log, sin, cos, min, max,
};

struct graph_node {
    graph_op op = graph_op::constant;
    int a = -1;          //!< first operand (node index)
    int b = -1;          //!< second operand (node index)
    double value = 0.0;  //!< constant: its value; input: unused
    int input = -1;      //!< input: index of the uncertain input
    dimension dim;
};

//! The most nodes a scenario's model may have (docs/reference/limits.md); a formula that
//! would pass it is an invalid-expression error.
inline constexpr std::size_t max_graph_nodes = 500'000;

class graph {
public:
    //! Appends a node whose operands precede it and returns its index.
    int push(const graph_node& node);
    [[nodiscard]] const std::vector<graph_node>& nodes() const noexcept { return nodes_; }
    [[nodiscard]] const graph_node& operator[](int i) const { return nodes_[static_cast<std::size_t>(i)]; }
    [[nodiscard]] int size() const noexcept { return static_cast<int>(nodes_.size()); }
    [[nodiscard]] bool is_constant(int i) const { return (*this)[i].op == graph_op::constant; }

    //! Builders: check dimensions (the caller reports mismatches with a location) and fold
    //! constants. `mul`, `div` and `neg` always succeed; the others return -1 on a
    //! dimension error.
    int constant(double value, dimension dim);
    int input(int index, dimension dim);
    int mul(int a, int b);
    int div(int a, int b);
    int neg(int a);
    int add(int a, int b);
    int sub(int a, int b);
    int min(int a, int b);
    int max(int a, int b);
    //! `a ^ b`: b must be a dimensionless constant, and an integer when a has a dimension.
    int pow(int a, int b);
    //! sqrt of a quantity whose exponents are even; exp, log, sin and cos of a number.
    int unary(graph_op op, int a);

private:
    int binary(graph_op op, int a, int b, dimension dim);
    std::vector<graph_node> nodes_;
};

//! The uncertain inputs (indices into model::inputs) that node `node` depends on, ascending.
[[nodiscard]] std::vector<int> inputs_of(const graph& g, int node);

//! Applies a scalar operation (for constant folding and for reference evaluation).
[[nodiscard]] double apply(graph_op op, double a, double b);

}  // namespace kaya

#pragma once
// Interval arithmetic over the graph: the range every node can take, given the support of
// each uncertain input. Used to check, once at compile time, that a field whose value is a
// formula or an uncertain parameter cannot leave its admissible range (a PUE below 1, a
// negative energy). The bounds are exact for monotone chains and conservative otherwise.
#include <vector>

#include "kaya/model/model.hpp"

namespace kaya::detail {

struct interval {
    double low;
    double high;
    //! Some values in range are outside an operation's domain (the square root of a
    //! negative number, the logarithm of zero): the result can be NaN or infinite.
    bool undefined = false;
};

//! The support of a distribution: [low, mode, high] ranges, [0, inf) for truncated normals
//! and lognormals, the whole line for an untruncated normal.
interval support(const distribution& d);

//! The range of node `target` of `g`, with input i ranging over `inputs[i]`.
interval node_range(const graph& g, const std::vector<interval>& inputs, int target);

//! The ranges of a growing graph's nodes, each computed once: a node's range depends only
//! on the nodes before it and on the support of its input, fixed when the input is made.
class range_table {
public:
    //! The range of `node`, computing those of the nodes before it that are not known yet.
    interval of(const graph& g, const std::vector<model_input>& inputs, int node);

private:
    std::vector<interval> ranges_;
};

}  // namespace kaya::detail

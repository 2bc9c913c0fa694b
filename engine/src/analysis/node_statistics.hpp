#pragma once
// The Monte Carlo statistics of graph nodes, streamed (analysis/statistics.hpp): each
// distinct node sampled once; a constant read off the graph; and a node that is an
// increasing function of another through constants (x·c, x / c with c > 0, x + c, x − c)
// given the other's order statistics mapped through it, which are exactly its own since
// rounding is monotone. Only its mean costs a pass over its samples.

#include <vector>

#include "analysis/statistics.hpp"
#include "kaya/design/design.hpp"
#include "kaya/model/model.hpp"

namespace kaya::detail {

//! The statistics of each of `nodes` over the Monte Carlo design of `options`: the mean and
//! `probabilities`' quantiles over its finite samples. `centred` as column_request::centred
//! (empty: every node).
[[nodiscard]] std::vector<column_statistics> node_statistics(const model& m, const std::vector<int>& nodes, const std::vector<char>& centred,
                                                             const std::vector<double>& probabilities, const run_options& options);

}  // namespace kaya::detail

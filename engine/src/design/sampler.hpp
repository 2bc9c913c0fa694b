#pragma once
// The Monte Carlo design's draws and evaluation, one batch at a time: what sample_nodes
// runs on each thread, and what the streaming statistics pull their samples from.

#include <algorithm>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "kaya/design/design.hpp"
#include "kaya/model/evaluate.hpp"
#include "kaya/model/model.hpp"

namespace kaya::detail {

//! Samples are dealt to threads in units of this many, whatever the number of threads;
//! sums are taken within a unit in sample order and across units in unit order.
inline constexpr long sample_unit = 65'536;

//! The batch a run evaluates together: `options.batch`, but no longer than its samples (a
//! one-sample run needs no 2,048-row columns).
[[nodiscard]] inline Eigen::Index batch_of(const run_options& options) {
    return std::clamp<Eigen::Index>(options.batch, 1, std::max<long>(options.samples, 1));
}

class node_sampler {
public:
    node_sampler(const model& m, const std::vector<int>& nodes, std::uint64_t seed, Eigen::Index batch);

    //! The most samples one call of `fill` takes.
    [[nodiscard]] Eigen::Index batch() const noexcept { return eval_.batch(); }

    //! Writes samples [first, first + count) of every node, count <= batch(), into rows
    //! [row, row + count) of `out`, one column per node.
    void fill(long first, Eigen::Index count, Eigen::ArrayXXd& out, Eigen::Index row);

private:
    const model& m_;
    evaluator eval_;
    std::vector<std::size_t> used_;     // the inputs the nodes depend on
    std::vector<std::uint64_t> keys_;   // their streams
};

}  // namespace kaya::detail

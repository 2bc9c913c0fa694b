#pragma once
//! Evaluation of a graph over a batch of samples, one Eigen column per node
//! (structure of arrays): each operation runs once per batch over contiguous memory.

#include <Eigen/Core>
#include <vector>

#include "mlca/model/graph.hpp"

namespace mlca {

class evaluator {
public:
    //! Prepares to evaluate `outputs` of `g` in batches of at most `batch` samples.
    evaluator(const graph& g, std::vector<int> outputs, Eigen::Index batch);

    //! `inputs` has one column per model input and one row per sample (at most `batch`
    //! rows); writes one column per output into `out`, rows starting at `first_row`.
    void run(const Eigen::ArrayXXd& inputs, Eigen::ArrayXXd& out, Eigen::Index first_row = 0);

    [[nodiscard]] Eigen::Index batch() const noexcept { return batch_; }

private:
    const graph& graph_;
    std::vector<int> outputs_;
    std::vector<int> active_;  // the non-constant nodes the outputs need, in order
    Eigen::Index batch_;
    Eigen::ArrayXXd work_;     // batch x nodes
};

//! Evaluates every output once at the given input values (a batch of one).
[[nodiscard]] std::vector<double> evaluate_point(const graph& g, const std::vector<int>& outputs,
                                                 const std::vector<double>& inputs);

}  // namespace mlca

#pragma once
//! Evaluation of a graph over a batch of samples, one Eigen column per node
//! (structure of arrays): each operation runs once per batch over contiguous memory.

#include <Eigen/Core>
#include <vector>

#include "kaya/model/graph.hpp"

namespace kaya {

class evaluator {
public:
    //! The most values the working columns hold (64 MiB of doubles): docs/reference/limits.md.
    static constexpr Eigen::Index max_work_values = Eigen::Index{1} << 23;

    //! Prepares to evaluate `outputs` of `g` in batches of at most `batch` samples; fewer
    //! (batch()) when batch x the columns in use would pass max_work_values.
    evaluator(const graph& g, std::vector<int> outputs, Eigen::Index batch);

    //! `inputs` has one column per model input and one row per sample (at most `batch`
    //! rows); writes one column per output into `out`, rows starting at `first_row`.
    void run(const Eigen::ArrayXXd& inputs, Eigen::ArrayXXd& out, Eigen::Index first_row = 0);

    //! The buffer of input `k` (length batch()), for callers that draw inputs in place:
    //! fill the first n entries of every input's buffer, then call `run(n, out, first_row)`.
    [[nodiscard]] double* input_buffer(int k);
    void run(Eigen::Index n, Eigen::ArrayXXd& out, Eigen::Index first_row = 0);

    //! Whether the outputs depend on input `k`; the buffer of an input they do not depend on
    //! is scratch, shared by all such inputs, and need not be filled.
    [[nodiscard]] bool uses_input(int k) const noexcept;

    [[nodiscard]] Eigen::Index batch() const noexcept { return batch_; }

private:
    const graph& graph_;
    std::vector<int> outputs_;
    std::vector<int> active_;        // the operations the outputs need, in graph order
    std::vector<int> constants_;     // the constants they use
    std::vector<int> column_;        // node -> column of work_, or -1
    std::vector<int> home_;          // node -> the output it is computed into, or -1
    std::vector<int> input_column_;  // input -> column, or -1 when the graph does not use it
    int scratch_column_ = -1;        // receives the draws of unused inputs
    Eigen::Index batch_;
    Eigen::ArrayXXd work_;           // batch x columns
};

//! One operation of a graph over `n` values, exactly as the evaluator computes it:
//! `r = op(x, y)`, with `y` unused by unary operations (pass `x`); `r` must not overlap
//! `x` or `y`. For callers that evaluate parts of a graph themselves and must agree with
//! the evaluator to the last bit.
void apply_columns(graph_op op, double* r, const double* x, const double* y, Eigen::Index n);

//! Evaluates every output once at the given input values (a batch of one).
[[nodiscard]] std::vector<double> evaluate_point(const graph& g, const std::vector<int>& outputs,
                                                 const std::vector<double>& inputs);

}  // namespace kaya

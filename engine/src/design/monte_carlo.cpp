// The Monte Carlo design: each input's draws from its own stream, through its inverse CDF,
// evaluated in batches.
#include <algorithm>

#include "kaya/design/design.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/model/evaluate.hpp"
#include "kaya/stats/random.hpp"

namespace kaya {

std::vector<double> nominal_design(const model& m) { return m.nominal_inputs(); }

void sample_nodes(const model& m, const std::vector<int>& nodes, const run_options& options, Eigen::ArrayXXd& out) {
    if (options.samples < 1 || options.batch < 1) {
        throw internal_error("run_options: samples and batch must be at least 1");
    }
    const Eigen::Index n = options.samples;
    out.resize(n, static_cast<Eigen::Index>(nodes.size()));
    evaluator eval(m.nodes, nodes, std::min<Eigen::Index>(options.batch, n));
    const Eigen::Index batch = eval.batch();
    // Only the inputs the nodes depend on are drawn: each has a stream of its own, so leaving
    // one out changes no other's draws.
    std::vector<std::size_t> used;
    std::vector<std::uint64_t> keys(m.inputs.size());
    for (std::size_t k = 0; k < m.inputs.size(); ++k) {
        if (!eval.uses_input(static_cast<int>(k))) continue;
        used.push_back(k);
        keys[k] = stream_key(options.seed, m.inputs[k].key);
    }
    for (Eigen::Index first = 0; first < n; first += batch) {
        const Eigen::Index count = std::min(batch, n - first);
        // Draw, then map through the inverse CDF, in place in the evaluator's input columns.
        for (const std::size_t k : used) {
            double* column = eval.input_buffer(static_cast<int>(k));
            uniform_draws(keys[k], static_cast<std::uint64_t>(first), count, column);
            m.inputs[k].dist.quantiles(column, count);
        }
        eval.run(count, out, first);
        if (options.progress) options.progress(first + count, n);
    }
}

}  // namespace kaya

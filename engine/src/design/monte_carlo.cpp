// The Monte Carlo design: each input's draws from its own stream, through its inverse CDF,
// evaluated in batches, units of samples on as many threads as asked.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>

#include "design/parallel.hpp"
#include "design/sampler.hpp"
#include "kaya/design/design.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/stats/random.hpp"

namespace kaya {

void check_sample_count(long n, long lo, long hi, std::string_view subject) {
    if (n < lo || n > hi) throw input_error::invalid_option(subject, fmt::format("{} to {}, not {}", lo, hi, n));
}

std::vector<double> nominal_design(const model& m) { return m.nominal_inputs(); }

namespace detail {

node_sampler::node_sampler(const model& m, const std::vector<int>& nodes, std::uint64_t seed, Eigen::Index batch)
    : m_(m), eval_(m.nodes, nodes, batch), keys_(m.inputs.size()) {
    // Only the inputs the nodes depend on are drawn: each has a stream of its own, so leaving
    // one out changes no other's draws.
    for (std::size_t k = 0; k < m.inputs.size(); ++k) {
        if (!eval_.uses_input(static_cast<int>(k))) continue;
        used_.push_back(k);
        keys_[k] = stream_key(seed, m.inputs[k].key);
    }
}

void node_sampler::fill(long first, Eigen::Index count, Eigen::ArrayXXd& out, Eigen::Index row) {
    // Draw, then map through the inverse CDF, in place in the evaluator's input columns.
    for (const std::size_t k : used_) {
        double* column = eval_.input_buffer(static_cast<int>(k));
        uniform_draws(keys_[k], static_cast<std::uint64_t>(first), count, column);
        m_.inputs[k].dist.quantiles(column, count);
    }
    eval_.run(count, out, row);
}

}  // namespace detail

void sample_nodes(const model& m, const std::vector<int>& nodes, const run_options& options, Eigen::ArrayXXd& out) {
    if (options.samples < 1 || options.samples > max_samples || options.batch < 1) {
        throw internal_error("run_options: samples must be 1 to max_samples and batch at least 1");
    }
    const Eigen::Index n = options.samples;
    out.resize(n, static_cast<Eigen::Index>(nodes.size()));
    const long units = (n + detail::sample_unit - 1) / detail::sample_unit;
    const int threads = static_cast<int>(std::min<long>(detail::thread_count(options.threads), units));
    std::vector<std::unique_ptr<detail::node_sampler>> samplers(static_cast<std::size_t>(threads));
    std::mutex progress_mutex;
    long done = 0;
    // Each unit writes rows of its own.
    detail::parallel_units(units, threads, [&](int worker, long unit) {
        auto& sampler = samplers[static_cast<std::size_t>(worker)];
        if (!sampler) sampler = std::make_unique<detail::node_sampler>(m, nodes, options.seed, std::min<Eigen::Index>(options.batch, n));
        const long begin = unit * detail::sample_unit, end = std::min<long>(n, begin + detail::sample_unit);
        for (long first = begin; first < end; first += sampler->batch()) {
            const Eigen::Index count = std::min<Eigen::Index>(sampler->batch(), end - first);
            sampler->fill(first, count, out, first);
            if (options.progress) {
                const std::lock_guard lock(progress_mutex);
                done += count;
                options.progress(done, n);
            }
        }
    });
}

}  // namespace kaya

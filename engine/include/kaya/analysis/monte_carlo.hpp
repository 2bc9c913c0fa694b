#pragma once
//! Monte Carlo propagation: draw every uncertain input once per sample, evaluate the
//! model over the batch, collect the outputs and summarise them.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "kaya/model/model.hpp"

namespace kaya {

inline constexpr long default_samples = 10'000;
inline constexpr std::uint64_t default_seed = 42;

struct run_options {
    long samples = default_samples;
    std::uint64_t seed = default_seed;
    long batch = 2048;  //!< samples evaluated together
    //! Called after each batch with the samples done and to do, for a front end to show
    //! progress; it must not throw. Results do not depend on it.
    std::function<void(long done, long total)> progress;
};

//! Statistics of one output, in base units.
struct summary {
    double nominal = 0.0;
    double mean = 0.0;
    double p05 = 0.0;
    double p50 = 0.0;
    double p95 = 0.0;
};

struct phase_result {
    std::string name;
    std::string kind;
    std::string stage;   //!< the stage a phase belongs to, empty when none (and for a stage itself)
    summary impacts[3];  //!< per criterion
    double duration = -1.0;  //!< nominal duration [s] when the phase gives one, else negative
    [[nodiscard]] const summary& impact(criterion c) const { return impacts[static_cast<int>(c)]; }
};

//! A catalogue value the run used, with its nominal value in the unit it is reported in.
struct provenance_row {
    std::string quantity;
    std::string catalogue;
    double value = 0.0;
    double p05 = 0.0, p95 = 0.0;  //!< the range it was sampled over, in `unit`
    std::string unit;
    std::vector<std::string> sources;
    std::string year;
};

struct run_result {
    std::string scenario;
    long samples = 0;
    std::uint64_t seed = 0;
    std::vector<phase_result> phases;
    std::vector<phase_result> stages;  //!< subtotals by stage (kind is empty)
    summary total[3];
    std::vector<provenance_row> provenance;
    std::vector<model_warning> warnings;
    std::vector<std::string> overrides;  //!< what-if overrides the scenario file does not show
    //! Deployment parity [s] (model::parity), over the samples where it is finite.
    std::optional<summary> parity;
};

//! The outputs of every phase, every stage and the totals, one column each (phase 0 gwp,
//! energy, water, phase 1 ..., then the stages, then the totals), one row per sample.
[[nodiscard]] Eigen::ArrayXXd sample_outputs(const model& m, const run_options& options);
//! The same into a matrix the caller owns (resized when its shape differs), so that
//! repeated runs need not allocate.
void sample_outputs(const model& m, const run_options& options, Eigen::ArrayXXd& out);
//! The same for any nodes of the model's graph, one column each.
void sample_nodes(const model& m, const std::vector<int>& nodes, const run_options& options, Eigen::ArrayXXd& out);
[[nodiscard]] std::vector<int> output_nodes(const model& m);

//! Nominal evaluation plus Monte Carlo statistics for every phase and the total.
[[nodiscard]] run_result run_monte_carlo(const model& m, const run_options& options);
//! The same from outputs already sampled by `sample_outputs(m, options)`.
[[nodiscard]] run_result summarise(const model& m, const Eigen::ArrayXXd& samples, const run_options& options);

//! Every catalogue value the model uses: its nominal, the p05 – p95 it is sampled over, its
//! year and sources (as run_result::provenance holds them).
[[nodiscard]] std::vector<provenance_row> catalogue_values(const model& m, const run_options& options);

//! The 5th and 95th percentiles of each node [base units]: exact for a constant or an
//! uncertain input (its distribution's quantiles), over the Monte Carlo samples otherwise.
struct node_range {
    double p05 = 0.0, p95 = 0.0;
};
[[nodiscard]] std::vector<node_range> node_ranges(const model& m, const std::vector<int>& nodes, const run_options& options);

//! The p-quantile (0 <= p <= 1) of `values` with linear interpolation between order
//! statistics (Hyndman and Fan type 7, as numpy's default); reorders `values`.
[[nodiscard]] double quantile(std::vector<double>& values, double p);

}  // namespace kaya

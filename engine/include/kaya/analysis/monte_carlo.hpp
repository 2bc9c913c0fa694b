#pragma once
//! Monte Carlo propagation: the outputs of the Monte Carlo design (kaya/design/design.hpp),
//! and their statistics.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "kaya/design/design.hpp"
#include "kaya/model/model.hpp"

namespace kaya {

//! How much of an output is assessed: all of it; what is known of it, some contribution's
//! factor being given by no source (a lower bound); or nothing (never shown as 0).
enum class coverage_status { complete, partial, not_assessed };
[[nodiscard]] const char* status_name(coverage_status s) noexcept;

//! Statistics of one output, in base units; NaN when it is not assessed.
struct summary {
    double nominal = 0.0;
    double mean = 0.0;
    double p05 = 0.0;
    double p50 = 0.0;
    double p95 = 0.0;
    coverage_status status = coverage_status::complete;
    [[nodiscard]] bool assessed() const { return status != coverage_status::not_assessed; }
};
//! The summary of an output that is not assessed.
[[nodiscard]] summary not_assessed();

struct phase_result {
    std::string name;
    std::string kind;
    std::string stage;   //!< the stage a phase belongs to, empty when none (and for a stage itself)
    std::vector<summary> impacts;  //!< per indicator (run_result::indicators)
    double duration = -1.0;  //!< nominal duration [s] when the phase gives one, else negative
    [[nodiscard]] const summary& impact(std::size_t indicator) const { return impacts[indicator]; }
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

//! Every indicator per functional unit (model::functional_unit), with its uncertainty.
struct functional_unit_result {
    std::string unit;   //!< "request", "1000 token", "trained model"
    std::string name;
    bool trained_model = false;
    summary amount;     //!< units served by the deployment phases
    std::optional<summary> lifetime;  //!< units the life cycle is amortised over, when stated
    std::vector<summary> deployment;  //!< per indicator: the deployment phases, per unit
    std::vector<summary> lifecycle;   //!< per indicator: with every other phase amortised; empty without a lifetime
};

//! A phase's measured energy beside its estimate (model::measurements).
struct measurement_result {
    std::string phase;
    std::string format;
    std::string file;
    std::string what;
    std::string location;
    summary energy;                   //!< measured IT energy [J] (ML.ENERGY: per query)
    std::optional<summary> estimate;  //!< the phase's estimate of the same [J]
    //! measured / estimated, at nominal values; and whether the nominal measurement lies within
    //! the estimate's p05 – p95.
    std::optional<double> ratio;
    std::optional<bool> within;
    //! Whether the estimate's nominal lies within the measurement's p05 – p95.
    std::optional<bool> estimate_within;
    std::optional<double> reported_carbon;  //!< kgCO2e, as the measuring tool computed it
    double tool_energy = 0.0;               //!< [J] the energy it computed that carbon for
    std::string estimate_equation;          //!< how the phase estimated the same
    display_unit unit;                      //!< what `energy` and `estimate` are shown in (model::measurements)
};

struct run_result {
    std::string scenario;
    long samples = 0;
    std::uint64_t seed = 0;
    std::vector<indicator> indicators;  //!< what each `impacts` entry is, in order
    std::vector<phase_result> phases;
    std::vector<phase_result> stages;  //!< subtotals by stage (kind is empty)
    std::vector<summary> total;        //!< per indicator
    std::string accounting = "location";  //!< the primary carbon accounting (model::accounting)
    std::vector<coverage_gap> coverage;  //!< what is not assessed, and why
    std::vector<provenance_row> provenance;
    std::vector<model_warning> warnings;
    std::vector<std::string> overrides;  //!< what-if overrides the scenario file does not show
    //! Deployment parity [s] (model::parity), over the samples where it is finite.
    std::optional<summary> parity;
    std::optional<functional_unit_result> functional_unit;
    std::vector<measurement_result> measurements;  //!< in phase order

    //! The place of an indicator in `indicators`, if the run reports it.
    [[nodiscard]] std::optional<std::size_t> indicator_index(std::string_view key) const;
    //! The carbon category of the primary accounting (model::carbon).
    [[nodiscard]] std::optional<std::size_t> carbon() const;
};

//! Where each output is in a sample matrix: a column per assessed output of each phase,
//! stage and the total, by indicator (-1 where it is not assessed).
struct output_columns {
    std::vector<int> nodes;                    //!< the graph node of each column
    std::vector<std::vector<int>> phases;      //!< [phase][indicator] -> column
    std::vector<std::vector<int>> stages;      //!< [stage][indicator] -> column
    std::vector<int> totals;                   //!< [indicator] -> column
    //! Per functional unit, when the model has one: [indicator] -> column, and the amounts.
    std::vector<int> per_unit, per_unit_lifecycle;
    int amount = -1, lifetime = -1;
    //! Per model::measurements: the measured energy's column and the estimate's (-1: none).
    std::vector<int> measured, estimated;
};
[[nodiscard]] output_columns output_layout(const model& m);

//! The assessed outputs, one column each as output_layout(m) places them, one row per sample.
[[nodiscard]] Eigen::ArrayXXd sample_outputs(const model& m, const run_options& options);
//! The same into a matrix the caller owns (resized when its shape differs), so that
//! repeated runs need not allocate.
void sample_outputs(const model& m, const run_options& options, Eigen::ArrayXXd& out);

//! What a run summarises: every output (phases, stages, totals, functional unit,
//! measurements, provenance), or the totals and deployment parity alone, as a sweep's row
//! shows them, the same numbers for less work.
enum class run_scope { everything, totals };

//! Nominal evaluation plus Monte Carlo statistics for every phase and the total. Exact
//! percentiles from two passes over the samples, which are drawn again rather than kept.
[[nodiscard]] run_result run_monte_carlo(const model& m, const run_options& options, run_scope scope = run_scope::everything);
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

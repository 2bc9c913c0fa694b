#pragma once
//! Comparison of scenarios under shared uncertainty: each is sampled with common random
//! numbers (a parameter or catalogue value that two scenarios share is the same draw in
//! both), so that the distribution of their ratio and difference is meaningful per sample.

#include <string>
#include <vector>

#include "kaya/analysis/monte_carlo.hpp"

namespace kaya {

struct percentiles {
    double p05 = 0.0;
    double p50 = 0.0;
    double p95 = 0.0;
};

//! A phase's share of the gap between two scenarios, at nominal values (base units). A value
//! not assessed is NaN, and so are the difference and share it enters.
struct phase_gap {
    std::string name;         //!< the row's label
    double a = 0.0;           //!< 0 when scenario A has no such phase (see in_a)
    double b = 0.0;
    double difference = 0.0;  //!< b - a
    double share = 0.0;       //!< of the total difference; 0 when that is 0
    bool in_a = true, in_b = true;  //!< whether each scenario has the phase
};

//! B against A for one indicator: per sample, B / A and B - A, and how often A < B.
//! Compared only where both totals are assessed; partial where either has gaps.
struct pair_criterion {
    coverage_status status = coverage_status::complete;
    percentiles ratio;        //!< over the samples where A is not 0
    bool ratio_defined = false;
    percentiles difference;   //!< base units
    double nominal_ratio = 0.0;
    double nominal_difference = 0.0;  //!< base units
    double p_a_less = 0.0;    //!< the fraction of samples with A < B
    std::vector<phase_gap> phases;
};

struct pair_result {
    std::size_t a = 0;  //!< indices into comparison::runs
    std::size_t b = 0;
    std::vector<pair_criterion> criteria;  //!< per indicator (comparison::indicators)
    //! Per indicator, per functional unit (the deployment figure), when both scenarios
    //! declare the same functional unit; empty otherwise. No phase gaps.
    std::vector<pair_criterion> per_unit;
};

//! One row of a comparison: the phase of each scenario that it holds (an index into
//! run_result::phases, -1 where the scenario has none). Phases match by name, else by kind
//! and stage, so that `training` and `pretraining` of two papers sit in one row.
struct phase_row {
    std::string label;          //!< the names of its phases, "training / pretraining" where they differ
    std::vector<int> phases;    //!< per scenario
};

//! Aligns the phases of several runs into rows.
[[nodiscard]] std::vector<phase_row> align_phases(const std::vector<run_result>& runs);

struct comparison {
    std::vector<run_result> runs;
    //! Every indicator of any run, in order of first appearance; a run without one has it
    //! not assessed.
    std::vector<indicator> indicators;
    std::vector<phase_row> rows;     //!< the scenarios' phases side by side
    std::vector<model_warning> warnings;  //!< e.g. scenarios that do not cover the same kinds of phase
    std::vector<pair_result> pairs;  //!< every pair (i, j) with i < j: B = j against A = i
    long samples = 0;
    std::uint64_t seed = 0;
};

//! The names of the runs in which the total of `key` is not assessed.
[[nodiscard]] std::vector<std::string> not_assessed_in(const comparison& c, const pair_result& p, std::string_view key);
//! The summary of a run's indicator `key`, not assessed when the run lacks it.
[[nodiscard]] summary total_of(const run_result& r, std::string_view key);
[[nodiscard]] summary phase_impact(const run_result& r, int phase, std::string_view key);

//! Compiles scenarios to compare: when one reports a carbon accounting that another would
//! leave out (it states no market-based intensity), every one reports every accounting.
[[nodiscard]] std::vector<model> compile_for_comparison(std::vector<scenario> scenarios, const std::vector<std::string>& catalogues);

//! Samples every model with the same seed and compares every pair.
[[nodiscard]] comparison compare(const std::vector<model>& models, const run_options& options);

}  // namespace kaya

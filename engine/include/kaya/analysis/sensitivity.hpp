#pragma once
//! Sensitivity analysis: which uncertain parameters drive an output.
//!
//! Parameters are the model's uncertain inputs grouped by stream key: a value used in
//! several places (a catalogue value, a parameter) is one parameter, as in Monte Carlo.
//! Both methods evaluate the graph at the points of a design (kaya/design/design.hpp).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kaya/design/design.hpp"
#include "kaya/model/model.hpp"

namespace kaya {

//! What a sensitivity analysis is about, for its renderers.
struct sensitivity_target {
    std::string scenario;
    std::string phase;          //!< empty for the total
    std::string criterion_key;  //!< the indicator's key: gwp, water, adpe ...
    std::string criterion_name; //!< its label: carbon, water, ADPe ...
    std::string unit;
    double per_base = 1.0;
    //! Some contribution to the output is not assessed: the analysis is of what is.
    bool partial = false;
};

//! An output to analyse: its node, and what renderings call it.
struct sensitivity_output {
    int node = -1;
    sensitivity_target target;
};
//! The output `key` (empty: the carbon of the primary accounting) of a phase, of a stage
//! (the sum of the phases that carry its name), or of the total when both are empty;
//! throws as output_node() does. The target is partial where a phase it sums misses a
//! contribution, and a carbon category says which accounting it is.
[[nodiscard]] sensitivity_output sensitivity_output_of(const model& m, const std::string& key, const std::string& phase,
                                                       const std::string& stage = {});

//! The node of a phase's indicator (by key), of a stage's (`stage`), or of the total when
//! both are empty; throws input_error (invalid-option) naming what exists when there is no
//! such one, or when it is not assessed.
[[nodiscard]] int output_node(const model& m, std::string_view key, const std::string& phase, const std::string& stage = {});


//! One-at-a-time: each parameter at its p05, then its p95, the others at their nominal.
struct tornado_bar {
    std::string name;
    double low_value = 0.0, high_value = 0.0;    //!< the parameter at p05 and p95 [base units]
    display_unit unit;                           //!< the unit the parameter is written in
    double output_low = 0.0, output_high = 0.0;  //!< the output at those values [base units]
    double swing = 0.0;                          //!< |output_high - output_low|
};
struct tornado_result {
    double nominal = 0.0;  //!< the output with every parameter at its nominal
    dimension dim;
    std::vector<tornado_bar> bars;  //!< largest swing first
};
[[nodiscard]] tornado_result tornado(const model& m, int node);

//! Sobol' indices from a Saltelli design: first-order S1 (Saltelli et al. 2010) and total
//! ST (Jansen 1999), with bootstrap 95 % confidence intervals.
struct sobol_index {
    std::string name;
    double first = 0.0, first_low = 0.0, first_high = 0.0;
    double total = 0.0, total_low = 0.0, total_high = 0.0;
};
struct sobol_result {
    long base_samples = 0;  //!< N; the design has N (d + 2) rows
    //! N (d + 2), the rows of the design. The rows A_B^i of a parameter the output does not
    //! depend on equal A's and are not evaluated again; its indices are exactly 0.
    long evaluations = 0;
    double variance = 0.0;  //!< of the output [base units squared]
    std::vector<sobol_index> indices;  //!< largest total index first
    bool too_small = false;  //!< some interval is wider than 0.1: use more samples
};
//! The most values a Sobol' design keeps, N times the parameters the output depends on
//! (2^26 doubles, 512 MiB): docs/reference/limits.md.
inline constexpr std::uint64_t max_sobol_values = std::uint64_t{1} << 26;

//! `n` is rounded up to a power of two (the Sobol' sequence is balanced there); `seed`
//! drives the bootstrap, the design itself is deterministic. The design allows up to 1,833
//! parameters, and N d up to max_sobol_values (invalid-option beyond); memory grows as N d, and time as N d plus N times the number of nodes that
//! lie downstream of each parameter. `progress`, when given, is called after each block of
//! design rows with the evaluations done and to do (N (d + 2)); it must not throw, and
//! the result does not depend on it.
[[nodiscard]] sobol_result sobol(const model& m, int node, long n, std::uint64_t seed, int bootstrap = 200,
                                 const std::function<void(long done, long total)>& progress = {});

}  // namespace kaya

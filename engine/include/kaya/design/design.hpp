#pragma once
//! Designs: the points at which the model is evaluated, apart from the analyses that read
//! the results. The nominal point; Monte Carlo, every uncertain input drawn once per sample
//! from its own stream; one at a time, each parameter at its p05 and p95 (tornado); and the
//! quasi-random Saltelli sequence of Sobol' indices. The model itself is a pure function of
//! its inputs (kaya/model/evaluate.hpp).

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "kaya/model/model.hpp"

namespace kaya {

inline constexpr long default_samples = 10'000;
inline constexpr std::uint64_t default_seed = 42;
//! The most samples a run takes (docs/reference/limits.md): per-thread counts are 32-bit.
inline constexpr long max_samples = 1'000'000'000;
//! The most samples of a sweep's row, a report or an export, which keep samples for their
//! charts or run a row per value.
inline constexpr long max_row_samples = 1'000'000;
//! The most threads a run is given (0 asks for every core).
inline constexpr int max_threads = 1024;
//! A Sobol' design's base sample size N.
inline constexpr long min_sobol_samples = 64;
inline constexpr long max_sobol_samples = 1'048'576;

//! Throws input_error (invalid-option) naming `subject` unless lo <= n <= hi.
void check_sample_count(long n, long lo, long hi, std::string_view subject);

struct run_options {
    long samples = default_samples;
    std::uint64_t seed = default_seed;
    long batch = 2048;  //!< samples evaluated together
    //! Called after each batch with the samples done and to do, for a front end to show
    //! progress; it must not throw, and it is called from one thread at a time, not always
    //! the caller's. Results do not depend on it.
    std::function<void(long done, long total)> progress;
    //! Threads to sample on; 0 means every core. Results do not depend on it: samples are
    //! dealt in units of a fixed size, each drawn from counter-based streams.
    int threads = 0;
};

//! The nominal point: every input at its stated value (or its mode or median), in input order.
[[nodiscard]] std::vector<double> nominal_design(const model& m);

//! Monte Carlo: `nodes` over `options.samples` samples, one column each. Sample i of an input
//! is draw i of its own stream (the seed and its key), through its inverse CDF, so that a
//! value shared by phases or scenarios is one draw, and only the inputs the nodes use are drawn.
void sample_nodes(const model& m, const std::vector<int>& nodes, const run_options& options, Eigen::ArrayXXd& out);

//! A parameter: a stream key and the inputs drawn from it (a catalogue value or parameter
//! used in several places is one parameter, as in Monte Carlo).
struct sensitivity_parameter {
    std::string name;
    std::vector<int> inputs;  //!< indices into model::inputs
};
[[nodiscard]] std::vector<sensitivity_parameter> uncertain_parameters(const model& m);

//! One at a time: `node` with each parameter at `low[k]`, then at `high[k]` (base units), the
//! others at their nominal. Row 2k is parameter k low, row 2k + 1 high.
[[nodiscard]] Eigen::ArrayXd one_at_a_time(const model& m, int node, const std::vector<sensitivity_parameter>& parameters,
                                           const std::vector<double>& low, const std::vector<double>& high);

//! The Saltelli design's uniform points: A and B are the first and last d coordinates of a
//! 2d-dimensional Sobol' sequence (Joe and Kuo directions, Boost.Random), from its second
//! point on (the first is all zeros), centred in their cells. Deterministic: no seed.
class saltelli_sequence {
public:
    //! The most parameters: Boost's Sobol' tables have 3,667 dimensions, two per parameter.
    static const std::size_t max_parameters;

    explicit saltelli_sequence(std::size_t parameters);
    ~saltelli_sequence();
    saltelli_sequence(const saltelli_sequence&) = delete;
    saltelli_sequence& operator=(const saltelli_sequence&) = delete;
    //! The next `count` (at most 8) points: coordinate j of point r at out[j * 8 + r].
    void next(double* out, std::size_t count);

private:
    struct state;
    std::size_t dimensions_;
    state* state_;
};

}  // namespace kaya

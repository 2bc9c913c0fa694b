#pragma once
//! A hand-written evaluation of scenarios/bloom-176b.yaml: the same inputs, draws and
//! equations as the compiled model, in one loop over samples with plain doubles and no
//! graph. It is the reference the engine's Monte Carlo throughput is measured against.
//! It maps draws through the engine's scalar `distribution::quantile` (a switch on the
//! family per draw), where the engine maps a column per family; the random streams and
//! the arithmetic are the same, so the outputs agree exactly.

#include <array>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "kaya/model/model.hpp"

namespace kaya::bench {

class bloom_baseline {
public:
    //! Takes the distributions of the compiled BLOOM model's inputs, matched by key.
    //! Throws std::runtime_error if the model's inputs are not exactly the expected ones.
    explicit bloom_baseline(const model& m);

    //! The same matrix as `kaya::sample_outputs(m, {samples, seed})`: one row per sample,
    //! columns phase 0 gwp, energy, water, phase 1 ..., then the stages (phases 0-3,
    //! phase 4) when the model has them, then the totals.
    [[nodiscard]] Eigen::ArrayXXd sample_outputs(long samples, std::uint64_t seed) const;
    //! The same into `out`, resized to `samples` rows (no allocation when it has the shape).
    void sample_outputs(long samples, std::uint64_t seed, Eigen::ArrayXXd& out) const;

    //! The uncertain inputs, in the order the loop uses them.
    enum input : int {
        gpu_power, grid_fr, pue_jean_zay, lifetime, utilisation,
        embodied_gpu, embodied_node,
        wue_jean_zay,
        grid_gcp, pue_gcp, wue_gcp,
        inference_energy,
        input_count
    };
    static const std::array<const char*, input_count> keys;

private:
    std::vector<distribution> dists_;  // by `input`
    bool with_stages_ = false;         // the model has stages: phases 0-3, phase 4
};

//! Compares the baseline with the engine on the first `samples` samples under `seed`.
//! Returns the largest relative difference (|a - b| / max(|a|, |b|), 0 when both are 0).
[[nodiscard]] double max_relative_difference(const model& m, long samples, std::uint64_t seed);

}  // namespace kaya::bench

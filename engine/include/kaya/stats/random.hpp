#pragma once
//! Reproducible uniform draws: one independent counter-based stream per named parameter.
//!
//! Draw i of the stream for key k is SplitMix64 applied to k + (i + 1)·γ, so a draw does
//! not depend on the batch it is computed in, on the other parameters, or on the order of
//! evaluation. Two scenarios that share a parameter name and a seed share its draws,
//! which gives common random numbers in comparisons.

#include <cstdint>
#include <string_view>

namespace kaya {

//! The stream key of a named parameter under a seed (FNV-1a of the name, mixed with it).
[[nodiscard]] std::uint64_t stream_key(std::uint64_t seed, std::string_view name) noexcept;

//! Fills `out[0..n)` with draws `first .. first + n - 1` of the stream, each in (0, 1).
void uniform_draws(std::uint64_t key, std::uint64_t first, long n, double* out) noexcept;

}  // namespace kaya

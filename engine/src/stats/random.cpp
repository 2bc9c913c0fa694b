#include "kaya/stats/random.hpp"

namespace kaya {
namespace {

constexpr std::uint64_t golden_gamma = 0x9E3779B97F4A7C15ULL;

constexpr std::uint64_t mix(std::uint64_t z) noexcept {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

}  // namespace

std::uint64_t stream_key(std::uint64_t seed, std::string_view name) noexcept {
    std::uint64_t h = 0xCBF29CE484222325ULL;
    for (const char c : name) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001B3ULL;
    }
    return mix(h ^ mix(seed + golden_gamma));
}

void uniform_draws(std::uint64_t key, std::uint64_t first, long n, double* out) noexcept {
    // The top 53 bits, centred in their interval: never exactly 0 or 1.
    constexpr double scale = 1.0 / 9007199254740992.0;  // 2^-53
    std::uint64_t state = key + (first + 1) * golden_gamma;
    for (long i = 0; i < n; ++i, state += golden_gamma) {
        out[i] = (static_cast<double>(mix(state) >> 11) + 0.5) * scale;
    }
}

}  // namespace kaya

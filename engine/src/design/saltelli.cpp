// The Saltelli design's quasi-random points: a Sobol' sequence from Boost.Random.
#include <boost/random/sobol.hpp>

#include "kaya/design/design.hpp"

namespace kaya {

const std::size_t saltelli_sequence::max_parameters = boost::random::default_sobol_table::max_dimension / 2;

struct saltelli_sequence::state {
    boost::random::sobol qrng;
    explicit state(std::size_t dimensions) : qrng(dimensions) { qrng.seed(1); }
};

saltelli_sequence::saltelli_sequence(std::size_t parameters) : dimensions_(2 * parameters), state_(new state(2 * parameters)) {}

saltelli_sequence::~saltelli_sequence() { delete state_; }

void saltelli_sequence::next(double* out, std::size_t count) {
    constexpr double scale = 1.0 / 9007199254740992.0;  // 2^-53: the top 53 bits, centred in their cell
    for (std::size_t r = 0; r < count; ++r)
        for (std::size_t j = 0; j < dimensions_; ++j) out[j * 8 + r] = (static_cast<double>(state_->qrng() >> 11) + 0.5) * scale;
}

}  // namespace kaya

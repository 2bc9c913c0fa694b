#pragma once
//! Physical dimensions as exponent vectors, checked at run time when a scenario loads.
//!
//! Besides length, mass and time, kaya has base dimensions for the quantities that share a
//! physical dimension but must not mix: `carbon` (mass of CO2-equivalent, never hardware
//! mass) and the countable kinds `query`, `request`, `token` and `image` (an energy per token times
//! a number of queries is not an energy), `information` for memory sizes (bytes) and
//! `antimony` for abiotic depletion in kg of antimony equivalent (kgSbeq: a characterised
//! impact, never a mass of metal).

#include <array>
#include <cstdint>
#include <string>

namespace kaya {

enum class base_dimension : std::uint8_t { length, mass, time, carbon, query, request, token, information, antimony, image };
inline constexpr std::size_t base_dimension_count = 10;

//! The largest power of a base unit that units and formulas may build (m^3 is common,
//! m^12 is not); it keeps exponents far from the limits of their storage.
inline constexpr int max_unit_power = 12;

class dimension {
public:
    constexpr dimension() = default;
    //! The dimension of one base, raised to `power`.
    static constexpr dimension of(base_dimension base, int power = 1) {
        dimension d;
        d.exponents_[static_cast<std::size_t>(base)] = static_cast<std::int8_t>(power);
        return d;
    }

    [[nodiscard]] constexpr int exponent(base_dimension base) const {
        return exponents_[static_cast<std::size_t>(base)];
    }
    [[nodiscard]] constexpr bool dimensionless() const { return *this == dimension{}; }
    //! True when every exponent lies in [-limit, limit].
    [[nodiscard]] constexpr bool within(int limit) const {
        for (const auto e : exponents_)
            if (e > limit || e < -limit) return false;
        return true;
    }

    friend constexpr dimension operator*(dimension a, dimension b) {
        for (std::size_t i = 0; i < base_dimension_count; ++i)
            a.exponents_[i] = static_cast<std::int8_t>(a.exponents_[i] + b.exponents_[i]);
        return a;
    }
    friend constexpr dimension operator/(dimension a, dimension b) {
        for (std::size_t i = 0; i < base_dimension_count; ++i)
            a.exponents_[i] = static_cast<std::int8_t>(a.exponents_[i] - b.exponents_[i]);
        return a;
    }
    [[nodiscard]] constexpr dimension pow(int n) const {
        dimension d = *this;
        for (auto& e : d.exponents_) e = static_cast<std::int8_t>(e * n);
        return d;
    }
    friend constexpr bool operator==(const dimension&, const dimension&) = default;

private:
    std::array<std::int8_t, base_dimension_count> exponents_{};
};

//! The dimensions kaya's phase equations use, by name.
namespace dims {
inline constexpr dimension none{};
inline constexpr dimension length = dimension::of(base_dimension::length);
inline constexpr dimension mass = dimension::of(base_dimension::mass);
inline constexpr dimension time = dimension::of(base_dimension::time);
inline constexpr dimension carbon = dimension::of(base_dimension::carbon);
inline constexpr dimension query = dimension::of(base_dimension::query);
inline constexpr dimension request = dimension::of(base_dimension::request);
inline constexpr dimension token = dimension::of(base_dimension::token);
inline constexpr dimension image = dimension::of(base_dimension::image);
inline constexpr dimension information = dimension::of(base_dimension::information);
inline constexpr dimension antimony = dimension::of(base_dimension::antimony);
inline constexpr dimension energy = mass * length.pow(2) / time.pow(2);
inline constexpr dimension power = energy / time;
inline constexpr dimension volume = length.pow(3);
inline constexpr dimension carbon_intensity = carbon / energy;
inline constexpr dimension water_intensity = volume / energy;
}  // namespace dims

//! A readable name for a dimension, with a typical unit: "energy (e.g. kWh)",
//! or the exponents in base units when it has no name ("kgCO2e·s/m^2").
[[nodiscard]] std::string describe(dimension d);
//! A hint for a value of dimension `got` where `expected` is needed, when the mistake is a
//! common one (a mass written for carbon); empty otherwise.
[[nodiscard]] std::string mismatch_hint(dimension expected, dimension got);

}  // namespace kaya

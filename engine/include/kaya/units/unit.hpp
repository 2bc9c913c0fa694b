#pragma once
//! Units of measurement: a factor to kaya's coherent base units and a dimension.
//!
//! The base units are m, kg, s, kgCO2e, query, request and token; every quantity inside
//! the engine is held in them, so 1 kWh is held as 3.6e6 (J) and 57 gCO2e/kWh as
//! 1.583e-8 (kgCO2e/J). Conversion happens once, here, when text is parsed.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kaya/units/dimension.hpp"

namespace kaya {

struct unit {
    double factor = 1.0;  //!< value in base units of one of this unit
    dimension dim;

    friend unit operator*(const unit& a, const unit& b) { return {a.factor * b.factor, a.dim * b.dim}; }
    friend unit operator/(const unit& a, const unit& b) { return {a.factor / b.factor, a.dim / b.dim}; }
};

//! Why a unit string could not be parsed, and where in it (0-based character offset).
struct unit_parse_failure {
    std::size_t offset = 0;
    std::string symbol;      //!< the unknown symbol, if that was the problem
    std::string message;     //!< otherwise, what was wrong
    std::string suggestion;  //!< the nearest known symbol, or empty
};

//! Parses a unit expression: symbols joined by `*`, `·` or `/`, each with an optional
//! integer power `^n` (`gCO2e/kWh`, `kgCO2e/GPU`, `W*h`, `m^3`, `%`).
//! `/` binds left to right: `kgCO2e/GPU/h` is kgCO2e per GPU-hour.
[[nodiscard]] std::optional<unit> parse_unit(std::string_view text,
                                             unit_parse_failure* failure = nullptr);

//! Looks up a single unit symbol such as `kWh`.
[[nodiscard]] std::optional<unit> find_unit(std::string_view symbol);

//! Every known unit symbol, in catalogue order (for suggestions and documentation).
[[nodiscard]] const std::vector<std::string>& unit_symbols();

//! The unit kaya reports a dimension in: kgCO2e, kWh, L, W, h, and so on.
struct display_unit {
    std::string symbol;  //!< empty for a plain number
    double factor = 1.0;
    bool named = true;   //!< false when `symbol` only describes a dimension without a unit
};
[[nodiscard]] display_unit display_unit_for(dimension d);

}  // namespace kaya

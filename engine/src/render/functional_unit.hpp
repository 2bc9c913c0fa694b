#pragma once
// Results per functional unit, shared by the table, the reports and the exports.
#include <string>
#include <vector>

#include "kaya/analysis/monte_carlo.hpp"

namespace kaya::detail {

//! The indicator in the unit of its scale that suits `values` (1.476 gCO2e, 3.745 Wh),
//! unless the user asked for another unit.
indicator per_unit_indicator(indicator ind, const std::vector<summary>& values);
//! "per request", "per 1000 token", "per trained model".
std::string per_unit_label(const functional_unit_result& fu);
//! What a run's functional unit is and how many units it counts, in a sentence.
std::string functional_unit_heading(const functional_unit_result& fu);
//! A header row, then one row per shown category: label, unit, deployment value and range,
//! and the life cycle's when a lifetime is stated.
std::vector<std::vector<std::string>> functional_unit_rows(const run_result& r, bool details);

}  // namespace kaya::detail

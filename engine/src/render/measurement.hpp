#pragma once
// A phase's measurement beside its estimate (run_result::measurements), in the words and
// units every rendering shares: the table, the JSON, the report.
#include <string>
#include <vector>

#include "kaya/analysis/monte_carlo.hpp"

namespace kaya::detail {

//! The unit a measurement is shown in, and its factor from base units: kWh for an energy,
//! J/request or J/token for ML.ENERGY's energy per query.
struct measurement_unit {
    std::string symbol;
    double per_base = 1.0;
};
measurement_unit unit_of(const measurement_result& m);

//! The tool a format names ("CodeCarbon", "Slurm sacct", "ML.ENERGY").
std::string tool_name(const std::string& format);

//! Sentences about one measurement: what was measured and where; how it compares with the
//! phase's estimate; the carbon the measuring tool reported beside kaya's.
std::vector<std::string> measurement_lines(const run_result& r, const measurement_result& m);

}  // namespace kaya::detail

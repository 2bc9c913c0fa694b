#pragma once
//! Sweeps: the same scenario under each value of one or more overrides (their cross
//! product), one row per combination with the totals and their p05–p95.

#include <string>
#include <string_view>
#include <vector>

#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/catalog/catalog.hpp"
#include "kaya/scenario/scenario.hpp"

namespace kaya {

struct sweep_axis {
    std::string name;                 //!< a parameter or a field path, as for an override
    std::vector<std::string> values;  //!< override values, as written
    std::string origin = "sweep axis";  //!< what messages call it (a front end may give its option's name)
};

//! Parses `NAME=v1,v2,...` (commas inside brackets or braces do not split), or
//! `NAME=catalog:KIND` (every entry of a catalogue), `NAME=catalog:KIND:TEXT` (those whose
//! id or name contains TEXT), `NAME=catalog:countries` (the grids of whole countries).
//! `origin` is what messages call the axis (sweep_axis::origin).
[[nodiscard]] sweep_axis parse_axis(std::string_view option, const catalog& c, std::string_view origin = "sweep axis");

struct sweep_row {
    std::vector<std::string> values;  //!< one per axis
    std::vector<summary> total;  //!< per indicator (sweep_result::indicators)
    std::optional<summary> parity;
};

struct sweep_result {
    std::string scenario;
    std::vector<std::string> axes;
    std::vector<indicator> indicators;  //!< what each row's totals are
    std::string accounting = "location";  //!< the primary carbon accounting (parity is of it)
    std::vector<sweep_row> rows;
    long samples = 0;
    std::uint64_t seed = 0;
};

//! The most rows a sweep runs: the product of its axes' lengths.
inline constexpr std::size_t max_sweep_rows = 100'000;
//! Throws input_error (invalid-option, naming the axes' origin) when an axis is varied
//! twice or the combinations are more than max_sweep_rows.
void check_sweep_axes(const std::vector<sweep_axis>& axes);

//! Runs `base` under every combination of the axes' values, with the same seed.
[[nodiscard]] sweep_result sweep(const scenario& base, const std::vector<sweep_axis>& axes,
                                 const std::vector<std::string>& catalogues, const run_options& options);

//! Sorts rows by an indicator's nominal total (ascending, or descending); rows where it is
//! not assessed come last either way.
void sort_rows(sweep_result& r, std::size_t indicator, bool descending);
//! The indicator named `key` to sort by; throws input_error (invalid-option, naming
//! `subject`) when there is none, or when no row assesses it, so that sorting would say
//! nothing.
[[nodiscard]] std::size_t sweep_sort_key(const sweep_result& r, const std::string& key, std::string_view subject = "sort");

}  // namespace kaya

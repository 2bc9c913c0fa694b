#pragma once
// Text helpers shared by the renderers.
#include <string>
#include <string_view>
#include <vector>

#include "kaya/analysis/monte_carlo.hpp"

namespace kaya::detail {

//! Characters on screen of UTF-8 text (each code point one column: "≥", "–").
std::size_t display_width(std::string_view s);
//! 1234567 -> "1,234,567".
std::string thousands(long long v);
//! `v` rounded to a whole number with thousands separators; from 10^15 on, in scientific
//! notation with four significant figures ("8.889e+28").
std::string whole(double v);
//! A number for a table: whole with thousands separators from 1,000 up, four significant
//! figures below; "n/a" when not finite.
std::string cell(double v);
//! A share as whole percent ("12 %"); never "-0 %" for a share that rounds to nothing.
std::string percent(double share);
//! `text` broken into lines of at most `width` characters at spaces (0: left as it is); every
//! line after the first starts with `indent`. A word longer than a line stays whole.
std::string wrap(std::string_view text, int width, std::string_view indent = "");
//! A JSON string literal; control characters escaped, bytes that are not UTF-8 U+FFFD.
std::string json_quoted(std::string_view s);
//! The shortest text that reads back to the same double, or null when not finite.
std::string json_number(double v);
//! A CSV field (RFC 4180) on one line (one_line), quoted when it holds a comma or a quote; a text that
//! starts as a spreadsheet formula would (= + - @ tab CR) is prefixed with ' (OWASP).
std::string csv_field(std::string_view s);

//! A value for a table in an indicator's unit: "n/a" when not assessed, and "≥ " before a
//! partial one (a lower bound: what is missing is not negative).
std::string impact_cell(const summary& x, double per_base);
//! Its p05 – p95, or nothing when it has no spread or is not assessed.
std::string impact_range(const summary& x, double per_base);
//! What "n/a" and "≥" mean, for a footnote wherever they may appear.
inline constexpr std::string_view coverage_footnote =
    "n/a: not assessed, no source gives a factor it needs (it is not zero). ≥: partial, a lower bound: some "
    "contributions are not assessed.";
//! The indicators a table shows: the categories, and their parts too with `details`.
std::vector<std::size_t> shown_indicators(const std::vector<indicator>& all, bool details);
//! Whether any shown value of a run is partial or not assessed.
bool has_gaps(const run_result& r);
//! Which carbon accounting a result reads ("Carbon: location-based (gwp), the primary
//! accounting; market-based (gwp_market) beside it, each counting every phase once."), or
//! nothing when no category states one.
std::string accounting_line(const std::vector<indicator>& indicators, const std::string& primary);
//! The coverage, one line each: "water, phase 'x': embodied_water of hardware 'y' (why)".
std::vector<std::string> coverage_lines(const run_result& r);

}  // namespace kaya::detail

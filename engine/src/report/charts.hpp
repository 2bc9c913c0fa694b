#pragma once
// SVG charts for reports: plain, self-contained SVG text (no script, no external font).
#include <cstddef>
#include <string>
#include <vector>

namespace kaya::detail {

//! One segment of a stacked bar: a phase, its value, and the group it belongs to (its kind).
struct stacked_segment {
    std::string name;
    double value = 0.0;
    std::string group;
};
//! One row of a stacked bar chart: its segments and the p05–p95 of their sum.
struct stacked_row {
    std::string label;
    std::vector<stacked_segment> segments;
    double low = 0.0, high = 0.0;  //!< whisker
};
//! The number of colours a chart tells apart (Okabe-Ito).
inline constexpr std::size_t chart_colours = 8;
//! Horizontal stacked bars, one per row, with whiskers and a legend of the segments. Every
//! segment name has a colour of its own; when there are more names than `chart_colours`,
//! segments are merged by group (and, failing that, the smallest into "other"), and the
//! chart says so.
std::string stacked_bars_svg(const std::string& title, const std::string& unit, const std::vector<stacked_row>& rows);

//! A histogram of `samples` with marks at p05, p50 and p95.
std::string histogram_svg(const std::string& title, const std::string& unit, std::vector<double> samples, double p05,
                          double p50, double p95);

//! One bar of a tornado chart: the output with the parameter at its p05 and its p95.
struct tornado_row {
    std::string label;
    double at_low = 0.0, at_high = 0.0;
};
//! Horizontal bars around the nominal output, widest first.
std::string tornado_svg(const std::string& title, const std::string& unit, double nominal, const std::vector<tornado_row>& rows);

//! Text safe inside XML and HTML.
std::string xml_escaped(const std::string& s);

}  // namespace kaya::detail

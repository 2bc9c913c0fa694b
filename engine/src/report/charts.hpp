#pragma once
// SVG charts for reports: plain, self-contained SVG text (no script, no external font).
#include <string>
#include <vector>

namespace kaya::detail {

//! One row of a stacked bar chart: segments (label, value) and the p05–p95 of their sum.
struct stacked_row {
    std::string label;
    std::vector<std::pair<std::string, double>> segments;
    double low = 0.0, high = 0.0;  //!< whisker
};
//! Horizontal stacked bars, one per row, with whiskers and a legend of the segments.
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

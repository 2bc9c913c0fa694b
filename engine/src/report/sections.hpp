#pragma once
// The sections of a lifecycle report, each adding its blocks (and figures) to a document.
#include <string>
#include <vector>

#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/analysis/sensitivity.hpp"
#include "kaya/catalog/catalog.hpp"
#include "kaya/report/report.hpp"
#include "report/document.hpp"

namespace kaya::detail {

std::string sha1_of(const std::string& text);
std::string range_text(const summary& s, double per_base);
//! An indicator's name in file names: its label in lower case, spaces as '-' ("carbon", "adpe").
std::string file_stem(const indicator& i);

//! `catalogue` is the model's (built-in plus user catalogues), for the everyday equivalents.
void summary_section(document& d, const run_result& r, const run_options& run, const catalog& catalogue);
void breakdown_section(document& d, const run_result& r, std::vector<report_file>& figures);
//! What is not assessed, and why; nothing when everything is.
void coverage_section(document& d, const run_result& r);
//! Every category per functional unit, when the scenario declares one.
void functional_unit_section(document& d, const run_result& r);
//! Each measured phase: what, where, the method's uncertainty, against the phase's estimate.
void measurement_section(document& d, const run_result& r);
void distribution_section(document& d, const run_result& r, std::vector<double> total_carbon, std::vector<report_file>& figures);
//! `scenario_path` is the scenario's file, as the command for variance-based indices takes it.
void sensitivity_section(document& d, const tornado_result& t, std::vector<report_file>& figures, const std::string& scenario_path);
void assumptions_section(document& d, const scenario& s, const model& m, const run_result& r, const run_options& run);
void methodology_section(document& d, const model& m);
void provenance_section(document& d, const scenario& s, const report_options& options);

}  // namespace kaya::detail

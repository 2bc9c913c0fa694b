#pragma once
//! Renderers of a run's results. Each returns the whole text; none prints.

#include <string>

#include "kaya/analysis/compare.hpp"
#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/analysis/sensitivity.hpp"
#include "kaya/analysis/sweep.hpp"
#include "kaya/measure/summary.hpp"

namespace kaya {

//! The JSON contract: scenario, samples, seed, phases[{name, kind, impacts}], total{impacts};
//! impacts.KEY.{unit, nominal, mean, p05, p50, p95, status} for every indicator, its parts
//! included (null values where not assessed); `indicators` describes each key, and
//! `coverage` lists what is not assessed and why.
[[nodiscard]] std::string render_json(const run_result& r);
//! One row per phase and indicator, then the stages and the total:
//! record,phase,stage,kind,criterion,unit,nominal,mean,p05,p50,p95,status, where record is
//! phase, stage or total; a value not assessed is empty, with status not-assessed.
[[nodiscard]] std::string render_csv(const run_result& r);
//! A readable table: one row per phase, nominal and p05–p95 for each category (and, with
//! `details`, each part: IT energy, water on site ...). The tables take the width they must
//! fit in characters (0: no limit) and stack what does not fit.
[[nodiscard]] std::string render_table(const run_result& r, int width = 0, bool details = false);

//! The words every rendering of a pair uses, so that none reverses its orientation: a pair is
//! "B against A" (ratio B / A, difference B − A) and its probability is "P(A < B)", each with
//! the scenarios' names.
[[nodiscard]] std::string pair_title(const comparison& c, const pair_result& p);
[[nodiscard]] std::string pair_probability_label(const comparison& c, const pair_result& p);

//! A comparison: every scenario's results, then every pair's ratio, difference, P(A < B)
//! and the gap by phase.
[[nodiscard]] std::string render_compare_table(const comparison& c, int width = 0);
[[nodiscard]] std::string render_compare_json(const comparison& c);
//! Long form: record,scenario,against,phase,criterion,unit,statistic,value. A pair's rows
//! have B as `scenario` and A as `against`: ratios are scenario / against, differences
//! scenario − against, and `p_against_less_than_scenario` is P(A < B).
[[nodiscard]] std::string render_compare_csv(const comparison& c);

//! A measurement file as a phase would take it (kaya measurements): a row per run, group or
//! configuration, the total, the rows used and skipped; and the same as JSON.
[[nodiscard]] std::string render_measurements_table(const measurement_summary& s, int width = 0);
[[nodiscard]] std::string render_measurements_json(const measurement_summary& s);

[[nodiscard]] std::string render_tornado_table(const sensitivity_target& t, const tornado_result& r, int width = 0);
[[nodiscard]] std::string render_sobol_table(const sensitivity_target& t, const sobol_result& r, int width = 0);
//! Exactly one of `tornado` and `sobol` is given.
[[nodiscard]] std::string render_sensitivity_json(const sensitivity_target& t, const tornado_result* tornado, const sobol_result* sobol);
[[nodiscard]] std::string render_sensitivity_csv(const sensitivity_target& t, const tornado_result* tornado, const sobol_result* sobol);

//! A sweep: one row per combination of values, with the totals (and deployment parity).
[[nodiscard]] std::string render_sweep_table(const sweep_result& r, int width = 0);
[[nodiscard]] std::string render_sweep_json(const sweep_result& r);
[[nodiscard]] std::string render_sweep_csv(const sweep_result& r);

}  // namespace kaya

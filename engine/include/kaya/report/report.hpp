#pragma once
//! Lifecycle reports in the style of the BLOOM study: HTML and Markdown with SVG charts,
//! plus the results as JSON and CSV; and exports for model cards and papers.

#include <string>
#include <string_view>
#include <vector>

#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/scenario/scenario.hpp"

namespace kaya {

struct report_file {
    std::string name;     //!< e.g. report.html, carbon-by-phase.svg
    std::string content;
};

struct report_options {
    run_options run;
    std::vector<std::string> catalogues;  //!< user catalogues, as for compile
    std::string version;                  //!< the kaya version, for the provenance
};

//! report.html (self-contained), report.md with its figures as .svg, results.json, results.csv.
[[nodiscard]] std::vector<report_file> lifecycle_report(const scenario& s, const report_options& options);
//! The same for several scenarios side by side, with their comparison.
[[nodiscard]] std::vector<report_file> comparison_report(const std::vector<scenario>& scenarios, const report_options& options);

//! Writes `files` into the folder `dir`, all or nothing: a failure leaves no partial folder
//! and keeps any previous one.
void write_directory(const std::string& dir, const std::vector<report_file>& files);

//! The values Hugging Face documents for a model card's `training_type`.
enum class training_type { pre_training, fine_tuning };
//! "pre-training" or "fine-tuning".
[[nodiscard]] std::string_view training_type_name(training_type t) noexcept;
//! Every training type's name, in declaration order.
[[nodiscard]] const std::vector<std::string>& training_type_names();
//! The training type named `text`; throws input_error (invalid-option) listing the names.
[[nodiscard]] training_type parse_training_type(std::string_view text);

//! The Hugging Face model-card `co2_eq_emissions` block (YAML) of the training phases:
//! only the documented fields (emissions in grams, source, training_type,
//! geographical_location, hardware_used), every text quoted so that no name can add a key.
//! A field kaya has nothing for (no site that names a place) is left out, and said so in a
//! comment. Throws input_error when the scenario has no phase of kind training.
[[nodiscard]] std::string model_card_block(const scenario& s, const report_options& options, training_type type);
//! The Software Carbon Intensity (ISO/IEC 21031) of a scenario with a functional unit, as
//! JSON: E, I, M, R and SCI, location-based, with p05 – p95, for the consumer boundary (the
//! deployment, per unit) and the provider boundary (the rest, amortised over the lifetime).
[[nodiscard]] std::string sci_export(const scenario& s, const report_options& options);
//! A LaTeX booktabs table of the breakdown by phase and stage subtotal, which fits one
//! column of a one- or two-column article, and an emissions statement.
[[nodiscard]] std::string latex_export(const scenario& s, const report_options& options);

}  // namespace kaya

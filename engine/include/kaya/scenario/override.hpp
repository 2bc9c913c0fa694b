#pragma once
//! What-if overrides: `NAME=VALUE`, as given to `--set` and `--vary`.
//!
//! NAME is a parameter (`grid_fr`) or a path to a field: `sites.ID.FIELD`,
//! `hardware.ID.FIELD` or `phases.NAME.FIELD`. VALUE is written as in a scenario file,
//! with units and uncertainty (`400 W ± 10 %`, `{value: 1.2, uniform: [1.1, 1.3]}`), and is
//! checked exactly as the file is; errors point into the option's text. Naming a site's
//! `grid` (or `datacentre`) replaces the site's own grid values (or PUE and WUE).

#include <string>
#include <string_view>

#include "kaya/scenario/scenario.hpp"

namespace kaya {

//! Applies `assignment` (NAME=VALUE) to `s`; `option` names the option in messages
//! (e.g. "--set"). Throws input_error for an unknown name or a malformed value.
void apply_override(scenario& s, std::string_view assignment, std::string_view option = "--set");

//! The same with the name and the value apart.
void apply_override(scenario& s, std::string_view name, std::string_view value, std::string_view option);

}  // namespace kaya

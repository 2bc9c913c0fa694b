#pragma once
//! What-if overrides: `NAME=VALUE`, as a front end takes them from its user.
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

//! Applies `assignment` (NAME=VALUE) to `s`. `origin` says where the assignment came from in
//! messages, as their subject and as the file of their locations ("override", or a front
//! end's own name for it). Throws input_error for an unknown name or a malformed value.
void apply_override(scenario& s, std::string_view assignment, std::string_view origin);

//! The same with the name and the value apart.
void apply_override(scenario& s, std::string_view name, std::string_view value, std::string_view origin);

}  // namespace kaya

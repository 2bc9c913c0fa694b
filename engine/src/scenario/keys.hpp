#pragma once
// A phase's keys besides the fields of its kind: read by the loader, and offered by the
// compiler's suggestions for an unknown field. Hardware and site keys are in the schema
// (kaya/scenario/schema.hpp).
#include <string>
#include <vector>

namespace kaya::detail {

inline const std::vector<std::string> phase_keys{"name", "kind", "site", "hardware", "stage", "note", "pue_included", "measured"};

}  // namespace kaya::detail

#pragma once
// Internals shared by the units sources.
#include <string>
#include <string_view>
#include <vector>

#include "kaya/units/unit.hpp"

namespace kaya::detail {

//! The unit of a single symbol, or null.
const unit* lookup_unit(std::string_view symbol);
const std::vector<std::string>& all_unit_symbols();

}  // namespace kaya::detail

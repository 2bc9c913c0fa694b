#pragma once
// "Did you mean" suggestions: the nearest candidate by edit distance.
#include <string>
#include <string_view>
#include <vector>

namespace kaya::detail {

//! The candidate nearest to `name`, or empty when none is close enough to help
//! (more than a third of the name's letters would have to change).
std::string nearest(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace kaya::detail

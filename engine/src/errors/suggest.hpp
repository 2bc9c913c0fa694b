#pragma once
// "Did you mean" suggestions for unknown names.
#include <string>
#include <string_view>
#include <vector>

#include "kaya/errors/error.hpp"

namespace kaya::detail {

//! The candidates likeliest meant by an unknown `name`, best first: at most `limit`, with
//! `more` counting the others of the same kind of match. The first kind that matches wins:
//! 1. the same name in another letter case (`kwh` for `kWh`);
//! 2. names that begin with `name` (`nvidia-h100` for `nvidia-h100-sxm`), shortest first;
//! 3. names that contain it, for a name of three letters or more;
//! 4. the nearest names by edit distance (at most a third of the letters changed) that keep
//!    its first segment before `-` or `_` (`gcp-us-east1` for `gcp-us-east2`);
//! 5. names that `name` extends by a segment after `-` or `_` (`aws` for `aws-us-east-1`,
//!    not `gcp-us-east1`, which is nearer as text), longest first;
//! 6. the nearest names by edit distance.
//! No hint is set.
suggestion suggest(std::string_view name, const std::vector<std::string>& candidates, std::size_t limit = 4);

//! The best candidate of `suggest`, or empty when none is close enough to help.
std::string nearest(std::string_view name, const std::vector<std::string>& candidates);

//! `suggest` among the names of a closed set and, when none is close, a hint that lists
//! them all ("the phase kinds are embodied, idle, training and inference"). `what` names
//! the set, in the plural.
suggestion suggest_among(std::string_view name, const std::vector<std::string>& candidates, std::string_view what);

//! "a", "a and b", "a, b and c" (with `conjunction` for "and").
std::string listing(const std::vector<std::string>& names, std::string_view conjunction = "and");

}  // namespace kaya::detail

#pragma once
// Text patterns of measurement selections: `*` and `?` wildcards, alternatives split by `|`.
#include <string_view>

namespace kaya::detail {

//! Whether `text` matches one of the `|`-separated wildcard patterns.
[[nodiscard]] bool matches(std::string_view patterns, std::string_view text);

}  // namespace kaya::detail

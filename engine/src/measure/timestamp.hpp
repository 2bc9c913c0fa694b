#pragma once
// Timestamps as measurement files write them (ISO 8601): CodeCarbon's `2024-03-01T09:00:00`
// (or with microseconds and an offset), sacct's `2022-03-11T10:00:00`, a window's `2024-03-02`.
#include <optional>
#include <string_view>

namespace kaya::detail {

//! Seconds since 1970-01-01T00:00:00 of `YYYY-MM-DD`, optionally followed by `T` or a space,
//! `HH:MM[:SS[.fraction]]` and `Z` or an offset `±HH:MM`; nothing for other text (sacct's
//! `Unknown`). A time without an offset is read as UTC.
[[nodiscard]] std::optional<double> epoch_seconds(std::string_view text);

}  // namespace kaya::detail

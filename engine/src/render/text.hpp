#pragma once
// Text helpers shared by the renderers.
#include <string>
#include <string_view>

namespace kaya::detail {

//! 1234567 -> "1,234,567".
std::string thousands(long long v);
//! `v` rounded to a whole number with thousands separators; from 10^15 on, in scientific
//! notation with four significant figures ("8.889e+28").
std::string whole(double v);
//! A number for a table: whole with thousands separators from 1,000 up, four significant
//! figures below; "n/a" when not finite.
std::string cell(double v);
//! A share as whole percent ("12 %"); never "-0 %" for a share that rounds to nothing.
std::string percent(double share);
//! `text` broken into lines of at most `width` characters at spaces (0: left as it is); every
//! line after the first starts with `indent`. A word longer than a line stays whole.
std::string wrap(std::string_view text, int width, std::string_view indent = "");
//! A JSON string literal; control characters escaped, bytes that are not UTF-8 U+FFFD.
std::string json_quoted(std::string_view s);
//! The shortest text that reads back to the same double, or null when not finite.
std::string json_number(double v);
//! A CSV field (RFC 4180) on one line (one_line), quoted when it holds a comma or a quote; a text that
//! starts as a spreadsheet formula would (= + - @ tab CR) is prefixed with ' (OWASP).
std::string csv_field(std::string_view s);

}  // namespace kaya::detail

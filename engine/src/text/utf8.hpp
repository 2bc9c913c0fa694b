#pragma once
// UTF-8 as kaya reads and writes it: one decoder, one notion of a control character, and the
// two ways text that may hold them is made safe (for a writer's output, for a message).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace kaya::detail {

//! The code point that starts at s[i] and its length in bytes; -1 (length 1) for a byte that
//! does not start a well-formed UTF-8 sequence (overlong, surrogate, past U+10FFFF, cut short).
std::pair<long, std::size_t> utf8_at(std::string_view s, std::size_t i);

//! A character no text of kaya's means to show: C0 controls but tab, line feed and carriage
//! return, DEL, C1 controls (NEL among them), and U+2028/U+2029, which YAML 1.1 and
//! JavaScript read as line breaks.
bool is_control(long cp) noexcept;

//! The offset of the first byte of `s` that is NUL, a control character (is_control) or not
//! part of well-formed UTF-8; nullopt when there is none.
std::optional<std::size_t> first_unprintable(std::string_view s);

//! `s` with every control character, tab and line break a space and every byte that is not
//! UTF-8 U+FFFD: a name as a writer shows it, on one line (tables, CSV, Markdown, HTML, SVG).
std::string one_line(std::string_view s);

//! `s` with its line feeds kept and every other control character (tab included) a space,
//! every byte that is not UTF-8 U+FFFD: the last step of a writer of terminal text, so that
//! no name can move the cursor, clear the screen or set a terminal's title.
std::string printable(std::string_view s);

//! `s` for a diagnostic: control characters (NUL, tab and line breaks included) and bytes
//! that are not UTF-8 written as \xNN or \uNNNN, so a message shows what the input held and
//! stays one line of valid UTF-8.
std::string escaped_for_message(std::string_view s);

}  // namespace kaya::detail

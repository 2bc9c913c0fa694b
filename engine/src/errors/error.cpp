#include "kaya/errors/error.hpp"
#include "text/utf8.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>

namespace kaya {
namespace {

constexpr std::array code_names{
    "yaml-syntax",       "unknown-key",        "missing-field",      "duplicate-name",
    "invalid-value",     "unknown-unit",       "unit-mismatch",      "undefined-reference",
    "negative-value",    "non-finite-value",   "invalid-range",      "value-outside-range",
    "circular-formula",  "invalid-expression", "unsupported-version", "file-not-found",
    "invalid-option",    "write-failed",       "implied-power-exceeds-hardware",
    "internal",
};
static_assert(code_names.size() == static_cast<std::size_t>(error_code::internal) + 1);

// The line quoted with a `>` marker and a caret under the column, Cantera-style. The quote
// is a window of the line around the column, cut on character boundaries; control
// characters and bytes that are not UTF-8 are shown escaped, so the message is one clean
// line of text whatever the input held.
void append_excerpt(std::string& out, const source_loc& loc) {
    if (!loc.known()) return;
    const std::string_view text = loc.file->line(loc.line);
    constexpr std::size_t context = 80;
    const std::size_t column = std::min(static_cast<std::size_t>(std::max(loc.column, 1)) - 1, text.size());  // 0-based byte
    std::size_t from = 0, to = text.size();
    if (text.size() > 2 * context) {
        from = column > context ? column - context / 2 : 0;
        to = std::min(text.size(), from + (from == 0 ? 2 * context : context));
        while (from > 0 && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) --from;
        while (to < text.size() && (static_cast<unsigned char>(text[to]) & 0xC0) == 0x80) ++to;
    }
    std::string quoted = from > 0 ? "..." : "", pad(quoted.size(), ' ');
    bool caret_placed = false;
    for (std::size_t i = from; i < to;) {
        if (!caret_placed && i >= column) caret_placed = true;
        // The one notion of a control character (text/utf8.hpp); a tab is shown as itself.
        const auto [cp, n] = detail::utf8_at(text, i);
        const std::string shown = cp >= 0 && cp != '\n' && cp != '\r' && (cp == '\t' || !detail::is_control(cp))
                                      ? std::string(text.substr(i, n))
                                      : detail::escaped_for_message(text.substr(i, n));
        quoted += shown;
        if (!caret_placed) {
            // Tabs are kept so that the caret lines up in a terminal; any other character,
            // or escape, takes as many columns as it shows.
            if (shown == "\t") pad += '\t';
            else pad += std::string(shown[0] == '\\' || n == 1 ? shown.size() : 1, ' ');
        }
        i += n;
    }
    const std::string number = std::to_string(loc.line);
    const std::string gutter(number.size(), ' ');
    out += fmt::format("\n> {} | {}", number, quoted);
    out += fmt::format("\n  {} | {}^", gutter, pad);
}

std::string render(error_code code, const std::string& message, const source_loc& loc,
                   const std::optional<related_loc>& related) {
    std::string out =
        fmt::format("{}: error: {} [{}]", location_text(loc), message, code_name(code));
    append_excerpt(out, loc);
    if (related && related->loc.known()) {
        out += fmt::format("\n{}: note: {}", location_text(related->loc), detail::escaped_for_message(related->note));
        append_excerpt(out, related->loc);
    }
    return out;
}

}  // namespace

std::string suggestion::clause() const {
    std::string out;
    if (!hint.empty()) out += "; " + hint;
    if (names.empty()) return out;
    out += "; did you mean ";
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() && more == 0 ? " or " : ", ";
        out += fmt::format("'{}'", names[i]);
    }
    if (more > 0) out += more == 1 ? std::string(" or one more") : fmt::format(" or one of {} more", more);
    return out + "?";
}

int source_loc::character_column() const {
    const std::string_view text = file->line(line);
    int characters = 1;
    for (std::size_t i = 0; i + 1 < static_cast<std::size_t>(column) && i < text.size(); ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++characters;
    }
    return characters + std::max(0, column - 1 - static_cast<int>(text.size()));
}

std::string location_text(const source_loc& loc) {
    if (!loc.file) return "kaya";
    if (loc.line <= 0) return loc.file->path();
    return fmt::format("{}:{}:{}", loc.file->path(), loc.line, loc.character_column());
}


std::string_view code_name(error_code code) noexcept {
    return code_names[static_cast<std::size_t>(code)];
}

error::error(error_code code, std::string message, source_loc loc,
             std::optional<related_loc> related)
    : std::runtime_error(render(code, detail::escaped_for_message(message), loc, related)),
      code_(code),
      message_(detail::escaped_for_message(message)),
      loc_(std::move(loc)) {}

input_error input_error::yaml_syntax(const source_loc& loc, std::string_view what) {
    return {error_code::yaml_syntax, fmt::format("malformed YAML: {}", what), loc};
}

input_error input_error::unknown_key(const source_loc& loc, std::string_view key,
                                     std::string_view section, const suggestion& offer) {
    return {error_code::unknown_key, fmt::format("unknown key '{}' in {}{}", key, section, offer.clause()), loc};
}

input_error input_error::missing_field(const source_loc& loc, std::string_view field,
                                       std::string_view section, std::string_view hint) {
    return {error_code::missing_field,
            fmt::format("{} is missing the required field '{}'{}{}", section, field, hint.empty() ? "" : "; ", hint), loc};
}

input_error input_error::missing_alternatives(const source_loc& loc, std::string_view section,
                                              std::string_view alternatives) {
    return {error_code::missing_field, fmt::format("{} needs {}", section, alternatives), loc};
}

input_error input_error::duplicate_key(const source_loc& loc, std::string_view key,
                                       std::string_view section, const source_loc& first) {
    return {error_code::duplicate_name, fmt::format("duplicate key '{}' in {}", key, section), loc,
            related_loc{first, fmt::format("'{}' was first given here", key)}};
}

input_error input_error::unused_key(const source_loc& loc, std::string_view key,
                                    std::string_view context) {
    return {error_code::unknown_key, fmt::format("'{}' has no meaning in {}", key, context), loc};
}

input_error input_error::duplicate_name(const source_loc& loc, std::string_view what,
                                        std::string_view name, const source_loc& first) {
    return {error_code::duplicate_name, fmt::format("duplicate {} '{}'", what, name), loc,
            related_loc{first, fmt::format("'{}' was first defined here", name)}};
}

input_error input_error::invalid_value(const source_loc& loc, std::string_view expected,
                                       std::string_view got) {
    return {error_code::invalid_value, fmt::format("expected {}, got {}", expected, got), loc};
}

input_error input_error::undefined_reference(const source_loc& loc, std::string_view kind,
                                             std::string_view name,
                                             const suggestion& offer) {
    return {error_code::undefined_reference, fmt::format("undefined {} '{}'{}", kind, name, offer.clause()), loc};
}

input_error input_error::comma_in_inline_mapping(const source_loc& loc, std::string_view key,
                                                 std::string_view previous_key, std::string_view previous) {
    // "50,000" or "1,500 kWh": a group of three digits after a number.
    auto digit = [](std::string_view s, std::size_t i) { return i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); };
    const bool thousands = digit(key, 0) && digit(key, 1) && digit(key, 2) && !digit(key, 3) && !previous.empty() &&
                           digit(previous, previous.size() - 1);
    if (thousands) {
        return {error_code::invalid_value,
                fmt::format("'{}' is read as a key without a value: in an inline mapping {{...}} a comma ends an entry, "
                            "so '{},{}' is the number {} and a key '{}'; numbers take no thousands separators: write {}{}",
                            key, previous, key, previous, key, previous, key),
                loc};
    }
    return {error_code::invalid_value,
            fmt::format("'{}' is read as a key without a value: in an inline mapping {{...}} a comma ends an entry, "
                        "so the {} ends before it; put text that contains a comma in quotes: {}: \"{}, {}\"",
                        key, previous_key, previous_key, previous, key),
            loc};
}

input_error input_error::invalid_expression(const source_loc& loc, std::string_view what) {
    return {error_code::invalid_expression, fmt::format("invalid expression: {}", what), loc};
}

input_error input_error::unsupported_version(const source_loc& loc, std::string_view got) {
    return {error_code::unsupported_version,
            fmt::format("unsupported scenario format version '{}'; this kaya reads version 1",
                        got),
            loc};
}

input_error input_error::file_not_found(std::string_view path, std::string_view why) {
    return {error_code::file_not_found, fmt::format("cannot read '{}': {}", path, why)};
}

input_error input_error::invalid_option(std::string_view subject, std::string_view what) {
    input_error e{error_code::invalid_option, fmt::format("{}: {}", subject, what)};
    e.subject_ = subject;
    return e;
}

std::string error::rendered_for(std::string_view label) const {
    if (subject_.empty() || !message_.starts_with(subject_ + ": ")) return what();
    return render(code_, fmt::format("{}: {}", label, std::string_view(message_).substr(subject_.size() + 2)), loc_, std::nullopt);
}

unit_error unit_error::unknown_unit(const source_loc& loc, std::string_view unit,
                                    const suggestion& offer) {
    return {error_code::unknown_unit, fmt::format("unknown unit '{}'{}", unit, offer.clause()), loc};
}

unit_error unit_error::mismatch(const source_loc& loc, std::string_view what,
                                std::string_view expected, std::string_view got) {
    return {error_code::unit_mismatch,
            fmt::format("{} must be {}, but this is {}", what, expected, got), loc};
}

model_error model_error::negative_value(const source_loc& loc, std::string_view what,
                                        std::string_view value) {
    return {error_code::negative_value,
            fmt::format("{} must not be negative, got {}", what, value), loc};
}

model_error model_error::non_finite_value(const source_loc& loc, std::string_view what) {
    return {error_code::non_finite_value,
            fmt::format("{} must be a finite number, not NaN or infinity", what), loc};
}

model_error model_error::invalid_range(const source_loc& loc, std::string_view what,
                                       std::string_view low_name, std::string_view low,
                                       std::string_view high_name, std::string_view high) {
    return {error_code::invalid_range,
            fmt::format("{}: the {} {} exceeds the {} {}", what, low_name, low, high_name, high), loc};
}

model_error model_error::value_outside_range(const source_loc& loc, std::string_view what,
                                             std::string_view value, std::string_view range) {
    return {error_code::value_outside_range,
            fmt::format("{}: the value {} lies outside its range {}", what, value, range), loc};
}

model_error model_error::range_exceeded(const source_loc& loc, std::string_view what,
                                        std::string_view from, std::string_view to,
                                        std::string_view range) {
    return {error_code::value_outside_range,
            fmt::format("{} can take values from {} to {}, outside its range {}", what, from, to, range),
            loc};
}

model_error model_error::formula_range(const source_loc& loc, std::string_view what,
                                       std::string_view from, std::string_view to,
                                       std::string_view range) {
    return {error_code::value_outside_range,
            fmt::format("{} is not shown to stay within {}: interval arithmetic over its inputs' ranges "
                        "bounds it by {} and {}; rewrite the formula or narrow those ranges",
                        what, range, from, to),
            loc};
}

model_error model_error::undefined_values(const source_loc& loc, std::string_view what) {
    return {error_code::non_finite_value,
            fmt::format("{} can be undefined: its formula can divide by zero, or take a square root, "
                        "logarithm or fractional power of a value that can be negative or zero",
                        what),
            loc};
}

model_error model_error::non_finite_result(const source_loc& loc, std::string_view what, long count,
                                           long samples) {
    return {error_code::non_finite_value,
            fmt::format("{} is NaN or infinite in {} of {} samples; check its formulas and the ranges of their inputs",
                        what, count, samples),
            loc};
}

model_error model_error::can_be_negative(const source_loc& loc, std::string_view what,
                                         std::string_view from, std::string_view to) {
    return {error_code::negative_value,
            fmt::format("{} can be negative: its values range from {} to {}", what, from, to), loc};
}

model_error model_error::circular_formula(const source_loc& loc, std::string_view cycle) {
    return {error_code::circular_formula, fmt::format("circular formula: {}", cycle), loc};
}

environment_error environment_error::write_failed(std::string_view what, std::string_view reason) {
    return {error_code::write_failed, fmt::format("cannot write {}: {}", what, reason)};
}

internal_error::internal_error(std::string message)
    : error(error_code::internal, std::move(message)) {}

}  // namespace kaya

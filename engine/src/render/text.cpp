#include "render/text.hpp"
#include "text/utf8.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace kaya::detail {

std::string thousands(long long v) {
    // Negated as unsigned: -LLONG_MIN is not a long long.
    std::string digits = std::to_string(v < 0 ? 0ULL - static_cast<unsigned long long>(v) : static_cast<unsigned long long>(v));
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), 1, ',');
    return v < 0 ? "-" + digits : digits;
}

std::string whole(double v) {
    // Past 10^15 a double holds no more whole digits than four significant figures show,
    // and past 2^63 no long long holds it at all.
    if (std::abs(v) >= 1e15) return fmt::format("{:.3e}", v);
    return thousands(std::llround(v));
}

std::string cell(double v) {
    if (!std::isfinite(v)) return "n/a";
    if (v == 0.0) return "0";
    const double a = std::abs(v);
    if (a >= 999.5) return whole(v);
    const int decimals = std::max(0, 3 - static_cast<int>(std::floor(std::log10(a))));
    return fmt::format("{:.{}f}", v, decimals);
}

std::string json_quoted(std::string_view s) {
    // Control characters escaped (C1, U+2028 and U+2029 too, which JavaScript reads as line
    // breaks), bytes that are not UTF-8 U+FFFD: the text always parses, in any JSON reader.
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size();) {
        const auto [cp, length] = utf8_at(s, i);
        switch (cp) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            case '\r': out += "\\r"; break;
            case -1: out += "\\ufffd"; break;
            default:
                if (is_control(cp)) out += fmt::format("\\u{:04x}", cp);
                else out.append(s.substr(i, length));
        }
        i += length;
    }
    return out + "\"";
}

std::string json_number(double v) { return std::isfinite(v) ? fmt::format("{}", v) : "null"; }

std::string csv_field(std::string_view text) {
    // A field is one line: a name's line break or control character is a space.
    const std::string line = one_line(text);
    const std::string_view s = line;
    // A text that a spreadsheet would run as a formula (= + - @, or a tab or CR first) is
    // prefixed with ' and quoted, as OWASP recommends against CSV injection.
    // A tab or CR first (OWASP's list) is a space by now, and a space first is treated alike.
    const bool formula = !s.empty() && std::string_view("=+-@ ").find(s.front()) != std::string_view::npos;
    if (!formula && s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
    std::string out = formula ? "\"'" : "\"";
    for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::size_t display_width(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string percent(double share) {
    const double rounded = std::round(share * 100.0);
    return fmt::format("{:.0f} %", rounded == 0.0 ? 0.0 : rounded);
}

std::string wrap(std::string_view text, int width, std::string_view indent) {
    if (width <= 0) return std::string(text);
    auto length = [](std::string_view s) { return static_cast<int>(display_width(s)); };  // in characters, not bytes
    // The text's own leading spaces are kept; words are what the spaces after them separate.
    const std::size_t lead = std::min(text.find_first_not_of(' '), text.size());
    std::string out, line(text.substr(0, lead));
    bool fresh = true;  // nothing but indentation on the line yet
    std::size_t at = lead;
    while (at < text.size()) {
        std::size_t end = text.find(' ', at);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view word = text.substr(at, end - at);
        at = end + 1;
        if (word.empty()) continue;
        if (!fresh && length(line) + 1 + length(word) > width) {
            out += line + "\n";
            line = std::string(indent);
            fresh = true;
        }
        if (!fresh) line += ' ';
        line += word;
        fresh = false;
    }
    return out + line;
}

std::string impact_cell(const summary& x, double per_base) {
    if (!x.assessed()) return "n/a";
    return (x.status == coverage_status::partial ? "≥ " : "") + cell(x.nominal * per_base);
}

std::string impact_range(const summary& x, double per_base) {
    if (!x.assessed() || x.p05 == x.p95) return "";
    return fmt::format("{} – {}", cell(x.p05 * per_base), cell(x.p95 * per_base));
}

std::vector<std::size_t> shown_indicators(const std::vector<indicator>& all, bool details) {
    std::vector<std::size_t> out;
    for (std::size_t k = 0; k < all.size(); ++k)
        if (details || all[k].detail_of.empty()) out.push_back(k);
    return out;
}

bool has_gaps(const run_result& r) {
    return std::any_of(r.total.begin(), r.total.end(), [](const summary& s) { return s.status != coverage_status::complete; });
}

std::vector<std::string> coverage_lines(const run_result& r) {
    std::vector<std::string> out;
    for (const auto& g : r.coverage) {
        const auto k = r.indicator_index(g.indicator);
        const std::string name = k ? r.indicators[*k].name : g.indicator;
        out.push_back(fmt::format("{} ({}), phase '{}': {}; {}", name, g.indicator, g.phase, g.missing, g.why));
    }
    return out;
}

std::string accounting_line(const std::vector<indicator>& indicators, const std::string& primary) {
    std::string first, others;
    for (const auto& ind : indicators) {
        if (ind.accounting.empty()) continue;
        const std::string text = fmt::format("{}-based ({})", ind.accounting, ind.key);
        if (ind.accounting == primary) first = text;
        else others += (others.empty() ? "" : ", ") + text;
    }
    if (first.empty()) return "";
    if (others.empty()) return fmt::format("Carbon: {}, the primary accounting.", first);
    return fmt::format("Carbon: {}, the primary accounting; {} beside it, each counting every phase once.", first, others);
}

}  // namespace kaya::detail

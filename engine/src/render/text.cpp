#include "render/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace kaya::detail {

std::string thousands(long long v) {
    std::string digits = std::to_string(v < 0 ? -v : v);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), 1, ',');
    return v < 0 ? "-" + digits : digits;
}

std::string cell(double v) {
    if (!std::isfinite(v)) return "n/a";
    if (v == 0.0) return "0";
    const double a = std::abs(v);
    if (a >= 999.5) return thousands(std::llround(v));
    const int decimals = std::max(0, 3 - static_cast<int>(std::floor(std::log10(a))));
    return fmt::format("{:.{}f}", v, decimals);
}

std::string json_quoted(std::string_view s) {
    std::string out = "\"";
    for (const char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", c);
                else out += c;
        }
    }
    return out + "\"";
}

std::string json_number(double v) { return std::isfinite(v) ? fmt::format("{}", v) : "null"; }

std::string csv_field(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
    std::string out = "\"";
    for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string percent(double share) {
    const double rounded = std::round(share * 100.0);
    return fmt::format("{:.0f} %", rounded == 0.0 ? 0.0 : rounded);
}

}  // namespace kaya::detail

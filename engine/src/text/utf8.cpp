#include "text/utf8.hpp"

#include <fmt/format.h>

namespace kaya::detail {

std::pair<long, std::size_t> utf8_at(std::string_view s, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b = byte(i);
    if (b < 0x80) return {b, 1};
    const std::size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
    if (n == 0 || b > 0xF4 || i + n > s.size()) return {-1, 1};
    long cp = b & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return {-1, 1};
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    static constexpr long least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {-1, 1};
    return {cp, n};
}

bool is_control(long cp) noexcept {
    if (cp == '\t' || cp == '\n' || cp == '\r') return false;
    return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029;
}

std::optional<std::size_t> first_unprintable(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto [cp, length] = utf8_at(s, i);
        if (cp <= 0 || is_control(cp)) return i;
        i += length;
    }
    return std::nullopt;
}

std::string one_line(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto [cp, length] = utf8_at(s, i);
        if (cp < 0) out += "\xEF\xBF\xBD";
        else if (cp == '\t' || cp == '\n' || cp == '\r' || is_control(cp)) out += ' ';
        else out.append(s.substr(i, length));
        i += length;
    }
    return out;
}

std::string printable(std::string_view s) {
    if (!first_unprintable(s) && s.find_first_of("\t\r") == std::string_view::npos) return std::string(s);
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto [cp, length] = utf8_at(s, i);
        if (cp < 0) out += "\xEF\xBF\xBD";
        else if (cp == '\t' || cp == '\r' || is_control(cp)) out += ' ';
        else out.append(s.substr(i, length));
        i += length;
    }
    return out;
}

std::string escaped_for_message(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto [cp, length] = utf8_at(s, i);
        if (cp < 0) out += fmt::format("\\x{:02X}", static_cast<unsigned char>(s[i]));
        else if (cp == '\t' || cp == '\n' || cp == '\r' || is_control(cp)) out += cp <= 0xFF ? fmt::format("\\x{:02X}", cp) : fmt::format("\\u{:04X}", cp);
        else out.append(s.substr(i, length));
        i += length;
    }
    return out;
}

}  // namespace kaya::detail

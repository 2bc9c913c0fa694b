// ISO 8601 timestamps of measurement files (measure/timestamp.hpp).
#include "measure/timestamp.hpp"

#include <charconv>
#include <cstdint>

namespace kaya::detail {
namespace {

// Exactly `n` digits at `s[at]`.
std::optional<int> digits(std::string_view s, std::size_t at, std::size_t n) {
    if (at + n > s.size()) return std::nullopt;
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

}  // namespace

std::optional<double> epoch_seconds(std::string_view s) {
    const auto y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
    if (!y || !mo || !d || s[4] != '-' || s[7] != '-' || *mo < 1 || *mo > 12 || *d < 1 || *d > 31) return std::nullopt;
    // Days from civil (H. Hinnant's algorithm).
    const std::int64_t yy = *y - (*mo <= 2 ? 1 : 0);
    const std::int64_t era = yy / 400;
    const std::int64_t yoe = yy - era * 400;
    const std::int64_t doy = (153 * (*mo + (*mo > 2 ? -3 : 9)) + 2) / 5 + *d - 1;
    const std::int64_t days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
    double t = static_cast<double>(days) * 86400.0;
    std::size_t i = 10;
    if (i == s.size()) return t;
    if (s[i] != 'T' && s[i] != ' ') return std::nullopt;
    const auto h = digits(s, i + 1, 2), mi = digits(s, i + 4, 2);
    if (!h || !mi || s.size() < i + 6 || s[i + 3] != ':' || *h > 24 || *mi > 59) return std::nullopt;
    t += *h * 3600.0 + *mi * 60.0;
    i += 6;
    if (i < s.size() && s[i] == ':') {
        const auto se = digits(s, i + 1, 2);
        if (!se || *se > 60) return std::nullopt;
        t += *se;
        i += 3;
        if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
            std::size_t j = i + 1;
            double scale = 0.1;
            while (j < s.size() && s[j] >= '0' && s[j] <= '9') {
                t += (s[j] - '0') * scale;
                scale /= 10;
                ++j;
            }
            if (j == i + 1) return std::nullopt;
            i = j;
        }
    }
    if (i == s.size()) return t;
    if (s[i] == 'Z' && i + 1 == s.size()) return t;
    if (s[i] == '+' || s[i] == '-') {
        const auto oh = digits(s, i + 1, 2);
        const bool colon = i + 3 < s.size() && s[i + 3] == ':';
        const auto om = digits(s, i + (colon ? 4 : 3), 2);
        if (!oh || !om || i + (colon ? 6 : 5) != s.size()) return std::nullopt;
        const double offset = *oh * 3600.0 + *om * 60.0;
        return s[i] == '+' ? t - offset : t + offset;
    }
    return std::nullopt;
}

}  // namespace kaya::detail

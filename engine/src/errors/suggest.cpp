#include "errors/suggest.hpp"

#include <algorithm>
#include <cctype>

namespace kaya::detail {
namespace {

// Damerau-Levenshtein (optimal string alignment); case differences cost half, so that
// `kwh` suggests `kWh` before anything else.
double distance(std::string_view a, std::string_view b) {
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::vector<double>> d(n + 1, std::vector<double>(m + 1));
    for (std::size_t i = 0; i <= n; ++i) d[i][0] = static_cast<double>(i);
    for (std::size_t j = 0; j <= m; ++j) d[0][j] = static_cast<double>(j);
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= m; ++j) {
            double cost = 0.0;
            if (a[i - 1] != b[j - 1]) {
                const bool same_letter = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                                         std::tolower(static_cast<unsigned char>(b[j - 1]));
                cost = same_letter ? 0.5 : 1.0;
            }
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

}  // namespace

std::string nearest(std::string_view name, const std::vector<std::string>& candidates) {
    std::string best;
    double best_distance = 0.0;
    for (const auto& c : candidates) {
        const double dist = distance(name, c);
        if (best.empty() || dist < best_distance) {
            best = c;
            best_distance = dist;
        }
    }
    const double limit = std::max(1.0, static_cast<double>(name.size()) / 3.0);
    return best_distance <= limit ? best : std::string();
}

}  // namespace kaya::detail

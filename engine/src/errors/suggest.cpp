#include "errors/suggest.hpp"

#include <fmt/format.h>

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

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The names of one kind of match, ordered by `key` (then alphabetically), as a suggestion.
template <class Key>
suggestion ranked(std::vector<std::string> names, std::size_t limit, Key key) {
    std::sort(names.begin(), names.end(), [&](const std::string& a, const std::string& b) {
        const auto ka = key(a), kb = key(b);
        return ka != kb ? ka < kb : a < b;
    });
    suggestion out;
    if (names.size() > limit) out.more = names.size() - limit, names.resize(limit);
    out.names = std::move(names);
    return out;
}

}  // namespace

suggestion suggest(std::string_view name, const std::vector<std::string>& candidates, std::size_t limit) {
    if (name.empty() || candidates.empty()) return {};
    const std::string needle = lower(name);
    std::vector<std::string> same, prefixed, containing, extended;
    for (const auto& c : candidates) {
        const std::string hay = lower(c);
        if (hay == needle) same.push_back(c);
        else if (needle.size() >= 2 && hay.starts_with(needle)) prefixed.push_back(c);
        else if (needle.size() >= 3 && hay.find(needle) != std::string::npos) containing.push_back(c);
        else if (hay.size() >= 2 && needle.size() > hay.size() && needle.starts_with(hay) &&
                 (needle[hay.size()] == '-' || needle[hay.size()] == '_')) extended.push_back(c);
    }
    auto shortest = [](const std::string& s) { return s.size(); };
    if (!same.empty()) return ranked(same, limit, shortest);
    if (!prefixed.empty()) return ranked(prefixed, limit, shortest);
    if (!containing.empty()) return ranked(containing, limit, shortest);
    // Within edit distance, the nearest; a candidate that keeps the name's first segment
    // ("gcp-" of "gcp-us-east2") before one that `name` extends, and that before the rest:
    // "aws-us-east-1" is nearer "gcp-us-east1" than "aws" as text, but not as meant.
    const double limit_distance = std::max(1.0, static_cast<double>(name.size()) / 3.0);
    const std::size_t cut = needle.find_first_of("-_");
    const std::string first = cut == std::string::npos ? std::string() : needle.substr(0, cut + 1);
    std::vector<std::pair<double, std::string>> kept, other;
    for (const auto& c : candidates) {
        const double d = distance(name, c);
        if (d > limit_distance) continue;
        (!first.empty() && lower(c).starts_with(first) ? kept : other).emplace_back(d, c);
    }
    // The nearest of a group, and any as near.
    auto nearest_of = [](const std::vector<std::pair<double, std::string>>& group) {
        std::vector<std::string> out;
        if (group.empty()) return out;
        const double best = std::min_element(group.begin(), group.end())->first;
        for (const auto& [d, c] : group)
            if (d == best) out.push_back(c);
        return out;
    };
    if (!kept.empty()) return ranked(nearest_of(kept), limit, shortest);
    if (!extended.empty()) return ranked(extended, limit, [](const std::string& s) { return -static_cast<long>(s.size()); });
    return ranked(nearest_of(other), limit, shortest);
}

std::string nearest(std::string_view name, const std::vector<std::string>& candidates) {
    const suggestion s = suggest(name, candidates, 1);
    return s.names.empty() ? std::string() : s.names.front();
}

suggestion suggest_among(std::string_view name, const std::vector<std::string>& candidates, std::string_view what) {
    suggestion out = suggest(name, candidates);
    if (out.names.empty()) {
        out.hint = candidates.empty() ? fmt::format("there are no {}", what) : fmt::format("the {} are {}", what, listing(candidates));
    }
    return out;
}

std::string listing(const std::vector<std::string>& names, std::string_view conjunction) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? fmt::format(" {} ", conjunction) : std::string(", ");
        out += names[i];
    }
    return out;
}

}  // namespace kaya::detail

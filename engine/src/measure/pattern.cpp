// Wildcard matching for measurement selections (measure/pattern.hpp).
#include "measure/pattern.hpp"

#include <cstddef>

namespace kaya::detail {
namespace {

bool glob(std::string_view pattern, std::string_view text) {
    std::size_t p = 0, t = 0, star = std::string_view::npos, mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

}  // namespace

bool matches(std::string_view patterns, std::string_view text) {
    while (true) {
        const std::size_t bar = patterns.find('|');
        if (glob(patterns.substr(0, bar), text)) return true;
        if (bar == std::string_view::npos) return false;
        patterns.remove_prefix(bar + 1);
    }
}

}  // namespace kaya::detail

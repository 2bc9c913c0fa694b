#include "kaya/errors/source.hpp"

#include <algorithm>

namespace kaya {

source_file::source_file(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text_.size(); ++i) {
        if (text_[i] == '\n' && i + 1 < text_.size()) line_starts_.push_back(i + 1);
    }
}

source_file::source_file(std::string path, std::string text, int first_line) : source_file(std::move(path), std::move(text)) {
    first_line_ = std::max(first_line, 1);
}

std::size_t source_file::offset_of(int line, int column) const noexcept {
    if (line < first_line_) return 0;
    if (line > line_count()) return text_.size();
    const std::size_t begin = line_starts_[static_cast<std::size_t>(line - first_line_)];
    return std::min(text_.size(), begin + static_cast<std::size_t>(std::max(column, 1) - 1));
}

std::pair<int, int> source_file::position_of(std::size_t offset) const noexcept {
    offset = std::min(offset, text_.size());
    const auto next = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const auto line = static_cast<int>(next - line_starts_.begin());
    return {line + first_line_ - 1, static_cast<int>(offset - line_starts_[static_cast<std::size_t>(line - 1)]) + 1};
}

std::vector<std::size_t> source_loc::offsets_within(std::string_view value) const {
    if (!known()) return {};
    const std::string& text = file->text();
    std::size_t pos = file->offset_of(line, column);
    auto blank = [&](std::size_t p) { return p < text.size() && (text[p] == ' ' || text[p] == '\t' || text[p] == '\r' || text[p] == '\n'); };
    // A block scalar's header (`>`, `|-`, ...) is not part of its text.
    if (pos < text.size() && (text[pos] == '>' || text[pos] == '|')) {
        while (pos < text.size() && text[pos] != '\n') ++pos;
        while (blank(pos)) ++pos;
    }
    std::vector<std::size_t> out;
    out.reserve(value.size() + 1);
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (pos < text.size() && text[pos] != value[i]) {
            // A folded line break (and the next line's indentation) reads as one space; an
            // escape (`\"`) as one character.
            if (blank(pos)) {
                while (blank(pos)) ++pos;
                if (value[i] == ' ') {
                    out.push_back(pos);
                    continue;
                }
            } else if (text[pos] == '\\') {
                pos = std::min(text.size(), pos + 1);
            }
        }
        out.push_back(pos);
        pos = std::min(text.size(), pos + 1);
    }
    out.push_back(pos);
    return out;
}

source_loc source_loc::at_offset(std::size_t offset) const {
    const auto [l, c] = file->position_of(offset);
    return {file, l, c};
}

source_loc source_loc::within(std::string_view value, std::size_t offset) const {
    if (!known()) return shifted(static_cast<int>(offset));
    const std::vector<std::size_t> offsets = offsets_within(value);
    return at_offset(offsets[std::min(offset, offsets.size() - 1)]);
}

std::string_view source_file::line(int n) const noexcept {
    if (n < first_line_ || n > line_count()) return {};
    const std::size_t begin = line_starts_[static_cast<std::size_t>(n - first_line_)];
    std::size_t end = text_.find('\n', begin);
    if (end == std::string::npos) end = text_.size();
    if (end > begin && text_[end - 1] == '\r') --end;
    return std::string_view(text_).substr(begin, end - begin);
}

}  // namespace kaya

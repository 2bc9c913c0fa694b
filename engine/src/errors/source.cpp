#include "kaya/errors/source.hpp"

namespace kaya {

source_file::source_file(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < text_.size(); ++i) {
        if (text_[i] == '\n' && i + 1 < text_.size()) line_starts_.push_back(i + 1);
    }
}

std::string_view source_file::line(int n) const noexcept {
    if (n < 1 || n > line_count()) return {};
    const std::size_t begin = line_starts_[static_cast<std::size_t>(n - 1)];
    std::size_t end = text_.find('\n', begin);
    if (end == std::string::npos) end = text_.size();
    if (end > begin && text_[end - 1] == '\r') --end;
    return std::string_view(text_).substr(begin, end - begin);
}

}  // namespace kaya

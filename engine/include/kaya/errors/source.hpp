#pragma once
//! Source text and locations, so that any stage can point back into the input file.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kaya {

//! The text of one input file, kept so that diagnostics can quote the offending line.
class source_file {
public:
    source_file(std::string path, std::string text);

    [[nodiscard]] const std::string& path() const noexcept { return path_; }
    [[nodiscard]] const std::string& text() const noexcept { return text_; }
    //! Returns line `n` (1-based) without its newline, or an empty view past the end.
    [[nodiscard]] std::string_view line(int n) const noexcept;
    [[nodiscard]] int line_count() const noexcept { return static_cast<int>(line_starts_.size()); }

private:
    std::string path_;
    std::string text_;
    std::vector<std::size_t> line_starts_;
};

//! A 1-based line and column in a source file; `file` may be null for values given
//! outside any file (a built-in default, a command-line option).
struct source_loc {
    std::shared_ptr<const source_file> file;
    int line = 0;
    int column = 0;

    [[nodiscard]] bool known() const noexcept { return file != nullptr && line > 0; }
    //! The same place moved `n` characters to the right on its line.
    [[nodiscard]] source_loc shifted(int n) const { return {file, line, column + n}; }
};

}  // namespace kaya

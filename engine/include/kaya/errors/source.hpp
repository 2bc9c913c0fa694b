#pragma once
//! Source text and locations, so that any stage can point back into the input file.

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kaya {

//! The text of one input file, kept so that diagnostics can quote the offending line.
class source_file {
public:
    source_file(std::string path, std::string text);
    //! An excerpt of a file read as a stream: `text` is the file's lines from `first_line` on,
    //! so that a located error quotes the line it points at without the file being kept.
    source_file(std::string path, std::string text, int first_line);

    [[nodiscard]] const std::string& path() const noexcept { return path_; }
    [[nodiscard]] const std::string& text() const noexcept { return text_; }
    //! The line of the file that `text` starts on (1 unless it is an excerpt).
    [[nodiscard]] int first_line() const noexcept { return first_line_; }
    //! Returns line `n` (1-based) without its newline, or an empty view past the end.
    [[nodiscard]] std::string_view line(int n) const noexcept;
    [[nodiscard]] int line_count() const noexcept { return first_line_ - 1 + static_cast<int>(line_starts_.size()); }
    //! The byte offset of a 1-based line and byte column, clamped to the text.
    [[nodiscard]] std::size_t offset_of(int line, int column) const noexcept;
    //! The 1-based line and byte column of a byte offset.
    [[nodiscard]] std::pair<int, int> position_of(std::size_t offset) const noexcept;

private:
    std::string path_;
    std::string text_;
    std::vector<std::size_t> line_starts_;
    int first_line_ = 1;
};

//! A 1-based line and column in a source file; `file` may be null for values given
//! outside any file (a built-in default, a command-line option).
struct source_loc {
    std::shared_ptr<const source_file> file;
    int line = 0;
    int column = 0;

    [[nodiscard]] bool known() const noexcept { return file != nullptr && line > 0; }
    //! The column as messages give it and editors count it: in characters, where `column`
    //! counts bytes of UTF-8.
    [[nodiscard]] int character_column() const;
    //! The same place moved `n` characters to the right on its line.
    [[nodiscard]] source_loc shifted(int n) const { return {file, line, column + n}; }
    //! The place of character `offset` of `value`, a YAML scalar's text that starts here.
    //! A plain or folded scalar spread over several lines reads as one line (its line breaks
    //! and indentation folded into spaces): this walks the file's text to find where that
    //! character really is, rather than counting past the end of the first line.
    [[nodiscard]] source_loc within(std::string_view value, std::size_t offset) const;
    //! The file offset of every character of `value` (and of its end), for many look-ups;
    //! empty when the place is not known.
    [[nodiscard]] std::vector<std::size_t> offsets_within(std::string_view value) const;
    //! The place at a file offset of the same file.
    [[nodiscard]] source_loc at_offset(std::size_t offset) const;
};

}  // namespace kaya

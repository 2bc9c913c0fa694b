// The one way YAML text enters kaya: checked as text, then as one YAML document.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include <fstream>
#include <filesystem>

#include "kaya/errors/error.hpp"
#include "scenario/yaml_reader.hpp"
#include "text/utf8.hpp"

namespace kaya::detail {
namespace {

source_loc at(const std::shared_ptr<const source_file>& file, const YAML::Mark& m) {
    return {file, m.line + (file ? file->first_line() : 1), m.column + 1};
}

// What a text of kaya's may not hold: a NUL, a control character or a byte that is not
// UTF-8. They would reach names, and from there JSON that no parser reads, SVG that is not
// XML and escape sequences on a terminal. YAML (1.2, section 5.1) excludes them from its
// text too, but its escapes ("\0", "\e", "\x85") and yaml-cpp's decoding of "\_" and "\N"
// (single bytes 0xA0 and 0x85) put them back, so decoded scalars are checked as well.
std::string unprintable_reason(std::string_view text, std::size_t i) {
    const auto [cp, length] = utf8_at(text, i);
    if (cp == 0) return "a NUL byte; YAML text holds none (is this a binary file?)";
    if (cp < 0) return fmt::format("the byte 0x{:02X} is not UTF-8; save the file as UTF-8", static_cast<unsigned char>(text[i]));
    return fmt::format("the control character U+{:04X}; a text of kaya's holds none", cp);
}

void check_text(const std::shared_ptr<const source_file>& file) {
    const std::string& text = file->text();
    if (const auto i = first_unprintable(text)) {
        const auto [line, column] = file->position_of(*i);
        throw input_error::yaml_syntax({file, line, column}, unprintable_reason(text, *i));
    }
}

// Walks the first document, for the places of the documents and the decoded scalars.
struct document_walk : YAML::EventHandler {
    explicit document_walk(std::shared_ptr<const source_file> f) : file(std::move(f)) {}
    std::shared_ptr<const source_file> file;
    YAML::Mark start;
    void OnDocumentStart(const YAML::Mark& m) override { start = m; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t, const std::string& value) override {
        if (const auto i = first_unprintable(value)) {
            const long cp = utf8_at(value, *i).first;
            throw input_error::yaml_syntax(
                at(file, m), cp < 0 ? fmt::format("an escape in this text decodes to the byte 0x{:02X}, which is not UTF-8 (yaml-cpp "
                                                  "decodes \\_ and \\N so); write the character itself",
                                                  static_cast<unsigned char>(value[*i]))
                                    : fmt::format("an escape in this text decodes to the control character U+{:04X}, which no "
                                                  "text of kaya's holds; leave it out",
                                                  cp));
        }
    }
    void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { enter(m); }
    void OnSequenceEnd() override { --depth; }
    void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { enter(m); }
    void OnMapEnd() override { --depth; }

    // No text of kaya's nests deeply; yaml-cpp would stop much deeper, saying only "bad file".
    int depth = 0;
    void enter(const YAML::Mark& m) {
        if (++depth > static_cast<int>(max_yaml_depth)) {
            throw input_error::yaml_syntax(at(file, m), fmt::format("lists and mappings nested more than {} deep", max_yaml_depth));
        }
    }
};

}  // namespace

YAML::Node load_document(const std::shared_ptr<const source_file>& file, std::string_view what) {
    check_text(file);
    try {
        // yaml-cpp 0.7 takes a stray ',' at the top level for an endless run of empty documents
        // (jbeder/yaml-cpp#1040): walk at most three, and a document that starts where the
        // previous one did is that text, not a document.
        std::istringstream in(file->text());
        YAML::Parser parser(in);
        document_walk marks(file);
        std::vector<YAML::Mark> starts;
        while (starts.size() < 3 && parser.HandleNextDocument(marks)) {
            if (!starts.empty() && marks.start.pos == starts.back().pos) {
                const std::size_t pos = static_cast<std::size_t>(std::max(marks.start.pos, 0));
                const char c = pos < file->text().size() ? file->text()[pos] : ' ';
                throw input_error::yaml_syntax(at(file, marks.start), fmt::format("unexpected '{}' where {} should start", c, what));
            }
            starts.push_back(marks.start);
        }
        if (starts.size() > 1) {
            throw input_error::invalid_value(at(file, starts[1]), fmt::format("one YAML document holding {}", what),
                                             "a second document");
        }
        return YAML::Load(file->text());
    } catch (const YAML::Exception& e) {  // also nesting too deep for the parser
        throw input_error::yaml_syntax(at(file, e.mark), e.msg);
    }
}

YAML::Node load_built_in(const std::shared_ptr<const source_file>& file) {
    try {
        return YAML::Load(file->text());
    } catch (const YAML::Exception& e) {
        throw input_error::yaml_syntax(at(file, e.mark), e.msg);
    }
}

void check_path(const std::string& path) {
    const std::size_t nul = path.find('\0');
    if (nul == std::string::npos) return;
    std::string shown = path;
    for (std::size_t i = nul; i < shown.size(); ++i)
        if (shown[i] == '\0') shown.replace(i, 1, "\\0");
    throw input_error::file_not_found(shown, "the name holds a NUL byte, which no file's name can");
}

void check_size(std::uintmax_t size, std::uintmax_t limit, const std::string& path, std::string_view what) {
    if (size > limit) {
        throw input_error::file_not_found(path, fmt::format("it is {} bytes, more than the {} bytes kaya reads as {}", size, limit, what));
    }
}

namespace {
// A regular file of at most `limit` bytes: its size.
std::uintmax_t checked_size(const std::string& path, std::string_view what, std::uintmax_t limit) {
    namespace fs = std::filesystem;
    check_path(path);
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) throw input_error::file_not_found(path, "no such file, or it cannot be opened");
    // Not a device (/dev/zero), a pipe or a folder: those have no end, or no text.
    if (fs::is_directory(status)) throw input_error::file_not_found(path, fmt::format("it is a folder, not {}", what));
    if (!fs::is_regular_file(status)) throw input_error::file_not_found(path, fmt::format("it is not a regular file, so not {}", what));
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec) throw input_error::file_not_found(path, ec.message());
    check_size(size, limit, path, what);
    return size;
}
}  // namespace

std::string read_text_file(const std::string& path, std::string_view what) {
    const std::uintmax_t size = checked_size(path, what, max_input_bytes);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw input_error::file_not_found(path, "no such file, or it cannot be opened");
    std::string text(static_cast<std::size_t>(size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    // A file that grew while being read is cut at the size it had; one that shrank is short.
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (in.bad()) throw input_error::file_not_found(path, "read error");
    return text;
}

std::ifstream open_measurement(const std::string& path) {
    (void)checked_size(path, "a measurement file", max_stream_bytes);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw input_error::file_not_found(path, "no such file, or it cannot be opened");
    return in;
}

}  // namespace kaya::detail

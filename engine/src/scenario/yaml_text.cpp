// The one way YAML text enters kaya: checked as text, then as one YAML document.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include <fstream>
#include <filesystem>

#include "kaya/errors/error.hpp"
#include "scenario/yaml_reader.hpp"

namespace kaya::detail {
namespace {

// Counts nothing: it only lets the parser walk the documents, for their places.
struct document_marks : YAML::EventHandler {
    YAML::Mark start;
    void OnDocumentStart(const YAML::Mark& m) override { start = m; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

source_loc at(const std::shared_ptr<const source_file>& file, const YAML::Mark& m) { return {file, m.line + 1, m.column + 1}; }

// NUL bytes and bytes that are not UTF-8 would reach names, and from there JSON that no
// parser reads and SVG that is not XML.
void check_text(const std::shared_ptr<const source_file>& file) {
    const std::string& text = file->text();
    for (std::size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        std::size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
        for (std::size_t k = 1; n != 0 && k < n; ++k)
            if (i + k >= text.size() || (static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) n = 0;
        // Overlong forms and surrogates are not UTF-8 either.
        if (n == 2 && b < 0xC2) n = 0;
        if (n == 3) {
            const auto c = static_cast<unsigned char>(text[i + 1]);
            if ((b == 0xE0 && c < 0xA0) || (b == 0xED && c >= 0xA0)) n = 0;
        }
        if (n == 4) {
            const auto c = static_cast<unsigned char>(text[i + 1]);
            if ((b == 0xF0 && c < 0x90) || (b == 0xF4 && c >= 0x90) || b > 0xF4) n = 0;
        }
        if (b == 0 || n == 0) {
            const auto [line, column] = file->position_of(i);
            throw input_error::yaml_syntax({file, line, column},
                                           b == 0 ? std::string("a NUL byte; YAML text holds none (is this a binary file?)")
                                                  : fmt::format("the byte 0x{:02X} is not UTF-8; save the file as UTF-8", b));
        }
        i += n;
    }
}

}  // namespace

YAML::Node load_document(const std::shared_ptr<const source_file>& file, std::string_view what) {
    check_text(file);
    try {
        // yaml-cpp 0.7 takes a stray ',' at the top level for an endless run of empty documents
        // (jbeder/yaml-cpp#1040): walk at most three, and a document that starts where the
        // previous one did is that text, not a document.
        std::istringstream in(file->text());
        YAML::Parser parser(in);
        document_marks marks;
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

std::string read_text_file(const std::string& path, std::string_view what) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) throw input_error::file_not_found(path, "no such file, or it cannot be opened");
    // Not a device (/dev/zero), a pipe or a folder: those have no end, or no text.
    if (fs::is_directory(status)) throw input_error::file_not_found(path, fmt::format("it is a folder, not {}", what));
    if (!fs::is_regular_file(status)) throw input_error::file_not_found(path, fmt::format("it is not a regular file, so not {}", what));
    const std::uintmax_t size = fs::file_size(path, ec);
    if (ec) throw input_error::file_not_found(path, ec.message());
    if (size > max_input_bytes) {
        throw input_error::file_not_found(path, fmt::format("it is {} bytes, more than the {} bytes kaya reads as {}", size,
                                                            max_input_bytes, what));
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw input_error::file_not_found(path, "no such file, or it cannot be opened");
    std::string text(static_cast<std::size_t>(size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    // A file that grew while being read is cut at the size it had; one that shrank is short.
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (in.bad()) throw input_error::file_not_found(path, "read error");
    return text;
}

}  // namespace kaya::detail

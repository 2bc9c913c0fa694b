#pragma once
// Strict reading of yaml-cpp nodes: locations, duplicate and unknown keys.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <fstream>
#include <memory>
#include <string_view>
#include <string>
#include <vector>

#include "kaya/errors/source.hpp"
#include "kaya/scenario/scenario.hpp"

namespace kaya::detail {

//! The most bytes of text kaya reads from one file (a scenario or a catalogue):
//! docs/reference/limits.md.
inline constexpr std::uintmax_t max_input_bytes = 4u << 20;
//! The most bytes kaya reads from a measurement file it streams (sacct accounting):
//! docs/reference/limits.md.
inline constexpr std::uintmax_t max_stream_bytes = std::uintmax_t{4} << 30;
//! The deepest nesting of lists and mappings kaya reads: docs/reference/limits.md.
inline constexpr std::size_t max_yaml_depth = 64;

//! The one document of YAML text in `file`, describing `what` (for messages). Rejects NUL
//! bytes and text that is not UTF-8, a stray ',' that yaml-cpp would read forever, and a
//! second document, each as a located error.
YAML::Node load_document(const std::shared_ptr<const source_file>& file, std::string_view what);
//! The same for text kaya ships (a generated catalogue's excerpt), without the checks
//! that guard against what an untrusted file may hold: one parse instead of two.
YAML::Node load_built_in(const std::shared_ptr<const source_file>& file);

//! Throws file-not-found when `path` holds a NUL byte: the system would take the name cut
//! at it, the name of another file.
void check_path(const std::string& path);
//! Throws file-not-found for `size` bytes of `what` beyond `limit`: files are bounded so,
//! and text given directly as a file is.
void check_size(std::uintmax_t size, std::uintmax_t limit, const std::string& path, std::string_view what);

//! The text of a regular file of at most max_input_bytes; `what` names it in messages
//! ("a scenario"). Throws file-not-found for a folder, a device, a pipe or a larger file.
std::string read_text_file(const std::string& path, std::string_view what);

//! A regular file of at most max_stream_bytes, opened to be read as a stream; throws as
//! read_text_file does.
std::ifstream open_measurement(const std::string& path);

//! The 1-based place of a node; quoted scalars point at their first character.
source_loc loc_of(const YAML::Node& node, const std::shared_ptr<const source_file>& file);
//! The place of the first character of a scalar's text.
source_loc text_loc_of(const YAML::Node& node, const std::shared_ptr<const source_file>& file);

//! The entries of a mapping, checked for duplicate keys, taken one by one; whatever is
//! left at `finish` is an unknown key.
class map_reader {
public:
    map_reader(const YAML::Node& node, std::string section,
               std::shared_ptr<const source_file> file);

    struct entry {
        std::string key;
        YAML::Node key_node;
        YAML::Node value;
        bool taken = false;
    };

    //! The value of `key`, marked as read; a null node when absent.
    YAML::Node take(const std::string& key);
    //! The value of `key`, which must be present.
    YAML::Node require(const std::string& key);
    //! Where `key` is written, or the map's place.
    [[nodiscard]] source_loc key_loc(const std::string& key) const;
    [[nodiscard]] bool has(const std::string& key) const;
    //! All entries, in file order (for sections whose keys are names).
    std::vector<entry>& entries() { return entries_; }
    //! Throws unknown-key for the first entry not taken, suggesting one of `allowed`
    //! (and listing them when none is close).
    void finish(const std::vector<std::string>& allowed) const;
    [[nodiscard]] const source_loc& loc() const { return loc_; }
    //! Names the section in later messages, once its name is known (a phase's `name`).
    void rename(std::string section) { section_ = std::move(section); }
    [[nodiscard]] const std::string& section() const { return section_; }

private:
    //! Throws when `key` has no value in an inline mapping: the comma before it cut a text.
    void check_comma(const YAML::Node& key, const YAML::Node& value) const;

    std::vector<entry> entries_;
    std::string section_;
    std::shared_ptr<const source_file> file_;
    source_loc loc_;
};

//! A scalar's text; throws invalid-value naming `expected` for a map or a list.
located_text scalar_text(const YAML::Node& node, const std::shared_ptr<const source_file>& file,
                         std::string_view expected);

//! A scalar that must be `true` or `false`; throws invalid-value otherwise.
located_text flag_text(const YAML::Node& node, const std::shared_ptr<const source_file>& file);

//! A value spec from a scalar (`400 W`, `400 W ± 10 %`) or a map with `value:` and an
//! uncertainty (`uniform`, `triangular`, `normal`, `lognormal`), `source` and `note`.
//! `key_loc` is reported for an empty value, which has no place of its own.
value_spec read_value(const YAML::Node& node, const std::shared_ptr<const source_file>& file,
                      const std::string& what, const source_loc& key_loc = {});

}  // namespace kaya::detail

#pragma once
//! Reference data shipped with kaya (hardware, electricity grids, data centres), and user
//! catalogues that add or override entries. Every value keeps its sources.
//!
//! A catalogue file has the keys `kaya-catalog: 1`, `kind`, `sources` and `entries`; its
//! values are written as in scenarios (docs/reference/catalogues.md).

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kaya/catalog/indicator.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/scenario/scenario.hpp"

namespace kaya {
namespace detail {
class map_reader;
}

//! `categories` declares the impact categories and inventory indicators (indicator.hpp);
//! the others give values that scenarios refer to by id.
enum class catalog_kind { categories, hardware, grids, datacentres, equivalents };
inline constexpr catalog_kind catalog_kinds[] = {catalog_kind::categories, catalog_kind::hardware, catalog_kind::grids,
                                                 catalog_kind::datacentres, catalog_kind::equivalents};
[[nodiscard]] const char* kind_name(catalog_kind kind) noexcept;
[[nodiscard]] std::optional<catalog_kind> parse_kind(std::string_view name) noexcept;

//! The `sources` of one catalogue file: key -> fields (title, repository, licence, ...).
using source_table = std::map<std::string, std::map<std::string, std::string>>;

struct catalog_entry {
    std::string id;
    catalog_kind kind = catalog_kind::hardware;
    source_loc loc;
    std::string origin;  //!< "built-in", or the path of the user catalogue
    std::map<std::string, std::string> text;      //!< name, country, provider, ...
    std::map<std::string, value_spec> fields;     //!< values with units
    std::shared_ptr<const source_table> sources;  //!< the sources of the entry's file
};

//! A note that a later catalogue replaced an entry of an earlier one.
struct catalog_override {
    std::string id;
    catalog_kind kind;
    std::string replaced_origin;
    std::string origin;
};

class catalog {
public:
    catalog() = default;
    // Copied, never moved from: a catalogue always has its lock.
    catalog(const catalog& other);
    catalog& operator=(const catalog& other);
    ~catalog();

    //! The catalogues embedded in kaya. Their entries are read when first asked for: a run
    //! reads the few it uses, not the hundreds the files hold (start-up, issue 15).
    static const catalog& builtin();

    //! Adds the entries of a catalogue file; an entry with an existing id replaces it
    //! (and is recorded in `overrides`). Throws input_error for a malformed catalogue.
    void add_file(const std::string& path);
    void add_text(std::string text, const std::string& path, const std::string& origin);

    [[nodiscard]] const catalog_entry* find(catalog_kind kind, std::string_view id) const;
    //! Entries of a kind (all kinds when empty) whose id or text contains `search`
    //! (case-insensitive), sorted by kind then id.
    [[nodiscard]] std::vector<const catalog_entry*> list(std::optional<catalog_kind> kind,
                                                         std::string_view search = {}) const;
    //! Every id of a kind, for suggestions.
    [[nodiscard]] std::vector<std::string> ids(catalog_kind kind) const;
    //! What to offer for an unknown id `text`: the likeliest ids (see detail::suggest), else
    //! the entry whose name is `text` (any case), else the shortest id whose name contains it.
    //! With a kind, the hint says when `text` is the id of another kind, and when it names a
    //! region of a provider the kind has no regions of (`aws-us-east-1` among data centres),
    //! offering that provider's own entry instead.
    [[nodiscard]] suggestion suggest(std::optional<catalog_kind> kind, std::string_view text) const;
    [[nodiscard]] const std::vector<catalog_override>& overrides() const { return overrides_; }
    //! Every category and indicator, built-in first, in the order declared; a user
    //! catalogue's category with a built-in key replaces it in place.
    [[nodiscard]] const std::vector<indicator>& indicators() const { return indicators_; }
    //! The value fields an entry of `kind` may have: its own, and the characterisation
    //! factors that the categories declared so far take from it.
    [[nodiscard]] std::vector<std::string> value_fields(catalog_kind kind) const;
    [[nodiscard]] std::size_t size() const;

private:
    struct lazy_file;  // a built-in file whose entries are read on demand
    //! Reads an entry of a lazy file into entries_, once; null when no lazy file has it. The
    //! caller holds lazy_mutex_.
    const catalog_entry* read_lazy(catalog_kind kind, const std::string& id) const;
    //! Reads every entry not read yet (for listings and suggestions); the caller holds the lock.
    void read_all() const;
    //! Reads the entries of a parsed catalogue mapping, each checked as add_text checks them.
    //! A lazy file's sources are read as its entries cite them: `cite` reads one, false when
    //! the file has no such source.
    void read_entries(catalog_kind kind, detail::map_reader& entries, const std::shared_ptr<const source_file>& file,
                      const std::shared_ptr<const source_table>& sources, const std::string& origin,
                      const std::function<bool(const std::string&)>& cite = {}, const std::vector<std::string>* value_fields_of = nullptr);
    //! Adds a built-in file, whose text lives as long as the program: its header now, its
    //! entries when asked for.
    void add_lazy(std::string_view text, const std::string& path);
    void add_categories(detail::map_reader& top, const std::shared_ptr<const source_file>& file,
                        const std::shared_ptr<const source_table>& sources, const std::string& origin);
    void add_entry(catalog_entry entry);

    // Mutable: an entry of a lazy file moves here the first time it is asked for.
    mutable std::map<catalog_kind, std::map<std::string, catalog_entry>> entries_;
    mutable std::map<catalog_kind, std::map<std::string, std::shared_ptr<const lazy_file>>> lazy_;  // id -> its file
    mutable std::unique_ptr<std::mutex> lazy_mutex_ = std::make_unique<std::mutex>();
    std::vector<catalog_override> overrides_;
    std::vector<indicator> indicators_;
};

//! The kind of catalogue entry that supplies a factor of `f`: grids per kWh at the meter,
//! data centres per kWh of IT energy or overhead, hardware per unit manufactured.
[[nodiscard]] catalog_kind supplier_of(flow f) noexcept;

}  // namespace kaya

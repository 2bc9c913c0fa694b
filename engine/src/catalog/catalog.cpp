#include "kaya/catalog/catalog.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "catalog/embedded.hpp"
#include "catalog/indicator_reader.hpp"
#include "errors/suggest.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/scenario/schema.hpp"
#include "scenario/yaml_reader.hpp"

namespace kaya {
namespace {

using detail::loc_of;
using detail::map_reader;
using detail::scalar_text;

const std::vector<std::string> source_keys{"title", "authors", "year",       "url",    "doi",      "note",
                                           "licence", "repository", "path", "commit", "accessed", "publisher"};

// The text keys of each kind of entry. Their value fields are the sites' and hardware's
// that the kind supplies (kaya/scenario/schema.hpp); an equivalent has its carbon.
const std::vector<std::string>& text_keys(catalog_kind kind) {
    static const std::vector<std::string> none;
    static const std::vector<std::string> hardware{"name", "type", "vendor", "note"};
    static const std::vector<std::string> grids{"name", "country", "provider", "region", "location", "note"};
    static const std::vector<std::string> datacentres{"name", "provider", "region", "grid", "location", "note"};
    // An everyday equivalent: the carbon of one unit of something familiar (`per`); those
    // with a `report_order` are shown in reports, in that order.
    static const std::vector<std::string> equivalents{"name", "per", "report_order", "note"};
    switch (kind) {
        case catalog_kind::categories: return none;
        case catalog_kind::hardware: return hardware;
        case catalog_kind::grids: return grids;
        case catalog_kind::datacentres: return datacentres;
        case catalog_kind::equivalents: return equivalents;
    }
    return none;
}

std::vector<std::string> kind_names() {
    std::vector<std::string> out;
    for (const auto kind : catalog_kinds) out.emplace_back(kind_name(kind));
    return out;
}

constexpr std::string_view categories_file = "impact-categories.yaml";

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

const char* kind_name(catalog_kind kind) noexcept {
    switch (kind) {
        case catalog_kind::categories: return "categories";
        case catalog_kind::hardware: return "hardware";
        case catalog_kind::grids: return "grids";
        case catalog_kind::datacentres: return "datacentres";
        case catalog_kind::equivalents: return "equivalents";
    }
    return "";
}

std::optional<catalog_kind> parse_kind(std::string_view name) noexcept {
    for (const auto kind : catalog_kinds) {
        if (name == kind_name(kind)) return kind;
    }
    return std::nullopt;
}

catalog_kind supplier_of(flow f) noexcept {
    switch (f) {
        case flow::electricity: return catalog_kind::grids;
        case flow::it_energy:
        case flow::overhead: return catalog_kind::datacentres;
        case flow::manufacture: return catalog_kind::hardware;
    }
    return catalog_kind::grids;
}

std::vector<std::string> catalog::value_fields(catalog_kind kind) const {
    if (kind == catalog_kind::equivalents) return {"carbon"};
    // A catalogue that declares no categories of its own gives the built-in ones' factors.
    const catalog& basis = indicators_.empty() ? builtin() : *this;
    std::vector<std::string> out = hardware_schema(basis).supplied_by(kind);
    for (const auto& f : site_schema(basis).supplied_by(kind)) out.push_back(f);
    return out;
}

namespace detail {

std::string source_line(const std::map<std::string, std::string>& f) {
    auto get = [&](const char* k) { const auto it = f.find(k); return it == f.end() ? std::string() : it->second; };
    std::string where = get("repository");
    if (!get("path").empty()) where += (where.empty() ? "" : "/") + get("path");
    if (!get("commit").empty()) where += " @ " + get("commit").substr(0, 7);
    if (where.empty()) where = get("url");
    if (where.empty() && !get("doi").empty()) where = "doi:" + get("doi");
    return fmt::format("{}{}{}", get("title"), where.empty() ? "" : "; " + where, get("licence").empty() ? "" : "; " + get("licence"));
}

}  // namespace detail

namespace {

// A catalogue's `sources:` mapping (or part of it) into `out`.
void read_sources(const YAML::Node& node, const std::shared_ptr<const source_file>& file, source_table& out) {
    map_reader reader(node, "sources", file);
    for (auto& e : reader.entries()) {
        e.taken = true;
        map_reader fields(e.value, fmt::format("source '{}'", e.key), file);
        auto& source = out[e.key];
        for (const auto& key : source_keys) {
            if (YAML::Node v = fields.take(key); v.IsDefined()) source[key] = scalar_text(v, file, "text").text;
        }
        fields.finish(source_keys);
    }
}

}  // namespace

// A built-in catalogue file, its header read and its entries indexed by the byte range of
// their text, each read (and checked) the first time it is asked for.
struct catalog::lazy_file {
    std::string path;
    std::string_view text;  // the embedded file, which lives as long as the program
    catalog_kind kind = catalog_kind::hardware;
    // The sources read so far, as entries cited them. A table an entry holds is never
    // changed again, since another thread may be reading it: an entry read later gets a
    // copy with its own citations added, which then becomes the file's table.
    std::shared_ptr<const source_table> sources = std::make_shared<source_table>();
    std::map<std::string, std::pair<std::size_t, std::size_t>> slices;         // entry id -> [begin, end) in the text
    std::map<std::string, std::pair<std::size_t, std::size_t>> source_slices;  // source key -> [begin, end)
    // The fields its entries may have: the built-in categories' when the file was added, not
    // those of a user catalogue added to a copy later (which may rename a factor).
    std::vector<std::string> value_fields;
    std::mutex mutex;  // its sources are shared by every copy of the catalogue

    // The text at [begin, end), as an excerpt of the file that starts on the line it has
    // there, and the mapping it holds.
    struct excerpt {
        std::shared_ptr<const source_file> file;
        YAML::Node node;
    };
    [[nodiscard]] excerpt parse(std::pair<std::size_t, std::size_t> slice) const {
        const auto before = text.substr(0, slice.first);
        const int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
        auto part = std::make_shared<const source_file>(path, std::string(text.substr(slice.first, slice.second - slice.first)), line);
        return {part, detail::load_built_in(part)};
    }
    // A copy of the sources read so far, for an entry about to be read.
    [[nodiscard]] std::shared_ptr<source_table> draft() {
        const std::lock_guard lock(mutex);
        return std::make_shared<source_table>(*sources);
    }
    // Reads source `key` into `draft`; false when the file has none of that key.
    bool cite(const std::string& key, source_table& draft) const {
        if (draft.contains(key)) return true;
        const auto it = source_slices.find(key);
        if (it == source_slices.end()) return false;
        const excerpt part = parse(it->second);
        read_sources(part.node, part.file, draft);
        return true;
    }
    // Reads every source of `keys` that the file has and `draft` has not, in one parse of
    // their texts together (a parse costs more than its few lines). Their texts are
    // generated and checked with the file, so a location in them is that of the first.
    void cite_all(const std::vector<std::string>& keys, source_table& draft) const {
        std::string joined;
        int line = 0;
        std::vector<std::string> taken;
        for (const std::string& key : keys) {
            const auto it = source_slices.find(key);
            if (draft.contains(key) || it == source_slices.end()) continue;
            if (std::find(taken.begin(), taken.end(), key) != taken.end()) continue;
            taken.push_back(key);
            if (line == 0) {
                const auto before = text.substr(0, it->second.first);
                line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
            }
            joined += text.substr(it->second.first, it->second.second - it->second.first);
        }
        if (joined.empty()) return;
        auto part = std::make_shared<const source_file>(path, std::move(joined), line);
        read_sources(detail::load_built_in(part), part, draft);
    }
    // The sources of `draft` join the file's, in a new table.
    void publish(const source_table& draft) {
        const std::lock_guard lock(mutex);
        auto merged = std::make_shared<source_table>(*sources);
        merged->insert(draft.begin(), draft.end());
        sources = std::move(merged);
    }
};

namespace {

// The keys an entry's `source:` fields name, anywhere in it.
void cited_sources(const YAML::Node& node, std::vector<std::string>& out) {
    if (node.IsSequence()) {
        for (const auto& item : node) cited_sources(item, out);
    } else if (node.IsMap()) {
        for (const auto& item : node) {
            const YAML::Node& value = item.second;
            if (item.first.IsScalar() && item.first.Scalar() == "source") {
                if (value.IsScalar()) out.push_back(value.Scalar());
                if (value.IsSequence())
                    for (const auto& s : value)
                        if (s.IsScalar()) out.push_back(s.Scalar());
            } else {
                cited_sources(value, out);
            }
        }
    }
}

// The entries of a generated catalogue's section: each a line indented by two spaces
// ("  FRA:"), up to the next such line (tools/generate-catalogues.py writes them so).
std::map<std::string, std::pair<std::size_t, std::size_t>> index_section(std::string_view all, std::size_t from, std::size_t to) {
    std::map<std::string, std::pair<std::size_t, std::size_t>> out;
    std::string open_id;
    std::size_t open_at = 0;
    for (std::size_t at = from; at < to;) {
        const std::size_t end = std::min(all.find('\n', at), to);
        if (end - at > 2 && all[at] == ' ' && all[at + 1] == ' ' && all[at + 2] != ' ' && all[at + 2] != '#') {
            if (!open_id.empty()) out[open_id] = {open_at, at};
            std::string id(all.substr(at + 2, all.find(':', at) - at - 2));
            if (id.size() >= 2 && (id.front() == '"' || id.front() == '\'')) id = id.substr(1, id.size() - 2);
            open_id = id;
            open_at = at;
        }
        at = end + 1;
    }
    if (!open_id.empty()) out[open_id] = {open_at, to};
    return out;
}

}  // namespace

catalog::catalog(const catalog& other) {
    const std::lock_guard lock(*other.lazy_mutex_);
    entries_ = other.entries_;
    lazy_ = other.lazy_;
    overrides_ = other.overrides_;
    indicators_ = other.indicators_;
}

catalog& catalog::operator=(const catalog& other) {
    if (this != &other) {
        catalog copy(other);
        *this = std::move(copy);
    }
    return *this;
}

catalog::~catalog() = default;

void catalog::add_lazy(std::string_view all, const std::string& path) {
    // The header (format version and kind) is read now; the sources and entries are indexed.
    const std::size_t sources_at = all.find("\nsources:\n");
    const std::size_t entries_at = all.find("\nentries:\n");
    if (entries_at == std::string::npos || (sources_at != std::string::npos && sources_at > entries_at)) {
        throw internal_error(fmt::format("built-in catalogue {} has not its sources and then its entries", path));
    }
    const std::size_t head_end = (sources_at == std::string::npos ? entries_at : sources_at) + 1;
    auto head_file = std::make_shared<const source_file>(path, std::string(all.substr(0, head_end)));
    map_reader top(detail::load_built_in(head_file), "the catalogue", head_file);
    (void)top.require("kaya-catalog");
    const auto kind = parse_kind(scalar_text(top.require("kind"), head_file, "a catalogue kind").text);
    if (!kind) throw internal_error(fmt::format("built-in catalogue {} has no known kind", path));
    top.finish({"kaya-catalog", "kind"});
    auto lazy = std::make_shared<lazy_file>();
    lazy->path = path;
    lazy->text = all;
    lazy->kind = *kind;
    const std::size_t entries_from = all.find('\n', entries_at + 1) + 1;
    if (sources_at != std::string::npos) lazy->source_slices = index_section(all, all.find('\n', sources_at + 1) + 1, entries_at + 1);
    lazy->slices = index_section(all, entries_from, all.size());
    lazy->value_fields = value_fields(*kind);
    const std::lock_guard lock(*lazy_mutex_);
    for (const auto& [id, _] : lazy->slices) lazy_[*kind][id] = lazy;
}

const catalog_entry* catalog::read_lazy(catalog_kind kind, const std::string& id) const {
    const auto table = lazy_.find(kind);
    if (table == lazy_.end()) return nullptr;
    const auto it = table->second.find(id);
    if (it == table->second.end()) return nullptr;
    const std::shared_ptr<lazy_file> lazy = std::const_pointer_cast<lazy_file>(it->second);
    const lazy_file::excerpt part = lazy->parse(lazy->slices.at(id));
    map_reader entries(part.node, "entries", part.file);
    if (entries.entries().size() != 1 || entries.entries().front().key != id) {
        throw internal_error(fmt::format("built-in catalogue {}: the text indexed as entry '{}' is not that one entry", lazy->path, id));
    }
    // entries_ is mutable; the lock is held. The entry leaves the index once it has been read.
    const std::shared_ptr<source_table> draft = lazy->draft();
    std::vector<std::string> cited;
    cited_sources(part.node, cited);
    lazy->cite_all(cited, *draft);
    const_cast<catalog*>(this)->read_entries(kind, entries, part.file, draft, "built-in",
                                             [&](const std::string& key) { return lazy->cite(key, *draft); }, &lazy->value_fields);
    lazy->publish(*draft);
    table->second.erase(id);
    return &entries_.at(kind).at(id);
}

void catalog::read_all() const {
    for (auto& [kind, table] : lazy_) {
        while (!table.empty()) {
            const std::string id = table.begin()->first;  // a copy: reading the entry erases its key
            (void)read_lazy(kind, id);
        }
    }
}

const catalog& catalog::builtin() {
    static const catalog c = [] {
        catalog out;
        // The categories first: they declare the factor fields the other catalogues give.
        for (const bool categories : {true, false}) {
            for (const auto& file : detail::embedded_catalogues()) {
                if ((std::string_view(file.name) == categories_file) != categories) continue;
                // The categories are read whole: they declare the fields the others' entries have.
                if (categories) out.add_text(std::string(file.text), std::string("models/") + file.name, "built-in");
                else out.add_lazy(file.text, std::string("models/") + file.name);
            }
        }
        return out;
    }();
    return c;
}

void catalog::add_file(const std::string& path) {
    add_text(detail::read_text_file(path, "a catalogue"), path, path);
}

void catalog::add_text(std::string text, const std::string& path, const std::string& origin) {
    auto file = std::make_shared<const source_file>(path, std::move(text));
    // kaya's own files are checked when they are generated (tools/generate-catalogues.py).
    const YAML::Node root = origin == "built-in" ? detail::load_built_in(file) : detail::load_document(file, "a catalogue");
    map_reader top(root, "the catalogue", file);
    const located_text version = scalar_text(top.require("kaya-catalog"), file, "a catalogue format version");
    if (version.text != "1") throw input_error::unsupported_version(version.loc, version.text);
    const located_text kind_text = scalar_text(top.require("kind"), file, "a catalogue kind");
    const auto kind = parse_kind(kind_text.text);
    if (!kind) {
        throw input_error::undefined_reference(kind_text.loc, "catalogue kind", kind_text.text,
                                               detail::suggest_among(kind_text.text, kind_names(), "catalogue kinds"));
    }
    auto sources = std::make_shared<source_table>();
    if (YAML::Node node = top.take("sources"); node.IsDefined() && !node.IsNull()) read_sources(node, file, *sources);
    if (*kind == catalog_kind::categories) {
        add_categories(top, file, sources, origin);
        return;
    }
    map_reader entries(top.require("entries"), "entries", file);
    read_entries(*kind, entries, file, sources, origin);
    top.finish({"kaya-catalog", "kind", "sources", "entries"});
}

void catalog::read_entries(catalog_kind kind, detail::map_reader& entries, const std::shared_ptr<const source_file>& file,
                           const std::shared_ptr<const source_table>& sources, const std::string& origin,
                           const std::function<bool(const std::string&)>& cite, const std::vector<std::string>* value_fields_of) {
    const auto& texts = text_keys(kind);
    const std::vector<std::string> values = value_fields_of ? *value_fields_of : value_fields(kind);
    std::vector<std::string> allowed(texts);
    allowed.insert(allowed.end(), values.begin(), values.end());
    for (auto& e : entries.entries()) {
        e.taken = true;
        catalog_entry entry{e.key, kind, loc_of(e.key_node, file), origin, {}, {}, sources};
        map_reader fields(e.value, fmt::format("{} entry '{}'", kind_name(kind), e.key), file);
        for (auto& f : fields.entries()) {
            if (std::find(texts.begin(), texts.end(), f.key) != texts.end()) {
                f.taken = true;
                const located_text t = scalar_text(f.value, file, "text");
                if (f.key == "report_order" && (t.text.empty() || t.text.size() > 6 || t.text.find_first_not_of("0123456789") != std::string::npos ||
                                                t.text.front() == '0')) {
                    throw input_error::invalid_value(t.loc, "a whole number from 1 (the place in reports)", fmt::format("'{}'", t.text));
                }
                entry.text[f.key] = t.text;
            } else if (std::find(values.begin(), values.end(), f.key) != values.end()) {
                f.taken = true;
                entry.fields[f.key] = detail::read_value(f.value, file, fmt::format("{} of '{}'", f.key, e.key),
                                                         loc_of(f.key_node, file));
                // Every catalogue value names its source: the catalogue's whole point.
                if (entry.fields[f.key].sources.empty()) {
                    throw input_error::missing_field(loc_of(f.value, file), "source", fmt::format("{} of '{}'", f.key, e.key));
                }
                for (const auto& s : entry.fields[f.key].sources) {
                    if (!sources->contains(s.text) && !(cite && cite(s.text))) {
                        std::vector<std::string> keys;
                        for (const auto& [k, _] : *sources) keys.push_back(k);
                        throw input_error::undefined_reference(s.loc, "source", s.text, detail::suggest_among(s.text, keys, "sources"));
                    }
                }
            }
        }
        // An unknown key may be a misspelt field, or the factor of a category not read yet.
        for (const auto& f : fields.entries()) {
            if (f.taken) continue;
            suggestion offer = detail::suggest(f.key, allowed);
            if (!offer.names.empty()) break;  // a misspelt field: finish() says "did you mean"
            offer.hint = "a category's factor becomes a field once the catalogue of kind 'categories' that declares it is read: give "
                         "that catalogue first";
            throw input_error::unknown_key(loc_of(f.key_node, file), f.key, fmt::format("{} entry '{}'", kind_name(kind), e.key), offer);
        }
        fields.finish(allowed);
        add_entry(std::move(entry));
    }
}

void catalog::add_categories(detail::map_reader& top, const std::shared_ptr<const source_file>& file,
                             const std::shared_ptr<const source_table>& sources, const std::string& origin) {
    map_reader entries(top.require("entries"), "entries", file);
    // A catalogue that declares no categories yet stands on the built-in ones (as value_fields).
    std::vector<indicator> all = indicators_.empty() && origin != "built-in" ? builtin().indicators() : indicators_;
    for (auto& e : entries.entries()) {
        e.taken = true;
        indicator ind = detail::read_indicator(e.key, e.value, loc_of(e.key_node, file), file, *sources, origin);
        catalog_entry entry{e.key, catalog_kind::categories, ind.loc, origin, {}, {}, sources};
        entry.text = {{"name", ind.name}, {"unit", ind.unit}, {"method", ind.method}, {"type", ind.inventory ? "inventory" : "impact"}};
        if (!ind.detail_of.empty()) entry.text["detail_of"] = ind.detail_of;
        if (!ind.accounting.empty()) entry.text["accounting"] = ind.accounting;
        const auto same = std::find_if(all.begin(), all.end(), [&](const indicator& i) { return i.key == ind.key; });
        if (same != all.end() && same->origin == origin) {
            throw input_error::duplicate_name(ind.loc, "categories entry", ind.key, same->loc);
        }
        // A category replacing another keeps what it measures: carbon stays a carbon mass
        // (parity, the model card and the equivalents read it), water stays a volume.
        if (same != all.end() && same->dim != ind.dim) {
            throw unit_error::mismatch(ind.loc, fmt::format("category '{}', which replaces the one of {}", ind.key, same->origin),
                                       describe(same->dim), describe(ind.dim));
        }
        // ... and its accounting: the location-based carbon stays the one results lead with.
        if (same != all.end() && same->accounting != ind.accounting) {
            throw input_error::invalid_value(ind.loc, fmt::format("category '{}' with the accounting of the one it replaces ({})", ind.key,
                                                                  same->accounting.empty() ? "none" : same->accounting),
                                             ind.accounting.empty() ? "none" : fmt::format("'{}'", ind.accounting));
        }
        // A factor is a new field of sites or hardware: it cannot be one they already have.
        static const std::vector<std::string> reserved = reserved_entity_keys();
        for (const auto& t : ind.terms) {
            if (std::find(reserved.begin(), reserved.end(), t.factor) != reserved.end()) {
                throw input_error::invalid_value(t.loc, "a factor field name that sites and hardware do not already have",
                                                 fmt::format("'{}', a field of their own", t.factor));
            }
        }
        for (const auto& other : all) {
            if (other.key != ind.key && other.label == ind.label) {
                throw input_error::duplicate_name(ind.loc, "category label", ind.label, other.loc);
            }
        }
        if (same != all.end()) *same = std::move(ind);
        else all.push_back(std::move(ind));
        add_entry(std::move(entry));
    }
    detail::check_indicators(all);
    indicators_ = std::move(all);
    top.finish({"kaya-catalog", "kind", "sources", "entries"});
}

void catalog::add_entry(catalog_entry entry) {
    // A built-in entry not read yet is replaced all the same, and said to be.
    if (auto lazy = lazy_.find(entry.kind); lazy != lazy_.end() && entry.origin != "built-in") {
        if (lazy->second.erase(entry.id) > 0) overrides_.push_back({entry.id, entry.kind, "built-in", entry.origin});
    }
    auto& table = entries_[entry.kind];
    if (const auto it = table.find(entry.id); it != table.end()) {
        if (it->second.origin == entry.origin) {
            throw input_error::duplicate_name(entry.loc, fmt::format("{} entry", kind_name(entry.kind)), entry.id, it->second.loc);
        }
        overrides_.push_back({entry.id, entry.kind, it->second.origin, entry.origin});
        it->second = std::move(entry);
    } else {
        table.emplace(entry.id, std::move(entry));
    }
}

const catalog_entry* catalog::find(catalog_kind kind, std::string_view id) const {
    const std::lock_guard lock(*lazy_mutex_);
    if (const auto table = entries_.find(kind); table != entries_.end()) {
        if (const auto it = table->second.find(std::string(id)); it != table->second.end()) return &it->second;
    }
    return read_lazy(kind, std::string(id));
}

std::vector<const catalog_entry*> catalog::list(std::optional<catalog_kind> kind, std::string_view search) const {
    {
        const std::lock_guard lock(*lazy_mutex_);
        read_all();
    }
    std::vector<const catalog_entry*> out;
    const std::string needle = lower(search);
    for (const auto& [k, table] : entries_) {
        if (kind && k != *kind) continue;
        for (const auto& [id, entry] : table) {
            bool match = needle.empty() || lower(id).find(needle) != std::string::npos;
            for (const auto& [_, text] : entry.text) match = match || lower(text).find(needle) != std::string::npos;
            if (match) out.push_back(&entry);
        }
    }
    return out;
}

std::vector<std::string> catalog::ids(catalog_kind kind) const {
    const std::lock_guard lock(*lazy_mutex_);
    std::vector<std::string> out;
    if (const auto table = entries_.find(kind); table != entries_.end()) {
        for (const auto& [id, _] : table->second) out.push_back(id);
    }
    if (const auto table = lazy_.find(kind); table != lazy_.end()) {
        for (const auto& [id, _] : table->second) out.push_back(id);
    }
    std::sort(out.begin(), out.end());
    return out;
}

suggestion catalog::suggest(std::optional<catalog_kind> kind, std::string_view text) const {
    {
        const std::lock_guard lock(*lazy_mutex_);
        read_all();
    }
    std::vector<std::string> all;
    for (const auto& [k, table] : entries_) {
        if (kind && k != *kind) continue;
        for (const auto& [id, _] : table) all.push_back(id);
    }
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    suggestion out = detail::suggest(text, all);
    // "FRANCE" is far from "FRA" as text, but it is France's name: an entry so named comes
    // first, after an id that differs only in case; failing all, the shortest id whose
    // name contains the text.
    const std::string needle = lower(text);
    const bool same_id = !out.names.empty() && lower(out.names.front()) == needle;
    std::string named, containing;
    for (const catalog_entry* e : list(kind, text)) {
        const auto name = e->text.find("name");
        if (name == e->text.end()) continue;
        if (lower(name->second) == needle && named.empty()) named = e->id;
        if (containing.empty() || e->id.size() < containing.size()) containing = e->id;
    }
    if (!same_id && !named.empty()) out = suggestion(named);
    else if (out.names.empty()) out = suggestion(containing);
    if (!kind) return out;
    std::vector<std::string> hints;
    // A provider's region ("aws-us-east-1") where the catalogue has regions of other
    // providers only: say so, and offer the provider's own entry.
    const std::string provider = lower(text.substr(0, text.find('-')));
    std::vector<std::string> regional, provider_wide;  // providers with regions; the provider's own entries
    bool provider_known = false, provider_has_regions = false;
    for (const catalog_entry* e : list(kind)) {
        const auto p = e->text.find("provider");
        if (p == e->text.end()) continue;
        const bool region = e->text.contains("region");
        if (region && std::find(regional.begin(), regional.end(), p->second) == regional.end()) regional.push_back(p->second);
        if (lower(p->second) != provider) continue;
        provider_known = true;
        if (region) provider_has_regions = true;
        else provider_wide.push_back(e->id);
    }
    if (provider_known && !provider_has_regions && !regional.empty() && text.size() > provider.size()) {
        hints.push_back(fmt::format("the {} catalogue has regions of {} only{}", kind_name(*kind), detail::listing(regional),
                                    provider_wide.empty() ? "" : fmt::format(", and for provider '{}' an entry for the whole provider", provider)));
        out = {};
        out.names = provider_wide;
    }
    // The id of another kind of entry: a grid named where a data centre is meant.
    for (const auto& [k, table] : entries_) {
        if (k != *kind && table.contains(std::string(text))) hints.push_back(fmt::format("'{}' is a {} entry", text, kind_name(k)));
    }
    for (const auto& h : hints) out.hint += (out.hint.empty() ? "" : "; ") + h;
    return out;
}

std::size_t catalog::size() const {
    const std::lock_guard lock(*lazy_mutex_);
    read_all();
    std::size_t n = 0;
    for (const auto& [_, table] : entries_) n += table.size();
    return n;
}

}  // namespace kaya

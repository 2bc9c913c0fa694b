#include "scenario/yaml_reader.hpp"

#include <cctype>
#include <unordered_map>

#include <fmt/format.h>

#include "errors/suggest.hpp"
#include "kaya/errors/error.hpp"

namespace kaya::detail {
namespace {

std::string kind_name(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Map: return "a mapping";
        case YAML::NodeType::Sequence: return "a list";
        case YAML::NodeType::Null: return "nothing";
        case YAML::NodeType::Scalar: return fmt::format("'{}'", node.Scalar());
        default: return "an undefined node";
    }
}

std::string trim(std::string_view s, std::size_t* leading = nullptr) {
    std::size_t b = 0, e = s.size();
    while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
    if (leading) *leading = b;
    return std::string(s.substr(b, e - b));
}

// Splits "400 W ± 10 %" (also written "+-" or "+/-") into its two sides.
bool split_plus_minus(const located_text& whole, located_text& value, located_text& spread) {
    static const std::string_view marks[] = {"\xC2\xB1", "+/-", "+-"};
    for (const auto mark : marks) {
        const std::size_t at = whole.text.find(mark);
        if (at == std::string::npos) continue;
        std::size_t lead = 0;
        value.text = trim(std::string_view(whole.text).substr(0, at), &lead);
        value.loc = whole.loc.shifted(static_cast<int>(lead));
        const std::size_t after = at + mark.size();
        spread.text = trim(std::string_view(whole.text).substr(after), &lead);
        spread.loc = whole.loc.shifted(static_cast<int>(after + lead));
        return true;
    }
    return false;
}

// "[1,000 kWh, 2,000 kWh]" is a list of four: a comma separates items, even inside a number.
std::string thousands_hint(const YAML::Node& list) {
    auto digit = [](const std::string& s, std::size_t i) { return i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); };
    for (std::size_t i = 1; i < list.size(); ++i) {
        if (!list[i - 1].IsScalar() || !list[i].IsScalar() || list[i].Tag() == "!") continue;
        const std::string& before = list[i - 1].Scalar();
        const std::string& group = list[i].Scalar();
        if (!before.empty() && digit(before, before.size() - 1) && digit(group, 0) && digit(group, 1) && digit(group, 2) &&
            !digit(group, 3)) {
            return fmt::format(" ('{},{}' is two items; numbers take no thousands separators: write {}{})", before, group, before, group);
        }
    }
    return {};
}

}  // namespace

source_loc loc_of(const YAML::Node& node, const std::shared_ptr<const source_file>& file) {
    const YAML::Mark mark = node.Mark();
    if (mark.line < 0) return {file, 0, 0};
    return {file, mark.line + (file ? file->first_line() : 1), mark.column + 1};
}

source_loc text_loc_of(const YAML::Node& node, const std::shared_ptr<const source_file>& file) {
    source_loc loc = loc_of(node, file);
    // A quoted scalar has the non-specific tag "!"; its text starts after the quote.
    if (node.IsScalar() && node.Tag() == "!") loc.column += 1;
    return loc;
}

map_reader::map_reader(const YAML::Node& node, std::string section,
                       std::shared_ptr<const source_file> file)
    : section_(std::move(section)), file_(std::move(file)), loc_(loc_of(node, file_)) {
    if (!node.IsMap()) {
        throw input_error::invalid_value(loc_, fmt::format("a mapping for {}", section_),
                                         kind_name(node));
    }
    std::unordered_map<std::string, std::size_t> seen;
    for (auto it = node.begin(); it != node.end(); ++it) {
        const YAML::Node key = it->first;
        if (!key.IsScalar()) {
            throw input_error::invalid_value(loc_of(key, file_), "a plain key", kind_name(key));
        }
        if (!entries_.empty() && node.Style() == YAML::EmitterStyle::Flow) check_comma(key, it->second);
        const auto [first, inserted] = seen.emplace(key.Scalar(), entries_.size());
        if (!inserted) {
            throw input_error::duplicate_key(loc_of(key, file_), key.Scalar(), section_,
                                             loc_of(entries_[first->second].key_node, file_));
        }
        entries_.push_back({key.Scalar(), key, it->second, false});
    }
}

void map_reader::check_comma(const YAML::Node& key, const YAML::Node& value) const {
    // `{value: 1, note: a, b}` is valid YAML: the comma ends the note, and `b` is a key
    // with no value. A key written without a colon is never meant.
    if (!value.IsNull() || key.Tag() == "!") return;
    const source_loc at = loc_of(key, file_);
    if (!at.known()) return;
    const std::string_view line = file_->line(at.line);
    std::size_t after = static_cast<std::size_t>(at.column - 1) + key.Scalar().size();
    if (after > line.size() || line.substr(at.column - 1, key.Scalar().size()) != key.Scalar()) return;
    while (after < line.size() && (line[after] == ' ' || line[after] == '\t')) ++after;
    if (after < line.size() && line[after] == ':') return;
    const entry& previous = entries_.back();
    if (!previous.value.IsScalar()) return;
    throw input_error::comma_in_inline_mapping(at, key.Scalar(), previous.key, previous.value.Scalar());
}

YAML::Node map_reader::take(const std::string& key) {
    for (auto& e : entries_) {
        if (e.key == key) {
            e.taken = true;
            return e.value;
        }
    }
    return YAML::Node(YAML::NodeType::Undefined);
}

YAML::Node map_reader::require(const std::string& key) {
    YAML::Node node = take(key);
    if (node.IsDefined()) return node;
    // `knd: training` is better reported as a misspelling than as a missing `kind`.
    for (const auto& e : entries_) {
        if (!e.taken && !nearest(e.key, {key}).empty()) {
            throw input_error::unknown_key(loc_of(e.key_node, file_), e.key, section_, key);
        }
    }
    throw input_error::missing_field(loc_, key, section_);
}

bool map_reader::has(const std::string& key) const {
    for (const auto& e : entries_)
        if (e.key == key) return true;
    return false;
}

source_loc map_reader::key_loc(const std::string& key) const {
    for (const auto& e : entries_)
        if (e.key == key) return loc_of(e.key_node, file_);
    return loc_;
}

void map_reader::finish(const std::vector<std::string>& allowed) const {
    for (const auto& e : entries_) {
        if (!e.taken) {
            throw input_error::unknown_key(loc_of(e.key_node, file_), e.key, section_,
                                           suggest_among(e.key, allowed, "keys"));
        }
    }
}

located_text flag_text(const YAML::Node& node, const std::shared_ptr<const source_file>& file) {
    located_text text = scalar_text(node, file, "true or false");
    if (text.text != "true" && text.text != "false") throw input_error::invalid_value(text.loc, "true or false", fmt::format("'{}'", text.text));
    return text;
}

located_text scalar_text(const YAML::Node& node, const std::shared_ptr<const source_file>& file,
                         std::string_view expected) {
    if (!node.IsScalar()) {
        throw input_error::invalid_value(loc_of(node, file), expected, kind_name(node));
    }
    return {node.Scalar(), text_loc_of(node, file)};
}

value_spec read_value(const YAML::Node& node, const std::shared_ptr<const source_file>& file,
                      const std::string& what, const source_loc& key_loc) {
    value_spec spec;
    spec.loc = node.IsNull() && key_loc.known() ? key_loc : loc_of(node, file);
    auto set_value = [&](const located_text& text) {
        located_text value, spread;
        if (split_plus_minus(text, value, spread)) {
            spec.value = value;
            spec.form = uncertainty_form::plus_minus;
            spec.form_loc = spread.loc;
            spec.args = {spread};
            spec.arg_names = {"half-width"};
        } else {
            spec.value = text;
        }
    };
    if (node.IsScalar()) {
        set_value(scalar_text(node, file, "a value"));
        return spec;
    }
    if (!node.IsMap()) {
        throw input_error::invalid_value(spec.loc, fmt::format("a value for {}", what),
                                         kind_name(node));
    }
    map_reader map(node, what, file);
    if (YAML::Node v = map.take("value"); v.IsDefined()) set_value(scalar_text(v, file, "a value"));
    auto set_form = [&](uncertainty_form form, const std::string& key) {
        if (spec.form != uncertainty_form::none) {
            throw input_error::invalid_value(map.key_loc(key), "at most one uncertainty",
                                             fmt::format("a second one, '{}'", key));
        }
        spec.form = form;
        spec.form_loc = map.key_loc(key);
    };
    auto read_list = [&](const std::string& key, uncertainty_form form,
                         std::vector<std::string> names) {
        YAML::Node list = map.take(key);
        if (!list.IsDefined()) return;
        set_form(form, key);
        const std::string expected =
            fmt::format("a list of {} values [{}]", names.size(), fmt::join(names, ", "));
        if (!list.IsSequence() || list.size() != names.size()) {
            std::string got = list.IsSequence() ? fmt::format("a list of {} value{}", list.size(), list.size() == 1 ? "" : "s")
                                                : kind_name(list);
            if (list.IsSequence()) got += thousands_hint(list);
            throw input_error::invalid_value(loc_of(list, file), expected, got);
        }
        for (std::size_t i = 0; i < names.size(); ++i) {
            spec.args.push_back(scalar_text(list[i], file, "a value"));
        }
        spec.arg_names = std::move(names);
    };
    auto read_params = [&](const std::string& key, uncertainty_form form, const char* centre,
                           const char* spread) {
        YAML::Node params = map.take(key);
        if (!params.IsDefined()) return;
        set_form(form, key);
        map_reader p(params, fmt::format("{} of {}", key, what), file);
        if (YAML::Node c = p.take(centre); c.IsDefined()) {
            spec.args.push_back(scalar_text(c, file, "a value"));
            spec.arg_names.emplace_back(centre);
        } else if (!spec.value) {
            throw input_error::missing_field(p.loc(), centre, p.section());
        }
        spec.args.push_back(scalar_text(p.require(spread), file, "a value"));
        spec.arg_names.emplace_back(spread);
        p.finish({centre, spread});
    };
    read_list("uniform", uncertainty_form::uniform, {"low end", "high end"});
    read_list("triangular", uncertainty_form::triangular, {"low end", "mode", "high end"});
    read_params("normal", uncertainty_form::normal, "mean", "sd");
    read_params("lognormal", uncertainty_form::lognormal, "median", "gsd");
    if (YAML::Node n = map.take("allow_negative"); n.IsDefined()) {
        spec.allow_negative = flag_text(n, file).text == "true";
    }
    if (YAML::Node s = map.take("source"); s.IsDefined()) {
        // One key, or a list of keys when a value (or its range) draws on several sources.
        if (s.IsSequence()) {
            for (const auto& item : s) spec.sources.push_back(scalar_text(item, file, "a source key"));
        } else {
            spec.sources.push_back(scalar_text(s, file, "a source key or a list of them"));
        }
    }
    if (YAML::Node y = map.take("year"); y.IsDefined()) spec.year = scalar_text(y, file, "a year").text;
    if (YAML::Node n = map.take("note"); n.IsDefined()) spec.note = scalar_text(n, file, "a note").text;
    map.finish({"value", "uniform", "triangular", "normal", "lognormal", "allow_negative", "source", "year", "note"});
    if (!spec.value && spec.form == uncertainty_form::none) throw input_error::missing_field(spec.loc, "value", what);
    return spec;
}

}  // namespace kaya::detail

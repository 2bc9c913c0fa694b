#include <fmt/format.h>

#include <iostream>

#include "commands.hpp"
#include "kaya/catalog/catalog.hpp"
#include "kaya/errors/error.hpp"

namespace kaya::cli {
namespace {

catalog load(const std::vector<std::string>& files) {
    catalog c = catalog::builtin();
    for (const auto& f : files) c.add_file(f);
    return c;
}

std::optional<catalog_kind> kind_option(const std::string& text) {
    if (text.empty()) return std::nullopt;
    if (const auto kind = parse_kind(text)) return kind;
    std::string kinds;
    for (const auto k : catalog_kinds) kinds += (kinds.empty() ? "" : ", ") + std::string(kind_name(k));
    throw input_error::invalid_option("KIND", fmt::format("expected one of {}, got '{}'", kinds, text));
}

}  // namespace

void setup_catalog(CLI::App& app, catalog_options& options) {
    app.require_subcommand(1);
    CLI::App* list = app.add_subcommand("list", "List catalogue entries: categories, hardware, grids, datacentres, equivalents");
    list->add_option("kind", options.kind, "categories, hardware, grids, datacentres or equivalents (all when left out)");
    list->add_option("--search", options.search, "Only entries whose id or text contains TEXT (any case)");
    add_catalog_option(*list, options.catalogues);
    CLI::App* show = app.add_subcommand("show", "Show one entry: every field, its unit, source and licence");
    show->add_option("id", options.id, "The entry's id, e.g. FRA or nvidia-a100-sxm4-80gb")->required();
    show->add_option("--kind", options.kind, "The catalogue to look in, when an id is in several");
    add_catalog_option(*show, options.catalogues);
    list->callback([&options] { options.command = "list"; });
    show->callback([&options] { options.command = "show"; });
}

int run_catalog(const catalog_options& options) {
    const catalog c = load(options.catalogues);
    const auto kind = kind_option(options.kind);
    std::string out;
    if (options.command == "list") {
        const auto entries = c.list(kind, options.search);
        for (const catalog_entry* e : entries) {
            const auto name = e->text.find("name");
            out += fmt::format("{:<12} {:<36} {}\n", kind_name(e->kind), e->id, name == e->text.end() ? "" : name->second);
        }
        out += fmt::format("{} entr{}\n", entries.size(), entries.size() == 1 ? "y" : "ies");
    } else {
        std::vector<const catalog_entry*> found;
        for (const auto k : catalog_kinds) {
            if (kind && k != *kind) continue;
            if (const catalog_entry* e = c.find(k, options.id)) found.push_back(e);
        }
        if (found.empty()) {
            throw input_error::invalid_option("ID", fmt::format("no catalogue entry '{}'{}", options.id, c.suggest(kind, options.id).clause()));
        }
        for (const catalog_entry* e : found) {
            out += fmt::format("{} ({}, {})\n", e->id, kind_name(e->kind), e->origin);
            if (e->kind == catalog_kind::categories) {
                // A category: what it measures, and the terms that make it up.
                for (const auto& ind : c.indicators()) {
                    if (ind.key != e->id) continue;
                    out += fmt::format("  name: {}\n  unit: {}\n  type: {}\n", ind.name, ind.unit, ind.inventory ? "inventory" : "impact");
                    if (!ind.detail_of.empty()) out += fmt::format("  part of: {}\n", ind.detail_of);
                    out += fmt::format("  method: {}\n  description: {}\n", ind.method, ind.description);
                    if (ind.terms.empty()) out += "  terms: the sum of its parts\n";
                    for (const auto& t : ind.terms) {
                        out += fmt::format("  term: {}{}{}\n", flow_name(t.source), t.factor.empty() ? "" : " × " + t.factor, t.required ? " (required)" : "");
                    }
                    for (const auto& src : ind.sources) out += fmt::format("  source: {}\n", src);
                }
                continue;
            }
            for (const auto& [key, text] : e->text) out += fmt::format("  {}: {}\n", key, text);
            for (const auto& [key, v] : e->fields) {
                out += fmt::format("  {}: {}{}\n", key, written_form(v), v.year.empty() ? "" : fmt::format(" (year {})", v.year));
                if (!v.note.empty()) out += fmt::format("    note: {}\n", v.note);
                for (const auto& s : v.sources) {
                    out += fmt::format("    source {}:\n", s.text);
                    for (const auto& [field, text] : e->sources->at(s.text)) out += fmt::format("      {}: {}\n", field, text);
                }
            }
        }
    }
    return write_output(out);
}

}  // namespace kaya::cli

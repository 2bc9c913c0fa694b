// Comparison reports, and exports for model cards and papers.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <string_view>

#include "kaya/analysis/compare.hpp"
#include "kaya/catalog/catalog.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/model/evaluate.hpp"
#include "kaya/render/render.hpp"
#include "kaya/report/report.hpp"
#include "errors/suggest.hpp"
#include "model/compiler.hpp"
#include "render/text.hpp"
#include "report/charts.hpp"
#include "report/document.hpp"
#include "report/sections.hpp"
#include "text/utf8.hpp"

namespace kaya {

using detail::cell;

std::vector<report_file> comparison_report(const std::vector<scenario>& scenarios, const report_options& options) {
    const std::vector<model> models = compile_for_comparison(scenarios, options.catalogues);
    const comparison c = compare(models, options.run);
    detail::document d;
    std::string names;
    for (const auto& r : c.runs) names += (names.empty() ? "" : ", ") + r.scenario;
    d.title = fmt::format("Comparison of {}", names);
    d.heading(d.title, 1);
    d.paragraph(fmt::format("Nominal values, and the 5th to 95th percentiles of {} Monte Carlo samples (seed {}). The scenarios "
                            "are sampled with common random numbers: a parameter or catalogue value they share is the same draw "
                            "in each, so their ratios and differences are computed sample by sample.",
                            detail::thousands(c.samples), c.seed));
    std::vector<std::string> items;
    for (const auto& w : c.warnings) items.push_back(fmt::format("{} [{}]", w.message, w.code));
    for (const auto& r : c.runs)
        for (const auto& w : r.warnings) items.push_back(fmt::format("{}: {} [{}]", r.scenario, w.message, w.code));
    if (!items.empty()) {
        d.heading("Warnings", 3);
        d.list(std::move(items));
    }
    std::vector<report_file> figures;
    for (const std::size_t cr : detail::shown_indicators(c.indicators, false)) {
        const indicator& u = c.indicators[cr];
        d.heading(fmt::format("{} [{}]", u.name, u.unit));
        std::vector<std::vector<std::string>> rows{{"phase"}};
        for (const auto& r : c.runs) rows[0].push_back(r.scenario);
        for (const auto& aligned : c.rows) {
            std::vector<std::string> row{aligned.label};
            for (std::size_t i = 0; i < c.runs.size(); ++i) {
                const int k = aligned.phases[i];
                if (k < 0) {
                    row.push_back("no such phase");
                    continue;
                }
                const summary x = phase_impact(c.runs[i], k, u.key);
                row.push_back(fmt::format("{} ({})", detail::impact_cell(x, u.per_base), detail::range_text(x, u.per_base)));
            }
            rows.push_back(std::move(row));
        }
        std::vector<std::string> total{"total"};
        std::vector<detail::stacked_row> bars;
        for (const auto& r : c.runs) {
            const summary s = total_of(r, u.key);
            total.push_back(fmt::format("{} ({})", detail::impact_cell(s, u.per_base), detail::range_text(s, u.per_base)));
            if (!s.assessed()) continue;
            detail::stacked_row bar{r.scenario, {}, s.p05 * u.per_base, s.p95 * u.per_base};
            for (std::size_t i = 0; i < r.phases.size(); ++i) {
                const summary x = phase_impact(r, static_cast<int>(i), u.key);
                if (x.assessed()) bar.segments.push_back({r.phases[i].name, x.nominal * u.per_base, r.phases[i].kind});
            }
            bars.push_back(std::move(bar));
        }
        rows.push_back(std::move(total));
        d.table(std::move(rows));
        if (bars.empty()) continue;
        const std::string file = fmt::format("{}-by-scenario.svg", detail::file_stem(u));
        std::string svg = detail::stacked_bars_svg(fmt::format("{} by scenario and phase [{}]", u.name, u.unit), u.unit, bars);
        d.figure(file, "Nominal values stacked by phase; the whiskers span each total's p05 – p95.", svg);
        figures.push_back({file, std::move(svg)});
    }
    d.heading("Pairs");
    std::vector<std::vector<std::string>> rows{{"pair (B against A)", "criterion", "ratio B / A (p05 – p95)", "difference B − A (p05 – p95)", "probability", "gap by phase"}};
    for (const auto& p : c.pairs) {
        for (const std::size_t cr : detail::shown_indicators(c.indicators, false)) {
            const pair_criterion& pc = p.criteria[cr];
            const indicator& u = c.indicators[cr];
            if (pc.status == coverage_status::not_assessed) {
                rows.push_back({pair_title(c, p), u.key, "not compared: not assessed in " + detail::listing(not_assessed_in(c, p, u.key)), "", "", ""});
                continue;
            }
            std::string gaps;
            for (const auto& g : pc.phases) {
                if (g.difference != 0.0 && std::isfinite(g.difference)) gaps += fmt::format("{}{} {}", gaps.empty() ? "" : ", ", g.name, detail::percent(g.share));
            }
            rows.push_back({pair_title(c, p), pc.status == coverage_status::partial ? u.key + " (partial)" : u.key,
                            pc.ratio_defined ? fmt::format("{} ({} – {})", cell(pc.nominal_ratio), cell(pc.ratio.p05), cell(pc.ratio.p95)) : "–",
                            fmt::format("{} {} ({} – {})", cell(pc.nominal_difference * u.per_base), u.unit, cell(pc.difference.p05 * u.per_base),
                                        cell(pc.difference.p95 * u.per_base)),
                            fmt::format("{} = {:.3f}", pair_probability_label(c, p), pc.p_a_less), gaps});
        }
        // Per functional unit, when both count the same one: the deployment phases per unit.
        for (std::size_t cr = 0; cr < p.per_unit.size(); ++cr) {
            const pair_criterion& pc = p.per_unit[cr];
            const indicator& u = c.indicators[cr];
            if (!u.detail_of.empty() || pc.status == coverage_status::not_assessed) continue;
            const std::string per = "per " + c.runs[p.a].functional_unit->unit;
            rows.push_back({pair_title(c, p), fmt::format("{} {}{}", u.key, per, pc.status == coverage_status::partial ? " (partial)" : ""),
                            pc.ratio_defined ? fmt::format("{} ({} – {})", cell(pc.nominal_ratio), cell(pc.ratio.p05), cell(pc.ratio.p95)) : "–",
                            fmt::format("{} {} {} ({} – {})", cell(pc.nominal_difference * u.per_base), u.unit, per,
                                        cell(pc.difference.p05 * u.per_base), cell(pc.difference.p95 * u.per_base)),
                            fmt::format("{} = {:.3f}", pair_probability_label(c, p), pc.p_a_less), ""});
        }
    }
    d.table(std::move(rows));
    // Which carbon each scenario leads with.
    for (const auto& r : c.runs) {
        if (const std::string line = detail::accounting_line(c.indicators, r.accounting); !line.empty()) d.paragraph(fmt::format("{}: {}", r.scenario, line));
    }
    d.heading("Provenance");
    std::vector<std::vector<std::string>> prov{{"scenario", "file", "SHA-1", "overrides (not in the file)"}};
    for (const auto& s : scenarios) {
        std::string overrides;
        for (const auto& o : s.overrides) overrides += (overrides.empty() ? "" : "; ") + o;
        prov.push_back({s.name, s.file->path(), detail::sha1_of(s.file->text()), overrides.empty() ? "none" : overrides});
    }
    d.table(std::move(prov));
    d.paragraph(fmt::format("kaya {}; {} samples; seed {}.", options.version, detail::thousands(c.samples), c.seed));
    std::vector<report_file> files{{"report.html", detail::to_html(d)}, {"report.md", detail::to_markdown(d)},
                                   {"results.json", render_compare_json(c)}, {"results.csv", render_compare_csv(c)}};
    files.insert(files.end(), figures.begin(), figures.end());
    return files;
}

namespace {

// ---- Text for YAML and LaTeX ----------------------------------------------------------------

// A YAML double-quoted scalar that reads back as `s` under YAML 1.1 and 1.2 alike: quotes,
// backslashes, line breaks (including NEL, U+2028 and U+2029, which YAML 1.1 breaks lines
// at) and every non-printable character are escaped, so no text can end the scalar, open a
// key or start a comment. Bytes that are not UTF-8 become U+FFFD.
std::string yaml_quoted(std::string_view s) {
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size();) {
        const auto [cp, length] = detail::utf8_at(s, i);
        switch (cp) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case -1: out += "\\uFFFD"; break;
            default: {
                const bool printable = (cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp <= 0xD7FF) ||
                                       (cp >= 0xE000 && cp <= 0xFFFD && cp != 0xFEFF) || cp >= 0x10000;
                const bool line_break = cp == 0x2028 || cp == 0x2029;
                if (printable && !line_break) out.append(s.substr(i, length));
                else if (cp <= 0xFF) out += fmt::format("\\x{:02X}", cp);
                else out += fmt::format("\\u{:04X}", cp);
            }
        }
        i += length;
    }
    return out + "\"";
}

// Text for LaTeX, safe in a table cell, a \caption and a % comment: the ten special
// characters escaped; < > | spelled out (OT1 has no glyphs for them); [ and ] braced, since a
// cell may follow \\; hyphens kept apart (no en or em dash); a break allowed after _ and /;
// and every line break or other control character a space (a blank line would end the
// caption's argument, a newline the comment). Bytes that are not UTF-8 become '?'; other
// characters are kept, for the document's encoding to typeset.
std::string latex_escaped(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto [cp, length] = detail::utf8_at(s, i);
        switch (cp) {
            case '&': case '%': case '$': case '#': case '{': case '}': out += '\\'; out += static_cast<char>(cp); break;
            case '_': out += "\\_\\allowbreak{}"; break;
            case '/': out += "/\\allowbreak{}"; break;
            case '~': out += "\\textasciitilde{}"; break;
            case '^': out += "\\textasciicircum{}"; break;
            case '\\': out += "\\textbackslash{}"; break;
            case '<': out += "\\textless{}"; break;
            case '>': out += "\\textgreater{}"; break;
            case '|': out += "\\textbar{}"; break;
            case '[': out += "{[}"; break;
            case ']': out += "{]}"; break;
            case '-': out += i + 1 < s.size() && s[i + 1] == '-' ? "-{}" : "-"; break;
            case -1: out += '?'; break;
            default:
                if (cp == '\t' || cp == '\n' || cp == '\r' || detail::is_control(cp)) out += ' ';
                else if (cp != 0xFEFF) out.append(s.substr(i, length));
        }
        i += length;
    }
    return out;
}

std::string join(std::vector<std::string> items) {
    std::string out;
    for (std::size_t k = 0; k < items.size(); ++k) {
        if (std::find(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(k), items[k]) != items.begin() + static_cast<std::ptrdiff_t>(k)) continue;
        out += (out.empty() ? "" : "; ") + items[k];
    }
    return out;
}

// A LaTeX label: the name's ASCII letters and digits, each other run of characters one hyphen.
std::string label_of(const std::string& name) {
    std::string out;
    for (const char c : name) {
        if (std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80) out += c;
        else if (!out.empty() && out.back() != '-') out += '-';
    }
    if (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

// ---- The Hugging Face model card ------------------------------------------------------------

// The catalogues the scenario's ids resolve against, as `compile` assembles them: built-in,
// then the scenario's imports (relative to its folder), then `extra`. Compiling the scenario
// first has checked that each file exists and reads.
catalog catalogue_of(const scenario& s, const std::vector<std::string>& extra) {
    catalog c = catalog::builtin();
    const std::filesystem::path folder = std::filesystem::path(s.file->path()).parent_path();
    for (const auto& import : s.imports) c.add_file((folder / import.text).string());
    for (const auto& path : extra) c.add_file(path);
    return c;
}

std::string text_of(const std::map<std::string, std::string>& text, const std::string& key) {
    const auto it = text.find(key);
    return it == text.end() ? std::string() : it->second;
}

const catalog_entry* referenced(const catalog& c, catalog_kind kind, const entity& e, const std::string& key) {
    const auto it = e.refs.find(key);
    return it == e.refs.end() ? nullptr : c.find(kind, it->second.text);
}

// What Hugging Face's hardware_used asks ("how much compute and what kind"): the scenario's
// name for the hardware, else its catalogue model's name, else its id.
std::string hardware_name(const catalog& c, const entity& hw) {
    if (std::string name = text_of(hw.text, "name"); !name.empty()) return name;
    if (const catalog_entry* e = referenced(c, catalog_kind::hardware, hw, "model")) {
        if (std::string name = text_of(e->text, "name"); !name.empty()) return name;
    }
    return hw.id;
}

// What Hugging Face's geographical_location asks: a place, "as granular as possible". The
// site's own `location` or `name`; else from the catalogue, the data centre's or the grid's
// `location`, else the grid's name (a cloud region's names its place), else the data
// centre's, with the grid's country in words unless the text already names it. Empty when
// nothing names a place: a site id is not one.
std::string place_of(const catalog& c, const entity& site) {
    for (const char* key : {"location", "name"}) {
        if (std::string text = text_of(site.text, key); !text.empty()) return text;
    }
    const catalog_entry* centre = referenced(c, catalog_kind::datacentres, site, "datacentre");
    const catalog_entry* grid = referenced(c, catalog_kind::grids, site, "grid");
    if (!grid && centre) grid = c.find(catalog_kind::grids, text_of(centre->text, "grid"));
    std::string place;
    for (const auto& [entry, key] : {std::pair{centre, "location"}, {grid, "location"}, {grid, "name"}, {centre, "name"}}) {
        if (entry && place.empty()) place = text_of(entry->text, key);
    }
    if (place.empty() || !grid) return place;
    const std::string code = text_of(grid->text, "country");
    if (code.empty()) return place;
    const catalog_entry* country = c.find(catalog_kind::grids, code);
    const std::string words = country ? text_of(country->text, "name") : std::string();
    if (place.find(code) != std::string::npos || (!words.empty() && place.find(words) != std::string::npos)) return place;
    return fmt::format("{}, {}", place, words.empty() ? code : words);
}

// "nominal unit (sampled p05 – p95 a – b, year y; kind/id)" of a catalogue value, on one line.
std::string catalogue_value_text(const provenance_row& p) {
    std::string text = fmt::format("{} = {} {} ({}, year {}; {})", p.quantity, detail::cell(p.value), p.unit,
                                   p.p05 == p.p95 ? std::string("exact")
                                                  : fmt::format("sampled p05 - p95 {} - {}", detail::cell(p.p05), detail::cell(p.p95)),
                                   p.year.empty() ? "not stated" : p.year, p.catalogue);
    // Ids come from the scenario: no line break (NEL and U+2028 included, which YAML 1.1
    // reads as ones) may end the comment this goes into.
    return detail::one_line(text);
}

// The training phases (kind training): their nominal carbon [kgCO2e], sites and hardware.
struct training_summary {
    double carbon = 0.0, low = 0.0, high = 0.0;
    std::vector<std::string> places, hardware;
    std::vector<std::string> unplaced;  //!< ids of the sites that name no place
};

training_summary summarise_training(const scenario& s, const model& m, const report_options& options) {
    training_summary out;
    Eigen::ArrayXXd samples;
    std::vector<int> nodes;
    for (const auto& p : m.phases)
        if (detail::kind_of(p.kind).model_card) nodes.push_back(p.output(*m.carbon()));
    if (nodes.empty()) {
        throw input_error::missing_alternatives(s.phases.front().loc, fmt::format("the model card of scenario '{}'", s.name),
                                                "a phase of kind 'training' (it reports the training phases)");
    }
    int sum = nodes[0];
    model copy = m;  // the sum of the training phases, as one more node
    for (std::size_t i = 1; i < nodes.size(); ++i) sum = copy.nodes.add(sum, nodes[i]);
    out.carbon = evaluate_point(copy.nodes, {sum}, copy.nominal_inputs())[0];
    sample_nodes(copy, {sum}, options.run, samples);
    std::vector<double> v(samples.data(), samples.data() + samples.rows());
    out.low = quantile(v, 0.05);
    out.high = quantile(v, 0.95);
    const catalog c = catalogue_of(s, options.catalogues);
    auto find = [](const std::vector<entity>& items, const std::string& id) {
        return std::find_if(items.begin(), items.end(), [&](const entity& e) { return e.id == id; });
    };
    for (const auto& ph : s.phases) {
        if (!detail::kind_of(ph.kind.text).model_card) continue;
        if (ph.site) {
            const auto site = find(s.sites, ph.site->text);
            std::string place = site == s.sites.end() ? std::string() : place_of(c, *site);
            if (place.empty()) out.unplaced.push_back(ph.site->text);
            else out.places.push_back(std::move(place));
        }
        if (ph.hardware) {
            const auto hw = find(s.hardware, ph.hardware->text);
            // The count's value, even when the scenario writes it as a formula.
            std::string count;
            if (const auto it = m.fields.find("hardware/" + ph.hardware->text + "/count"); it != m.fields.end()) {
                count = fmt::format("{:g} x ", evaluate_point(m.nodes, {it->second}, m.nominal_inputs())[0]);
            }
            out.hardware.push_back(count + (hw == s.hardware.end() ? ph.hardware->text : hardware_name(c, *hw)));
        }
    }
    return out;
}

}  // namespace

std::string_view training_type_name(training_type t) noexcept {
    return t == training_type::fine_tuning ? "fine-tuning" : "pre-training";
}

const std::vector<std::string>& training_type_names() {
    static const std::vector<std::string> names{"pre-training", "fine-tuning"};
    return names;
}

training_type parse_training_type(std::string_view text) {
    if (text == "pre-training") return training_type::pre_training;
    if (text == "fine-tuning") return training_type::fine_tuning;
    throw input_error::invalid_option("training type", fmt::format("expected 'pre-training' or 'fine-tuning', the values Hugging Face "
                                                                   "documents, got '{}'", text));
}

std::string model_card_block(const scenario& s, const report_options& options, training_type type) {
    const model m = compile(s, options.catalogues);
    const training_summary t = summarise_training(s, m, options);
    std::string sources;
    for (const auto& src : s.sources) {
        const auto title = src.fields.find("title");
        if (title != src.fields.end() && sources.size() < 200) sources += (sources.empty() ? "" : "; ") + title->second;
    }
    // Hugging Face's documented fields (docs/hub/model-cards-co2), emissions in grams of
    // CO2-equivalent; a field kaya knows nothing for is left out rather than guessed.
    std::string out = fmt::format("co2_eq_emissions:\n  emissions: {:.0f}\n  source: {}\n  training_type: {}\n", t.carbon * 1000.0,
                                  yaml_quoted(fmt::format("kaya {} estimate from scenario '{}'{}{}", options.version, s.name,
                                                          sources.empty() ? "" : "; ", sources)),
                                  yaml_quoted(training_type_name(type)));
    if (t.unplaced.empty() && !t.places.empty()) out += fmt::format("  geographical_location: {}\n", yaml_quoted(join(t.places)));
    if (!t.hardware.empty()) out += fmt::format("  hardware_used: {}\n", yaml_quoted(join(t.hardware)));
    out += fmt::format("# gCO2e of the training phases of scenario {}, {}-based, nominal; p05 - p95: {:.0f} - {:.0f} g ({} samples, seed {}, "
                       "kaya {})\n",
                       yaml_quoted(s.name), m.accounting, t.low * 1000.0, t.high * 1000.0, options.run.samples, options.run.seed, options.version);
    for (const auto& o : s.overrides) out += "# with the override " + yaml_quoted(o) + " (not in the scenario file)\n";
    if (!t.unplaced.empty()) {
        out += fmt::format("# no geographical_location: site {} names no place (give it a location)\n", yaml_quoted(join(t.unplaced)));
    }
    for (const auto& p : catalogue_values(m, options.run)) out += "# catalogue value: " + catalogue_value_text(p) + "\n";
    return out;
}

// ---- The LaTeX table ------------------------------------------------------------------------

namespace {

// A unit for one column of the table: `per_reporting` of it make one reporting unit.
struct latex_unit {
    std::string symbol;
    double per_reporting;
};

// A unit symbol in LaTeX: CO$_2$, m$^3$.
std::string latex_symbol(std::string symbol) {
    if (const auto co2 = symbol.find("CO2"); co2 != std::string::npos) symbol.replace(co2, 3, "CO$_2$");
    if (symbol == "m3" || symbol == "m^3") symbol = "m$^3$";
    return symbol;
}

// The unit for values up to `largest` (in the reporting unit), from the category's scale
// (its `scale` in models/impact-categories.yaml, else its reporting unit alone): the
// reporting unit or the smallest larger one in which `largest` stays below 10,000, so that no
// number of the column has more than four digits before the point; the smallest unit when
// `largest` is below one, the next smaller one (g, Wh, mL).
latex_unit unit_for(const indicator& ind, double largest) {
    std::vector<latex_unit> ladder;
    for (const auto& symbol : ind.scale) {
        const auto u = parse_unit(symbol);
        if (!u || u->dim != ind.dim) throw internal_error(fmt::format("category '{}': '{}' is not a unit of it", ind.key, symbol));
        ladder.push_back({latex_symbol(symbol), 1.0 / (ind.per_base * u->factor)});
    }
    if (ladder.empty()) ladder.push_back({latex_symbol(ind.unit), 1.0});
    std::sort(ladder.begin(), ladder.end(), [](const latex_unit& a, const latex_unit& b) { return a.per_reporting > b.per_reporting; });
    const double top = std::abs(largest);
    // The reporting unit's place on the ladder: nothing smaller unless `largest` is below one.
    std::size_t first = 0;
    while (first + 1 < ladder.size() && ladder[first].per_reporting > 1.0 + 1e-12) ++first;
    if (top > 0.0 && top < 1.0) return ladder[first > 0 ? first - 1 : 0];
    for (std::size_t i = first; i < ladder.size(); ++i) {
        if (top * ladder[i].per_reporting < 9999.5) return ladder[i];
    }
    return ladder.back();
}

// How one column prints its numbers: in one unit, with as many decimals as give its largest
// value four significant figures, so that the points line up and no number is wider than
// "9,999" or "0.001". A value too small for those decimals prints as "<0.001"; exactly
// zero as "0", and a value not assessed as "n/a", as in the reports.
struct column_format {
    latex_unit unit;
    int decimals = 0;

    column_format(const indicator& c, double largest) : unit(unit_for(c, largest)) {
        const double top = std::abs(largest) * unit.per_reporting;
        if (!(top > 0.0)) return;
        decimals = std::max(0, 3 - static_cast<int>(std::floor(std::log10(top))));
        if (decimals > 0 && std::round(top * std::pow(10.0, decimals)) >= 1e4) --decimals;  // 999.96 prints as 1,000
    }

    //! `v` in the reporting unit.
    [[nodiscard]] std::string operator()(double v) const {
        v *= unit.per_reporting;
        if (!std::isfinite(v)) return "n/a";
        if (v == 0.0) return "0";
        const double step = std::pow(10.0, -decimals);
        if (std::abs(v) < step / 2) return fmt::format("{}{:.{}f}", v > 0 ? "$<$" : "$>-$", step, decimals);
        const std::string text = decimals == 0 ? detail::whole(v) : fmt::format("{:.{}f}", v, decimals);
        return text.front() == '-' ? "$-$" + text.substr(1) : text;
    }
};

std::string capitalised(std::string text) {
    if (!text.empty() && text.front() >= 'a' && text.front() <= 'z') text.front() = static_cast<char>(text.front() - 'a' + 'A');
    return text;
}

// "Climate change" -> "climate change"; "IT energy" stays.
std::string lowercase_first(std::string text) {
    if (text.size() > 1 && text[0] >= 'A' && text[0] <= 'Z' && !(text[1] >= 'A' && text[1] <= 'Z')) text[0] = static_cast<char>(text[0] - 'A' + 'a');
    return text;
}

// One row of the table: a label with a smaller line under it (the kind, or "stage
// subtotal"), and the values.
struct latex_row {
    std::string label, under;
    const std::vector<summary>* impacts;
    bool subtotal = false;
};

// The rows in groups between rules: each stage's phases and then its subtotal, where the
// stage first appears; a run of phases without a stage in its place.
std::vector<std::vector<latex_row>> latex_groups(const model& m, const run_result& r) {
    std::vector<std::vector<latex_row>> groups;
    std::vector<std::string> done;
    bool loose = false;  // the last group holds phases without a stage
    for (std::size_t i = 0; i < r.phases.size(); ++i) {
        const std::string& stage = m.phases[i].stage;
        if (stage.empty()) {
            if (!loose) groups.emplace_back();
            groups.back().push_back({r.phases[i].name, r.phases[i].kind, &r.phases[i].impacts});
            loose = true;
            continue;
        }
        if (std::find(done.begin(), done.end(), stage) != done.end()) continue;
        done.push_back(stage);
        loose = false;
        auto& group = groups.emplace_back();
        for (std::size_t j = i; j < r.phases.size(); ++j) {
            if (m.phases[j].stage == stage) group.push_back({r.phases[j].name, r.phases[j].kind, &r.phases[j].impacts});
        }
        for (const auto& st : r.stages) {
            if (st.name == stage) group.push_back({st.name, "stage subtotal", &st.impacts, true});
        }
    }
    return groups;
}

}  // namespace

std::string latex_export(const scenario& s, const report_options& options) {
    const model m = compile(s, options.catalogues);
    const run_result r = run_monte_carlo(m, options.run);
    const auto groups = latex_groups(m, r);
    const latex_row total{"Total", "", &r.total};

    // A column per category, each in one unit and one precision, chosen for its largest value.
    const std::vector<std::size_t> shown = detail::shown_indicators(r.indicators, false);
    std::vector<column_format> columns;
    for (const std::size_t k : shown) {
        double largest = 0.0;
        auto widen = [&](const summary& x) {
            if (!x.assessed()) return;
            for (const double v : {x.nominal, x.p05, x.p95}) largest = std::max(largest, std::abs(v) * r.indicators[k].per_base);
        };
        for (const auto& g : groups)
            for (const auto& row : g) widen((*row.impacts)[k]);
        widen((*total.impacts)[k]);
        columns.emplace_back(r.indicators[k], largest);
    }
    // The nominal value, with its p05--p95 under it in a smaller size where they differ at
    // the column's precision; "n/a" not assessed, "$\geq$" before a partial value.
    auto value = [&](std::size_t column, const summary& x) {
        const column_format& f = columns[column];
        if (!x.assessed()) return std::string("n/a");
        const double per = r.indicators[shown[column]].per_base;
        const std::string nominal = (x.status == coverage_status::partial ? "$\\geq$" : "") + f(x.nominal * per);
        const std::string low = f(x.p05 * per), high = f(x.p95 * per);
        if (low == high) return nominal;
        return fmt::format("\\begin{{tabular}}[t]{{@{{}}r@{{}}}}{}\\\\\\scriptsize {}--{}\\end{{tabular}}", nominal, low, high);
    };
    auto row_text = [&](const latex_row& row) {
        std::string label = latex_escaped(row.label);
        if (row.subtotal) label = fmt::format("\\textit{{{}}}", label);
        if (!row.under.empty()) label += fmt::format("\\newline{{\\scriptsize {}}}", latex_escaped(row.under));
        std::string line = fmt::format("    \\raggedright\\hspace{{0pt}}{}", label);
        for (std::size_t c = 0; c < shown.size(); ++c) line += " & " + value(c, (*row.impacts)[shown[c]]);
        return line + " \\\\\n";
    };

    const std::string label = label_of(s.name);
    // Up to three categories fit one column of a two-column article; more take the page's width.
    const bool wide = shown.size() > 3;
    std::string out = fmt::format(
        "% Generated by kaya {} from scenario {} (SHA-1 {}), {} samples, seed {}.\n"
        "% Needs \\usepackage{{booktabs}}; fits {} of a one- or two-column article.\n"
        "\\begin{{{}}}[t]\n  \\centering\n"
        "  \\caption{{Lifecycle footprint of {} by phase and stage: nominal values, with the 5th--95th percentiles under "
        "them. Energy is electricity at the meter; water is consumed on and off site.}}\n"
        "  \\label{{tab:kaya-{}}}\n  \\smallskip\n  \\footnotesize\n  \\setlength{{\\tabcolsep}}{{3pt}}\n"
        "  \\begin{{tabular*}}{{{}}}{{@{{\\extracolsep{{\\fill}}}}p{{0.3{}}}{}@{{}}}}\n    \\toprule\n"
        "    Phase{} \\\\\n    {} \\\\\n",
        latex_escaped(options.version), latex_escaped(s.name), detail::sha1_of(s.file->text()), options.run.samples, options.run.seed,
        wide ? "the page width" : "one column", wide ? "table*" : "table",
        latex_escaped(s.name), label, wide ? "\\textwidth" : "\\columnwidth", wide ? "\\textwidth" : "\\columnwidth",
        std::string(shown.size(), 'r'), [&] {
            std::string heads;
            for (const std::size_t k : shown) heads += " & " + latex_escaped(capitalised(r.indicators[k].label));
            return heads;
        }(), [&] {
            std::string units;
            for (const auto& c : columns) units += " & (" + c.unit.symbol + ")";
            return units;
        }());
    for (const auto& g : groups) {
        out += "    \\midrule\n";
        for (const auto& row : g) out += row_text(row);
    }
    out += "    \\midrule\n" + row_text(total) + "    \\bottomrule\n  \\end{tabular*}\n\\end{" + std::string(wide ? "table*" : "table") + "}\n\n";

    // The statement, each quantity in the unit and precision its total reads best in.
    auto stated = [&](std::size_t k) {
        const summary& x = r.total[k];
        if (!x.assessed()) return std::array<std::string, 4>{"n/a", "", "", ""};
        const double per = r.indicators[k].per_base;
        const column_format f(r.indicators[k], std::max({std::abs(x.nominal), std::abs(x.p05), std::abs(x.p95)}) * per);
        const std::string least = x.status == coverage_status::partial ? "at least " : "";
        return std::array<std::string, 4>{least + f(x.nominal * per), f(x.p05 * per), f(x.p95 * per), f.unit.symbol};
    };
    const auto carbon = stated(*r.carbon());
    std::string others;
    for (const std::size_t k : shown) {
        if (k == *r.carbon()) continue;
        const auto v = stated(k);
        others += fmt::format("{}{}: {}{}", others.empty() ? "" : "; ", latex_escaped(lowercase_first(r.indicators[k].name)), v[0],
                              v[3].empty() ? " (not assessed)" : "~" + v[3]);
    }
    out += fmt::format("% An emissions statement.\nWe estimate the lifecycle footprint of {} {}~{} (90\\% interval: {}--{}~{}); {}; "
                       "with kaya {} (Table~\\ref{{tab:kaya-{}}}). Carbon is {}-based.\n",
                       latex_escaped(s.name), (carbon[0].starts_with("at least") ? "to be " : "at ") + carbon[0], carbon[3], carbon[1],
                       carbon[2], carbon[3], others, latex_escaped(options.version), label, r.accounting);
    for (const auto& o : s.overrides) {
        std::string line = o;
        for (char& ch : line)
            if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = ' ';
        out += "% With the override " + line + " (not in the scenario file).\n";
    }
    if (!r.provenance.empty()) {
        out += "% Values taken from kaya's catalogues (check each one's year and range before citing them):\n";
        for (const auto& p : r.provenance) out += "%   " + catalogue_value_text(p) + "\n";
    }
    return out;
}

}  // namespace kaya

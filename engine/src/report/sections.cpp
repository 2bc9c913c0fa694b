#include "report/sections.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "kaya/catalog/catalog.hpp"
#include "kaya/render/render.hpp"
#include "kaya/scenario/expression.hpp"
#include "kaya/units/unit.hpp"
#include "render/functional_unit.hpp"
#include "render/measurement.hpp"
#include "render/text.hpp"
#include "errors/suggest.hpp"
#include "report/charts.hpp"

namespace kaya::detail {
namespace {

const char* const uncertainty_names[] = {"exact", "uniform", "triangular", "normal", "lognormal", "± range"};

std::string sources_of(const value_spec& v) {
    std::string out;
    for (const auto& s : v.sources) out += (out.empty() ? "" : ", ") + s.text;
    return out;
}

// The carbon of one unit of an everyday equivalent, in kgCO2e, or a negative number.
double equivalent_carbon(const catalog_entry& e) {
    const auto it = e.fields.find("carbon");
    if (it == e.fields.end() || !it->second.value) return -1.0;
    const expression x = parse_expression(it->second.value->text, {});
    return x.is_literal() && x.nodes[0].dim == dims::carbon ? x.nodes[0].value : -1.0;
}

// The everyday equivalents a report shows: those with a `report_order`, in that order.
std::vector<const catalog_entry*> reported_equivalents(const catalog& c) {
    std::vector<std::pair<long, const catalog_entry*>> chosen;
    for (const catalog_entry* e : c.list(catalog_kind::equivalents)) {
        if (const auto order = e->text.find("report_order"); order != e->text.end()) chosen.emplace_back(std::stol(order->second), e);
    }
    std::stable_sort(chosen.begin(), chosen.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<const catalog_entry*> out;
    for (const auto& [_, e] : chosen) out.push_back(e);
    return out;
}

// A path as it is typed in a shell: quoted when it holds anything but letters, digits and ./_-.
std::string shell_word(const std::string& path) {
    const bool plain = !path.empty() && path.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./_-") ==
                                            std::string::npos;
    if (plain) return path;
    std::string out = "'";
    for (const char c : path) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

}  // namespace

void summary_section(document& d, const run_result& r, const run_options& run, const catalog& catalogue) {
    d.heading("Summary");
    d.paragraph(fmt::format("Nominal values evaluate every parameter at its stated value; the ranges are the 5th to 95th "
                            "percentiles of {} Monte Carlo samples (seed {}).",
                            thousands(run.samples), run.seed));
    std::vector<std::vector<std::string>> rows{{"", "nominal", "p05 – p95", "mean", "unit"}};
    for (std::size_t k = 0; k < r.indicators.size(); ++k) {
        const indicator& u = r.indicators[k];
        const summary& s = r.total[k];
        const std::string name = u.detail_of.empty() ? u.name : "  " + u.name;
        rows.push_back({name, impact_cell(s, u.per_base), range_text(s, u.per_base), s.assessed() ? cell(s.mean * u.per_base) : "n/a", u.unit});
    }
    d.table(std::move(rows));
    if (const std::string line = detail::accounting_line(r.indicators, r.accounting); !line.empty()) {
        d.paragraph(line + " The distribution, the tornado and the everyday equivalents below are of the primary accounting's carbon.");
    }
    if (has_gaps(r)) d.paragraph(std::string(coverage_footnote) + " The coverage section lists what is missing and why.");
    // Everyday equivalents of the nominal carbon, each with its cited factor.
    std::vector<std::vector<std::string>> equivalents{{"as much carbon as", "", "at (per unit)", "source"}};
    const auto gwp = r.carbon();
    const double carbon = gwp ? r.total[*gwp].nominal : NAN;
    for (const catalog_entry* e : reported_equivalents(catalogue)) {
        const double per_unit = equivalent_carbon(*e);
        if (per_unit <= 0.0) continue;
        const auto per = e->text.find("per");
        const value_spec& v = e->fields.at("carbon");
        std::string source;
        for (const auto& s : v.sources) {
            const auto& f = e->sources->at(s.text);
            if (const auto t = f.find("title"); t != f.end()) source += (source.empty() ? "" : "; ") + t->second;
        }
        equivalents.push_back({cell(carbon / per_unit), per == e->text.end() ? e->id : per->second, v.value->text, source});
    }
    if (equivalents.size() > 1) {
        d.paragraph("Everyday equivalents of the nominal carbon:");
        d.table(std::move(equivalents));
    }
    if (r.parity) {
        d.paragraph(fmt::format("Deployment parity: the inference phases emit as much carbon as all the other phases after {} days "
                                "(p05 – p95: {} – {} days).",
                                cell(r.parity->nominal / 86400.0), cell(r.parity->p05 / 86400.0), cell(r.parity->p95 / 86400.0)));
    }
}

void breakdown_section(document& d, const run_result& r, std::vector<report_file>& figures) {
    d.heading("Breakdown by phase");
    // The categories in one table, their parts (IT energy, water by origin) in a second.
    for (const bool details : {false, true}) {
        std::vector<std::size_t> shown;
        for (std::size_t k = 0; k < r.indicators.size(); ++k)
            if (r.indicators[k].detail_of.empty() != details) shown.push_back(k);
        if (shown.empty()) continue;
        if (details) d.paragraph("Parts of energy and water:");
        std::vector<std::vector<std::string>> rows{{"phase", "kind", "stage"}};
        for (const std::size_t k : shown) {
            rows[0].push_back(fmt::format("{} [{}]", r.indicators[k].label, r.indicators[k].unit));
            rows[0].push_back("p05 – p95");
        }
        auto add = [&](const std::string& name, const std::string& kind, const std::string& stage, const std::vector<summary>& s) {
            std::vector<std::string> row{name, kind, stage};
            for (const std::size_t k : shown) {
                row.push_back(impact_cell(s[k], r.indicators[k].per_base));
                row.push_back(range_text(s[k], r.indicators[k].per_base));
            }
            rows.push_back(std::move(row));
        };
        for (const auto& p : r.phases) add(p.name, p.kind, p.stage, p.impacts);
        for (const auto& st : r.stages) add(st.name, "(stage)", st.name, st.impacts);
        add("total", "", "", r.total);
        d.table(std::move(rows));
    }
    if (has_gaps(r)) d.paragraph(std::string(coverage_footnote));
    for (const std::size_t k : shown_indicators(r.indicators, false)) {
        const indicator& u = r.indicators[k];
        if (!r.total[k].assessed()) continue;
        std::vector<stacked_row> bars;
        stacked_row total{"total", {}, r.total[k].p05 * u.per_base, r.total[k].p95 * u.per_base};
        // A phase whose value is not assessed has no bar: it is not a zero.
        for (const auto& p : r.phases)
            if (p.impact(k).assessed()) total.segments.push_back({p.name, p.impact(k).nominal * u.per_base, p.kind});
        bars.push_back(std::move(total));
        const std::string name = fmt::format("{}-by-phase.svg", file_stem(u));
        const std::string title = fmt::format("{} by phase [{}]{}", u.name, u.unit, r.total[k].status == coverage_status::partial ? " (partial)" : "");
        std::string svg = stacked_bars_svg(title, u.unit, bars);
        d.figure(name, fmt::format("{}: nominal values stacked by phase; the whisker spans the p05 – p95 of the total.", title), svg);
        figures.push_back({name, std::move(svg)});
    }
}

void coverage_section(document& d, const run_result& r) {
    if (r.coverage.empty()) return;
    d.heading("Coverage");
    d.paragraph("These contributions are not assessed: no source gives the factor they need, so they are left out of the sums "
                "(not counted as zero), and the totals they belong to are partial.");
    std::vector<std::vector<std::string>> rows{{"category", "phase", "missing", "why"}};
    for (const auto& g : r.coverage) {
        const auto k = r.indicator_index(g.indicator);
        rows.push_back({k ? fmt::format("{} ({})", r.indicators[*k].name, g.indicator) : g.indicator, g.phase, g.missing, g.why});
    }
    d.table(std::move(rows));
}

void functional_unit_section(document& d, const run_result& r) {
    if (!r.functional_unit || r.functional_unit->trained_model) return;
    d.heading(fmt::format("Per functional unit: {}", r.functional_unit->unit));
    d.paragraph(detail::functional_unit_heading(*r.functional_unit) +
                " The deployment column is the inference phases alone; the life cycle column, when the scenario states a lifetime, "
                "adds every other phase's share.");
    d.table(detail::functional_unit_rows(r, false));
}

void measurement_section(document& d, const run_result& r) {
    if (r.measurements.empty()) return;
    d.heading("Measured and estimated");
    d.paragraph("Phases whose energy was measured take it from the file it was measured in, with the uncertainty of the method "
                "(docs/how-to/measured-data.md). Where a phase also states an estimate of the same energy, the estimate is "
                "compared with the measurement, not added to it: how good the assumptions were.");
    std::vector<std::string> items;
    for (const auto& m : r.measurements) {
        std::string item;
        for (const auto& line : detail::measurement_lines(r, m)) item += (item.empty() ? "" : " ") + line.substr(line.find_first_not_of(' '));
        items.push_back(std::move(item));
    }
    d.list(std::move(items));
}

void distribution_section(document& d, const run_result& r, std::vector<double> total_carbon, std::vector<report_file>& figures) {
    d.heading("Distribution of the total");
    const summary& s = r.total[*r.carbon()];
    std::string svg = histogram_svg("Total carbon [kgCO2e]", "kgCO2e", std::move(total_carbon), s.p05, s.p50, s.p95);
    d.figure("carbon-distribution.svg", fmt::format("The total carbon over the samples: median {}, p05 – p95 {}.", cell(s.p50), range_text(s, 1.0)), svg);
    figures.push_back({"carbon-distribution.svg", std::move(svg)});
}

void sensitivity_section(document& d, const tornado_result& t, std::vector<report_file>& figures, const std::string& scenario_path) {
    d.heading("Which assumptions matter");
    d.paragraph(fmt::format("Each uncertain parameter moved from its 5th to its 95th percentile while the others keep their nominal "
                            "values (a tornado); the widest bars are the assumptions the total carbon depends on most. Variance-based "
                            "(Sobol') indices, which also count interactions between parameters, come from kaya's sensitivity "
                            "analysis of the same file (kaya sensitivity {}).",
                            shell_word(scenario_path)));
    std::vector<tornado_row> bars;
    std::vector<std::vector<std::string>> rows{
        {"parameter", "p05 – p95 of the parameter", "carbon at p05 [kgCO2e]", "carbon at p95 [kgCO2e]", "swing [kgCO2e]"}};
    for (const auto& b : t.bars) {
        if (b.swing <= 0.0) continue;
        if (bars.size() < 12) bars.push_back({b.name, b.output_low, b.output_high});
        const std::string unit = b.unit.symbol.empty() ? "" : " " + b.unit.symbol;
        rows.push_back({b.name, fmt::format("{} – {}{}", cell(b.low_value / b.unit.factor), cell(b.high_value / b.unit.factor), unit),
                        cell(b.output_low), cell(b.output_high), cell(b.swing)});
    }
    std::string svg = tornado_svg("Total carbon, one parameter at a time [kgCO2e]", "kgCO2e", t.nominal, bars);
    d.figure("carbon-tornado.svg", "The total carbon with each parameter at its p05 (blue) and its p95 (orange), the others nominal.", svg);
    figures.push_back({"carbon-tornado.svg", std::move(svg)});
    d.table(std::move(rows));
}

void assumptions_section(document& d, const scenario& s, const model& m, const run_result& r, const run_options& run) {
    d.heading("Assumptions");
    d.paragraph("Every value of the scenario as written, with its uncertainty, source and note. A value written as a formula "
                "or a name is as uncertain as the parameters it uses: its uncertainty names them, and its range is sampled.");
    struct row_spec {
        std::string where;
        const value_spec* v;
        int node;
    };
    std::vector<row_spec> specs;
    auto node_of = [&](const std::string& key) { const auto it = m.fields.find(key); return it == m.fields.end() ? -1 : it->second; };
    for (const auto& p : s.parameters) specs.push_back({p.name, &p.value, node_of("parameter/" + p.name)});
    for (const auto& e : s.hardware)
        for (const auto& [f, v] : e.fields) specs.push_back({fmt::format("hardware {} {}", e.id, f), &v, node_of(fmt::format("hardware/{}/{}", e.id, f))});
    for (const auto& e : s.sites)
        for (const auto& [f, v] : e.fields) specs.push_back({fmt::format("site {} {}", e.id, f), &v, node_of(fmt::format("site/{}/{}", e.id, f))});
    for (const auto& ph : s.phases)
        for (const auto& [f, v] : ph.fields) specs.push_back({fmt::format("phase {} {}", ph.name, f), &v, node_of(fmt::format("phase/{}/{}", ph.name, f))});
    std::vector<int> nodes;
    for (const auto& x : specs)
        if (x.node >= 0) nodes.push_back(x.node);
    const std::vector<node_range> ranges = node_ranges(m, nodes, run);
    std::vector<std::vector<std::string>> rows{{"value", "as written", "uncertainty", "p05 – p95", "source", "note"}};
    std::size_t k = 0;
    for (const auto& x : specs) {
        std::string uncertainty = uncertainty_names[static_cast<int>(x.v->form)];
        std::string range = "–";
        if (x.node >= 0) {
            const node_range& nr = ranges[k++];
            const std::vector<int> inputs = inputs_of(m.nodes, x.node);
            if (x.v->form == uncertainty_form::none && !inputs.empty()) {
                uncertainty = "from ";
                for (std::size_t i = 0; i < inputs.size() && i < 3; ++i) {
                    uncertainty += (i == 0 ? "" : ", ") + m.inputs[static_cast<std::size_t>(inputs[i])].key;
                }
                if (inputs.size() > 3) uncertainty += fmt::format(" and {} more", inputs.size() - 3);
            }
            if (!inputs.empty()) {
                // In the unit of the first input of the same dimension, as its author wrote it.
                const dimension dim = m.nodes[x.node].dim;
                display_unit u = display_unit_for(dim);
                for (const int i : inputs) {
                    if (m.inputs[static_cast<std::size_t>(i)].dim == dim) {
                        u = m.inputs[static_cast<std::size_t>(i)].unit;
                        break;
                    }
                }
                range = fmt::format("{} – {}{}", cell(nr.p05 / u.factor), cell(nr.p95 / u.factor), u.symbol.empty() ? "" : " " + u.symbol);
            }
        }
        rows.push_back({x.where, written_form(*x.v), uncertainty, range, sources_of(*x.v), x.v->note});
    }
    d.table(std::move(rows));
    if (!r.provenance.empty()) {
        d.heading("Values from the catalogues", 3);
        std::vector<std::vector<std::string>> cat{{"quantity", "nominal", "sampled p05 – p95", "unit", "year", "catalogue entry", "sources"}};
        for (const auto& p : r.provenance) {
            std::string sources;
            for (const auto& x : p.sources) sources += (sources.empty() ? "" : " | ") + x;
            cat.push_back({p.quantity, cell(p.value), p.p05 == p.p95 ? std::string("exact") : fmt::format("{} – {}", cell(p.p05), cell(p.p95)),
                           p.unit, p.year.empty() ? "not stated" : p.year, p.catalogue, sources});
        }
        d.table(std::move(cat));
    }
    d.heading("Warnings", 3);
    if (r.warnings.empty()) {
        d.paragraph("None: every value was given or taken from a catalogue entry the scenario names.");
    } else {
        std::vector<std::string> items;
        for (const auto& w : r.warnings) items.push_back(fmt::format("{} [{}]", w.message, w.code));
        d.list(std::move(items));
    }
    d.heading("Sources", 3);
    if (s.sources.empty()) {
        d.paragraph(r.provenance.empty() ? "None cited: the scenario gives no sources."
                                         : "None cited by the scenario itself; the catalogue values above give theirs.");
        return;
    }
    std::vector<std::string> items;
    for (const auto& src : s.sources) {
        auto get = [&](const char* key) { const auto it = src.fields.find(key); return it == src.fields.end() ? std::string() : it->second; };
        std::string where = get("url").empty() ? get("repository") : get("url");
        if (!get("path").empty()) where += "/" + get("path");
        items.push_back(fmt::format("{}: {}{}{}{}", src.key, get("title"), get("authors").empty() ? "" : " (" + get("authors") + ")",
                                    where.empty() ? "" : ", " + where, get("licence").empty() ? "" : "; " + get("licence")));
    }
    d.list(std::move(items));
}

void methodology_section(document& d, const model& m) {
    d.heading("Methodology");
    d.paragraph("Each phase is computed by the equations of its kind (docs/methodology/phases.md in kaya), and each category "
                "is the sum of its terms, a flow of the phase times a characterisation factor "
                "(docs/methodology/categories.md). The equations below are the ones kaya evaluated, as its phase builders "
                "recorded them; phases that share them are listed together.");
    // Each phase's equations, from its steps: a value taken as given is listed once, by
    // where it comes from; a step that only renames another is left out.
    std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> groups;  // equations -> phases
    for (const auto& p : m.phases) {
        std::vector<std::string> equations;
        for (const auto& st : p.steps) {
            // A true zero (no flow the category characterises) says nothing about the method.
            if (st.equation.empty() || st.equation == st.name || st.equation.starts_with("0 (")) continue;
            const std::string line = fmt::format("{} = {}", st.name, st.equation);
            if (std::find(equations.begin(), equations.end(), line) == equations.end()) equations.push_back(line);
        }
        const auto same = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == equations; });
        if (same != groups.end()) same->second.push_back(p.name);
        else groups.push_back({equations, {p.name}});
    }
    std::vector<std::string> items;
    for (const auto& [equations, phases] : groups) {
        std::string text = fmt::format("{}: ", listing(phases));
        for (std::size_t i = 0; i < equations.size(); ++i) text += (i == 0 ? "" : "; ") + equations[i];
        items.push_back(text);
    }
    d.list(std::move(items));
    std::vector<std::string> categories;
    for (const auto& ind : m.indicators) {
        categories.push_back(fmt::format("{} ({}, {}): {}", ind.name, ind.key, ind.unit, ind.method));
    }
    d.paragraph("The categories and what each measures:");
    d.list(std::move(categories));
    d.paragraph("Uncertainty is propagated by Monte Carlo: every uncertain value is drawn once per sample from its own "
                "reproducible stream, however many places use it, so correlations between phases are kept.");
}

void provenance_section(document& d, const scenario& s, const report_options& options) {
    d.heading("Provenance");
    d.table({{"item", "value"},
             {"kaya version", options.version},
             {"scenario", s.name},
             {"scenario file", s.file->path()},
             {"scenario SHA-1", sha1_of(s.file->text())},
             {"samples", thousands(options.run.samples)},
             {"seed", std::to_string(options.run.seed)},
             {"overrides (not in the file)", [&] {
                  std::string out;
                  for (const auto& o : s.overrides) out += (out.empty() ? "" : "; ") + o;
                  return out.empty() ? std::string("none") : out;
              }()}});
}

}  // namespace kaya::detail

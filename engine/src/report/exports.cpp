// Comparison reports, and exports for model cards and papers.
#include <fmt/format.h>

#include <algorithm>

#include "kaya/analysis/compare.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/model/evaluate.hpp"
#include "kaya/render/render.hpp"
#include "kaya/report/report.hpp"
#include "render/text.hpp"
#include "report/charts.hpp"
#include "report/document.hpp"
#include "report/sections.hpp"

namespace kaya {

using detail::cell;

std::vector<report_file> comparison_report(const std::vector<scenario>& scenarios, const report_options& options) {
    std::vector<model> models;
    for (const auto& s : scenarios) models.push_back(compile(s, options.catalogues));
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
    std::vector<report_file> figures;
    for (const criterion cr : criteria) {
        const criterion_unit u = reporting_unit(cr);
        d.heading(fmt::format("{} [{}]", detail::criterion_title(cr), u.symbol));
        std::vector<std::string> phases;
        for (const auto& r : c.runs)
            for (const auto& p : r.phases)
                if (std::find(phases.begin(), phases.end(), p.name) == phases.end()) phases.push_back(p.name);
        std::vector<std::vector<std::string>> rows{{"phase"}};
        for (const auto& r : c.runs) rows[0].push_back(r.scenario);
        for (const auto& name : phases) {
            std::vector<std::string> row{name};
            for (const auto& r : c.runs) {
                const auto p = std::find_if(r.phases.begin(), r.phases.end(), [&](const phase_result& x) { return x.name == name; });
                row.push_back(p == r.phases.end() ? "–"
                                                  : fmt::format("{} ({})", cell(p->impact(cr).nominal * u.per_base),
                                                                detail::range_text(p->impact(cr), u.per_base)));
            }
            rows.push_back(std::move(row));
        }
        std::vector<std::string> total{"total"};
        std::vector<detail::stacked_row> bars;
        for (const auto& r : c.runs) {
            const summary& s = r.total[static_cast<int>(cr)];
            total.push_back(fmt::format("{} ({})", cell(s.nominal * u.per_base), detail::range_text(s, u.per_base)));
            detail::stacked_row bar{r.scenario, {}, s.p05 * u.per_base, s.p95 * u.per_base};
            for (const auto& p : r.phases) bar.segments.push_back({p.name, p.impact(cr).nominal * u.per_base, p.kind});
            bars.push_back(std::move(bar));
        }
        rows.push_back(std::move(total));
        d.table(std::move(rows));
        const std::string file = fmt::format("{}-by-scenario.svg", cr == criterion::gwp ? "carbon" : criterion_name(cr));
        std::string svg = detail::stacked_bars_svg(fmt::format("{} by scenario and phase [{}]", detail::criterion_title(cr), u.symbol), u.symbol, bars);
        d.figure(file, "Nominal values stacked by phase; the whiskers span each total's p05 – p95.", svg);
        figures.push_back({file, std::move(svg)});
    }
    d.heading("Pairs");
    std::vector<std::vector<std::string>> rows{{"pair", "criterion", "ratio (p05 – p95)", "difference (p05 – p95)", "P(first < second)", "gap by phase"}};
    for (const auto& p : c.pairs) {
        for (const criterion cr : criteria) {
            const pair_criterion& pc = p.criterion_of(cr);
            const criterion_unit u = reporting_unit(cr);
            std::string gaps;
            for (const auto& g : pc.phases) {
                if (g.difference != 0.0) gaps += fmt::format("{}{} {:.0f} %", gaps.empty() ? "" : ", ", g.name, g.share * 100.0);
            }
            rows.push_back({fmt::format("{} / {}", c.runs[p.b].scenario, c.runs[p.a].scenario), criterion_name(cr),
                            pc.ratio_defined ? fmt::format("{} ({} – {})", cell(pc.nominal_ratio), cell(pc.ratio.p05), cell(pc.ratio.p95)) : "–",
                            fmt::format("{} {} ({} – {})", cell(pc.nominal_difference * u.per_base), u.symbol, cell(pc.difference.p05 * u.per_base),
                                        cell(pc.difference.p95 * u.per_base)),
                            fmt::format("{:.3f}", pc.p_a_less), gaps});
        }
    }
    d.table(std::move(rows));
    d.heading("Provenance");
    std::vector<std::vector<std::string>> prov{{"scenario", "file", "SHA-1"}};
    for (const auto& s : scenarios) prov.push_back({s.name, s.file->path(), detail::sha1_of(s.file->text())});
    d.table(std::move(prov));
    d.paragraph(fmt::format("kaya {}; {} samples; seed {}.", options.version, detail::thousands(c.samples), c.seed));
    std::vector<report_file> files{{"report.html", detail::to_html(d)}, {"report.md", detail::to_markdown(d)},
                                   {"results.json", render_compare_json(c)}, {"results.csv", render_compare_csv(c)}};
    files.insert(files.end(), figures.begin(), figures.end());
    return files;
}

namespace {

// The training phases (kind training): their nominal carbon [kgCO2e], sites and hardware.
struct training_summary {
    double carbon = 0.0, low = 0.0, high = 0.0;
    std::vector<std::string> sites, hardware;
};

training_summary summarise_training(const scenario& s, const model& m, const run_options& run) {
    training_summary out;
    Eigen::ArrayXXd samples;
    std::vector<int> nodes;
    for (const auto& p : m.phases)
        if (p.kind == "training") nodes.push_back(p.output(criterion::gwp));
    if (nodes.empty()) throw input_error::invalid_option("--hf-model-card", fmt::format("scenario '{}' has no training phase", s.name));
    int sum = nodes[0];
    model copy = m;  // the sum of the training phases, as one more node
    for (std::size_t i = 1; i < nodes.size(); ++i) sum = copy.nodes.add(sum, nodes[i]);
    out.carbon = evaluate_point(copy.nodes, {sum}, copy.nominal_inputs())[0];
    sample_nodes(copy, {sum}, run, samples);
    std::vector<double> v(samples.data(), samples.data() + samples.rows());
    out.low = quantile(v, 0.05);
    out.high = quantile(v, 0.95);
    for (const auto& ph : s.phases) {
        if (ph.kind.text != "training") continue;
        auto name_of = [](const std::vector<entity>& items, const std::string& id) {
            for (const auto& e : items)
                if (e.id == id) {
                    const auto n = e.text.find("name");
                    return n == e.text.end() ? id : n->second;
                }
            return id;
        };
        if (ph.site) out.sites.push_back(name_of(s.sites, ph.site->text));
        if (ph.hardware) {
            // The count's value, even when the scenario writes it as a formula.
            std::string count;
            if (const auto it = m.fields.find("hardware/" + ph.hardware->text + "/count"); it != m.fields.end()) {
                count = fmt::format("{:g} x ", evaluate_point(m.nodes, {it->second}, m.nominal_inputs())[0]);
            }
            out.hardware.push_back(count + name_of(s.hardware, ph.hardware->text));
        }
    }
    return out;
}

std::string yaml_quoted(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) out += c == '"' ? std::string("\\\"") : c == '\\' ? std::string("\\\\") : std::string(1, c);
    return out + "\"";
}

std::string latex_escaped(const std::string& s) {
    std::string out;
    for (const char c : s) {
        switch (c) {
            case '&': case '%': case '$': case '#': case '_': case '{': case '}': out += std::string("\\") + c; break;
            case '~': out += "\\textasciitilde{}"; break;
            case '^': out += "\\textasciicircum{}"; break;
            case '\\': out += "\\textbackslash{}"; break;
            default: out += c;
        }
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

// A LaTeX label: letters, digits and hyphens only.
std::string label_of(const std::string& name) {
    std::string out;
    for (const char c : name) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
    return out;
}

}  // namespace

std::string model_card_block(const scenario& s, const report_options& options, const std::string& training_type) {
    const model m = compile(s, options.catalogues);
    const training_summary t = summarise_training(s, m, options.run);
    std::string sources;
    for (const auto& src : s.sources) {
        const auto title = src.fields.find("title");
        if (title != src.fields.end() && sources.size() < 200) sources += (sources.empty() ? "" : "; ") + title->second;
    }
    // Hugging Face model cards give emissions in grams of CO2-equivalent.
    return fmt::format("co2_eq_emissions:\n"
                       "  emissions: {}\n"
                       "  source: {}\n"
                       "  training_type: {}\n"
                       "  geographical_location: {}\n"
                       "  hardware_used: {}\n"
                       "# gCO2e of the training phases of scenario '{}', nominal; p05 - p95: {} - {} g ({} samples, seed {}, kaya {})\n",
                       fmt::format("{:.0f}", t.carbon * 1000.0),
                       yaml_quoted(fmt::format("kaya {} estimate from scenario '{}'{}{}", options.version, s.name, sources.empty() ? "" : "; ", sources)),
                       yaml_quoted(training_type), yaml_quoted(join(t.sites)), yaml_quoted(join(t.hardware)), s.name,
                       fmt::format("{:.0f}", t.low * 1000.0), fmt::format("{:.0f}", t.high * 1000.0), options.run.samples,
                       options.run.seed, options.version);
}

std::string latex_export(const scenario& s, const report_options& options) {
    const model m = compile(s, options.catalogues);
    const run_result r = run_monte_carlo(m, options.run);
    auto number = [](double v) { return cell(v); };
    auto value = [&](const summary& x, double k) {
        return x.p05 == x.p95 ? number(x.nominal * k)
                              : fmt::format("{} {{\\small ({}--{})}}", number(x.nominal * k), number(x.p05 * k), number(x.p95 * k));
    };
    std::string out = fmt::format("% Generated by kaya {} from scenario {} (SHA-1 {}), {} samples, seed {}.\n"
                                  "% Needs \\usepackage{{booktabs}}.\n"
                                  "\\begin{{table}}[t]\n  \\centering\n"
                                  "  \\caption{{Lifecycle footprint of {} by phase: nominal values, with 5th--95th percentiles in "
                                  "parentheses.}}\n  \\label{{tab:kaya-{}}}\n  \\begin{{tabular}}{{llrrr}}\n    \\toprule\n"
                                  "    Phase & Kind & Carbon (kgCO$_2$e) & Energy (kWh) & Water (L) \\\\\n    \\midrule\n",
                                  latex_escaped(options.version), latex_escaped(s.name), detail::sha1_of(s.file->text()), options.run.samples,
                                  options.run.seed, latex_escaped(s.name), label_of(s.name));
    auto row = [&](const std::string& name, const std::string& kind, const summary* x) {
        out += fmt::format("    {} & {} & {} & {} & {} \\\\\n", latex_escaped(name), latex_escaped(kind),
                           value(x[0], reporting_unit(criterion::gwp).per_base), value(x[1], reporting_unit(criterion::energy).per_base),
                           value(x[2], reporting_unit(criterion::water).per_base));
    };
    for (const auto& p : r.phases) row(p.name, p.kind, p.impacts);
    out += "    \\midrule\n";
    row("Total", "", r.total);
    out += "    \\bottomrule\n  \\end{tabular}\n\\end{table}\n\n";
    const summary& c = r.total[0];
    out += fmt::format("% An emissions statement.\nWe estimate the lifecycle footprint of {} at {}~tCO$_2$e (90\\% interval: "
                       "{}--{}~tCO$_2$e), {}~MWh of electricity and {}~m$^3$ of water, with kaya {} (Table~\\ref{{tab:kaya-{}}}).\n",
                       latex_escaped(s.name), number(c.nominal / 1000.0), number(c.p05 / 1000.0), number(c.p95 / 1000.0),
                       number(r.total[1].nominal * reporting_unit(criterion::energy).per_base / 1000.0),
                       number(r.total[2].nominal * reporting_unit(criterion::water).per_base / 1000.0), latex_escaped(options.version), label_of(s.name));
    return out;
}

}  // namespace kaya

#include "kaya/analysis/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "kaya/model/evaluate.hpp"
#include "kaya/scenario/scenario.hpp"

namespace kaya {
namespace {

percentiles percentiles_of(std::vector<double> values) {
    if (values.empty()) return {};
    return {quantile(values, 0.05), quantile(values, 0.50), quantile(values, 0.95)};
}

// B against A for the columns `ca` and `cb` of their samples, whose summaries are `xa`, `xb`.
pair_criterion compare_columns(const Eigen::ArrayXXd& sa, const Eigen::ArrayXXd& sb, int ca, int cb, const summary& xa, const summary& xb) {
    pair_criterion out;
    if (ca < 0 || cb < 0) {
        out.status = coverage_status::not_assessed;
        return out;
    }
    const bool partial = xa.status == coverage_status::partial || xb.status == coverage_status::partial;
    out.status = partial ? coverage_status::partial : coverage_status::complete;
    const auto a = sa.col(ca);
    const auto b = sb.col(cb);
    std::vector<double> ratio, difference;
    long less = 0;
    for (Eigen::Index i = 0; i < a.size(); ++i) {
        difference.push_back(b[i] - a[i]);
        if (a[i] != 0.0) ratio.push_back(b[i] / a[i]);
        less += a[i] < b[i];
    }
    out.ratio_defined = !ratio.empty();
    out.ratio = percentiles_of(std::move(ratio));
    out.difference = percentiles_of(std::move(difference));
    out.p_a_less = static_cast<double>(less) / static_cast<double>(a.size());
    out.nominal_ratio = xa.nominal != 0.0 ? xb.nominal / xa.nominal : NAN;
    out.nominal_difference = xb.nominal - xa.nominal;
    return out;
}

pair_criterion compare_pair(const std::vector<phase_row>& rows, std::size_t ia, std::size_t ib, const Eigen::ArrayXXd& sa,
                            const Eigen::ArrayXXd& sb, const output_columns& la, const output_columns& lb, const run_result& ra,
                            const run_result& rb, const std::string& key) {
    const auto ka = ra.indicator_index(key), kb = rb.indicator_index(key);
    if (!ka || !kb) return compare_columns(sa, sb, -1, -1, {}, {});
    pair_criterion out = compare_columns(sa, sb, la.totals[*ka], lb.totals[*kb], ra.total[*ka], rb.total[*kb]);
    if (out.status == coverage_status::not_assessed) return out;
    const double na = ra.total[*ka].nominal, nb = rb.total[*kb].nominal;
    // By aligned row; a phase only one scenario has counts in full. A phase value that is
    // not assessed is NaN, and so are its difference and share: unknown, not 0.
    const double gap = nb - na;
    for (const auto& row : rows) {
        const int pa = row.phases[ia], pb = row.phases[ib];
        if (pa < 0 && pb < 0) continue;
        const summary xa = phase_impact(ra, pa, key), xb = phase_impact(rb, pb, key);
        phase_gap g{row.label, pa < 0 ? 0.0 : xa.nominal, pb < 0 ? 0.0 : xb.nominal, 0.0, 0.0};
        g.in_a = pa >= 0;
        g.in_b = pb >= 0;
        g.difference = g.b - g.a;
        g.share = gap != 0.0 ? g.difference / gap : 0.0;
        if (!std::isfinite(g.difference)) g.share = NAN;
        out.phases.push_back(g);
    }
    return out;
}

// Which kinds of phase a run has, for the scope warning.
std::vector<std::string> kinds_of(const run_result& r) {
    std::vector<std::string> out;
    for (const auto& p : r.phases)
        if (std::find(out.begin(), out.end(), p.kind) == out.end()) out.push_back(p.kind);
    return out;
}

}  // namespace

std::vector<std::string> not_assessed_in(const comparison& c, const pair_result& p, std::string_view key) {
    std::vector<std::string> out;
    for (const std::size_t i : {p.a, p.b})
        if (!total_of(c.runs[i], key).assessed()) out.push_back(c.runs[i].scenario);
    return out;
}

summary total_of(const run_result& r, std::string_view key) {
    const auto k = r.indicator_index(key);
    return k ? r.total[*k] : not_assessed();
}

summary phase_impact(const run_result& r, int phase, std::string_view key) {
    const auto k = r.indicator_index(key);
    return k && phase >= 0 ? r.phases[static_cast<std::size_t>(phase)].impacts[*k] : not_assessed();
}

std::vector<phase_row> align_phases(const std::vector<run_result>& runs) {
    std::vector<phase_row> rows;
    std::vector<std::vector<std::string>> names;  // per row, the distinct phase names in it
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const auto& phases = runs[r].phases;
        for (std::size_t i = 0; i < phases.size(); ++i) {
            const phase_result& p = phases[i];
            auto free = [&](const phase_row& row) { return row.phases[r] < 0; };
            auto holds = [&](const phase_row& row, auto&& same) {
                for (std::size_t q = 0; q < r; ++q) {
                    const int j = row.phases[q];
                    if (j >= 0 && same(runs[q].phases[static_cast<std::size_t>(j)])) return true;
                }
                return false;
            };
            // The same name first; else the only free row of the same kind and stage.
            auto it = std::find_if(rows.begin(), rows.end(), [&](const phase_row& row) {
                return free(row) && holds(row, [&](const phase_result& x) { return x.name == p.name; });
            });
            if (it == rows.end()) {
                std::vector<std::vector<phase_row>::iterator> candidates;
                for (auto row = rows.begin(); row != rows.end(); ++row) {
                    if (free(*row) && holds(*row, [&](const phase_result& x) { return x.kind == p.kind && x.stage == p.stage; })) {
                        candidates.push_back(row);
                    }
                }
                if (candidates.size() == 1) it = candidates.front();
            }
            if (it == rows.end()) {
                rows.push_back({"", std::vector<int>(runs.size(), -1)});
                names.emplace_back();
                it = rows.end() - 1;
            }
            it->phases[r] = static_cast<int>(i);
            auto& n = names[static_cast<std::size_t>(it - rows.begin())];
            if (std::find(n.begin(), n.end(), p.name) == n.end()) n.push_back(p.name);
        }
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        for (const auto& n : names[i]) rows[i].label += (rows[i].label.empty() ? "" : " / ") + n;
    }
    return rows;
}

std::vector<model> compile_for_comparison(std::vector<scenario> scenarios, const std::vector<std::string>& catalogues) {
    std::vector<model> models;
    for (const auto& s : scenarios) models.push_back(compile(s, catalogues));
    auto accountings = [](const model& m) {
        std::vector<std::string> out;
        for (const auto& ind : m.indicators)
            if (!ind.accounting.empty()) out.push_back(ind.key);
        return out;
    };
    const bool same = std::all_of(models.begin(), models.end(), [&](const model& m) { return accountings(m) == accountings(models.front()); });
    if (same) return models;
    models.clear();
    for (auto& s : scenarios) {
        s.every_accounting = true;
        models.push_back(compile(s, catalogues));
    }
    return models;
}

comparison compare(const std::vector<model>& models, const run_options& options) {
    comparison out;
    out.samples = options.samples;
    out.seed = options.seed;
    std::vector<Eigen::ArrayXXd> samples;
    std::vector<output_columns> layouts;
    for (const auto& m : models) {
        layouts.push_back(output_layout(m));
        for (const auto& ind : m.indicators) {
            const bool known = std::any_of(out.indicators.begin(), out.indicators.end(), [&](const indicator& i) { return i.key == ind.key; });
            if (!known) out.indicators.push_back(ind);
        }
        run_options own = options;
        if (options.progress) {
            // One comparison's progress over all its scenarios.
            const long done = static_cast<long>(samples.size()) * options.samples;
            const long total = static_cast<long>(models.size()) * options.samples;
            own.progress = [&options, done, total](long d, long) { options.progress(done + d, total); };
        }
        samples.push_back(sample_outputs(m, own));
        out.runs.push_back(summarise(m, samples.back(), options));
    }
    out.rows = align_phases(out.runs);
    // Totals of different scope (a training run against a whole lifecycle) compare unlike things.
    std::vector<std::string> all;
    for (const auto& r : out.runs)
        for (const auto& k : kinds_of(r))
            if (std::find(all.begin(), all.end(), k) == all.end()) all.push_back(k);
    for (const auto& r : out.runs) {
        const std::vector<std::string> own = kinds_of(r);
        std::vector<std::string> missing;
        for (const auto& k : all)
            if (std::find(own.begin(), own.end(), k) == own.end()) missing.push_back(k);
        if (missing.empty()) continue;
        std::string kinds = missing.back();
        if (missing.size() > 1) {
            kinds = missing.front();
            for (std::size_t i = 1; i + 1 < missing.size(); ++i) kinds += ", " + missing[i];
            kinds += " or " + missing.back();
        }
        out.warnings.push_back({"different-scope", fmt::format("scenario '{}' has no {} phase, which another scenario has: its totals "
                                                               "cover less of the life cycle, so ratios of totals compare unlike scopes",
                                                               r.scenario, kinds)});
    }
    // Each scenario's headline carbon is its primary accounting's; compared side by side, the
    // same category is compared with the same.
    for (const auto& m : models) {
        if (m.accounting == models.front().accounting) continue;
        out.warnings.push_back({"different-accounting", fmt::format("scenario '{}' reports {}-based carbon as primary and '{}' {}-based: "
                                                                    "each category is compared with itself (gwp with gwp), not one "
                                                                    "scenario's primary with the other's",
                                                                    models.front().name, models.front().accounting, m.name, m.accounting)});
    }
    for (std::size_t i = 0; i < models.size(); ++i) {
        for (std::size_t j = i + 1; j < models.size(); ++j) {
            pair_result p{i, j, {}};
            for (const auto& ind : out.indicators) {
                p.criteria.push_back(compare_pair(out.rows, i, j, samples[i], samples[j], layouts[i], layouts[j], out.runs[i], out.runs[j], ind.key));
            }
            // Per functional unit only where both count the same unit: a request is not a token.
            const auto& fa = out.runs[i].functional_unit;
            const auto& fb = out.runs[j].functional_unit;
            if (fa && fb && fa->unit == fb->unit) {
                for (const auto& ind : out.indicators) {
                    const auto ka = out.runs[i].indicator_index(ind.key), kb = out.runs[j].indicator_index(ind.key);
                    p.per_unit.push_back(ka && kb ? compare_columns(samples[i], samples[j], layouts[i].per_unit[*ka], layouts[j].per_unit[*kb],
                                                                    fa->deployment[*ka], fb->deployment[*kb])
                                                  : compare_columns(samples[i], samples[j], -1, -1, {}, {}));
                }
            }
            out.pairs.push_back(std::move(p));
        }
    }
    return out;
}

}  // namespace kaya

#include "kaya/analysis/compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

#include "analysis/statistics.hpp"
#include "design/sampler.hpp"
#include "kaya/model/evaluate.hpp"
#include "kaya/scenario/scenario.hpp"

namespace kaya {
namespace {

// B against A, sample by sample: one criterion compares output `a` of model A with output
// `b` of model B (graph nodes), or is not assessed (-1).
struct criterion_nodes {
    int a = -1, b = -1;
    summary xa, xb;
};

// For each criterion, three columns: B − A, B / A (not finite where A is 0, and so left out),
// and whether A < B (1 or 0). Both models are drawn at the same samples with the same seed:
// common random numbers.
class pair_source final : public detail::column_source {
public:
    pair_source(const model& ma, const model& mb, const std::vector<criterion_nodes>& criteria, const run_options& options)
        : a_(ma, nodes(criteria, true), options.seed, detail::batch_of(options)), b_(mb, nodes(criteria, false), options.seed, detail::batch_of(options)),
          block_(std::min(a_.batch(), b_.batch())), va_(block_, static_cast<Eigen::Index>(criteria.size())),
          vb_(block_, static_cast<Eigen::Index>(criteria.size())), out_(block_, 3 * static_cast<Eigen::Index>(criteria.size())) {}
    long block() const override { return block_; }
    void produce(long first, long count) override {
        a_.fill(first, count, va_, 0);
        b_.fill(first, count, vb_, 0);
        for (Eigen::Index c = 0; c < va_.cols(); ++c) {
            for (Eigen::Index i = 0; i < count; ++i) {
                const double a = va_(i, c), b = vb_(i, c);
                out_(i, 3 * c) = b - a;
                out_(i, 3 * c + 1) = a != 0.0 ? b / a : NAN;
                out_(i, 3 * c + 2) = a < b ? 1.0 : 0.0;
            }
        }
    }
    const double* column(int c) const override { return out_.col(c).data(); }

private:
    static std::vector<int> nodes(const std::vector<criterion_nodes>& criteria, bool a) {
        std::vector<int> out;
        for (const auto& c : criteria) out.push_back(a ? c.a : c.b);
        return out;
    }
    detail::node_sampler a_, b_;
    long block_;
    Eigen::ArrayXXd va_, vb_, out_;
};

// The criteria of one pair, from their samples drawn again.
std::vector<pair_criterion> compare_criteria(const model& ma, const model& mb, const std::vector<criterion_nodes>& criteria,
                                             const run_options& options) {
    std::vector<pair_criterion> out(criteria.size());
    std::vector<criterion_nodes> assessed;
    std::vector<std::size_t> where;
    for (std::size_t k = 0; k < criteria.size(); ++k) {
        if (criteria[k].a < 0 || criteria[k].b < 0) {
            out[k].status = coverage_status::not_assessed;
            continue;
        }
        assessed.push_back(criteria[k]);
        where.push_back(k);
    }
    if (assessed.empty()) return out;
    const auto columns = static_cast<int>(3 * assessed.size());
    std::vector<char> centred(static_cast<std::size_t>(columns), 1), ordered(static_cast<std::size_t>(columns), 1);
    for (std::size_t k = 0; k < assessed.size(); ++k) centred[3 * k + 2] = ordered[3 * k + 2] = 0;  // a fraction: a plain sum
    detail::column_request request{columns, options.samples, {0.05, 0.50, 0.95}, centred, ordered, options.threads};
    request.source = [&] { return std::make_unique<pair_source>(ma, mb, assessed, options); };
    const std::vector<detail::column_statistics> stats = detail::statistics_of_columns(request);
    for (std::size_t k = 0; k < assessed.size(); ++k) {
        pair_criterion& c = out[where[k]];
        const summary& xa = assessed[k].xa;
        const summary& xb = assessed[k].xb;
        const bool partial = xa.status == coverage_status::partial || xb.status == coverage_status::partial;
        c.status = partial ? coverage_status::partial : coverage_status::complete;
        const auto& difference = stats[3 * k].quantiles;
        const auto& ratio = stats[3 * k + 1];
        c.difference = {difference[0], difference[1], difference[2]};
        c.ratio_defined = ratio.finite > 0;
        if (c.ratio_defined) c.ratio = {ratio.quantiles[0], ratio.quantiles[1], ratio.quantiles[2]};
        c.p_a_less = stats[3 * k + 2].mean;
        c.nominal_ratio = xa.nominal != 0.0 ? xb.nominal / xa.nominal : NAN;
        c.nominal_difference = xb.nominal - xa.nominal;
    }
    return out;
}

// The phase gaps of a criterion: B against A by aligned row.
void add_phase_gaps(pair_criterion& out, const std::vector<phase_row>& rows, std::size_t ia, std::size_t ib, const run_result& ra,
                    const run_result& rb, const std::string& key) {
    if (out.status == coverage_status::not_assessed) return;
    const auto ka = ra.indicator_index(key), kb = rb.indicator_index(key);
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
            const long done = static_cast<long>(out.runs.size()) * options.samples;
            const long total = static_cast<long>(models.size()) * options.samples;
            own.progress = [&options, done, total](long d, long) { options.progress(done + d, total); };
        }
        out.runs.push_back(run_monte_carlo(m, own));
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
    run_options quiet = options;
    quiet.progress = nullptr;
    for (std::size_t i = 0; i < models.size(); ++i) {
        for (std::size_t j = i + 1; j < models.size(); ++j) {
            pair_result p{i, j, {}};
            const run_result &ra = out.runs[i], &rb = out.runs[j];
            // The samples are drawn again, both scenarios at once, rather than kept.
            auto node = [](const output_columns& layout, const std::vector<int>& columns, std::optional<std::size_t> k) {
                return k && columns[*k] >= 0 ? layout.nodes[static_cast<std::size_t>(columns[*k])] : -1;
            };
            std::vector<criterion_nodes> totals;
            for (const auto& ind : out.indicators) {
                const auto ka = ra.indicator_index(ind.key), kb = rb.indicator_index(ind.key);
                totals.push_back({node(layouts[i], layouts[i].totals, ka), node(layouts[j], layouts[j].totals, kb), total_of(ra, ind.key),
                                  total_of(rb, ind.key)});
            }
            p.criteria = compare_criteria(models[i], models[j], totals, quiet);
            for (std::size_t k = 0; k < out.indicators.size(); ++k) add_phase_gaps(p.criteria[k], out.rows, i, j, ra, rb, out.indicators[k].key);
            // Per functional unit only where both count the same unit: a request is not a token.
            const auto& fa = ra.functional_unit;
            const auto& fb = rb.functional_unit;
            if (fa && fb && fa->unit == fb->unit) {
                std::vector<criterion_nodes> per_unit;
                for (const auto& ind : out.indicators) {
                    const auto ka = ra.indicator_index(ind.key), kb = rb.indicator_index(ind.key);
                    if (!ka || !kb) {
                        per_unit.push_back({});
                        continue;
                    }
                    per_unit.push_back({node(layouts[i], layouts[i].per_unit, ka), node(layouts[j], layouts[j].per_unit, kb),
                                        fa->deployment[*ka], fb->deployment[*kb]});
                }
                p.per_unit = compare_criteria(models[i], models[j], per_unit, quiet);
            }
            out.pairs.push_back(std::move(p));
        }
    }
    return out;
}

}  // namespace kaya

#include "kaya/analysis/compare.hpp"

#include <algorithm>
#include <cmath>

#include "kaya/model/evaluate.hpp"

namespace kaya {
namespace {

percentiles percentiles_of(std::vector<double> values) {
    if (values.empty()) return {};
    return {quantile(values, 0.05), quantile(values, 0.50), quantile(values, 0.95)};
}

// The nominal value of each phase of `m` for criterion `c`, by phase name.
std::vector<std::pair<std::string, double>> phase_nominals(const model& m, criterion c) {
    std::vector<int> nodes;
    for (const auto& p : m.phases) nodes.push_back(p.output(c));
    const std::vector<double> values = evaluate_point(m.nodes, nodes, m.nominal_inputs());
    std::vector<std::pair<std::string, double>> out;
    for (std::size_t i = 0; i < m.phases.size(); ++i) out.emplace_back(m.phases[i].name, values[i]);
    return out;
}

pair_criterion compare_pair(const model& ma, const model& mb, const Eigen::ArrayXXd& sa, const Eigen::ArrayXXd& sb,
                            const run_result& ra, const run_result& rb, criterion c) {
    const int k = static_cast<int>(c);
    // The totals are the last three columns of each sample matrix.
    const auto a = sa.col(sa.cols() - 3 + k);
    const auto b = sb.col(sb.cols() - 3 + k);
    pair_criterion out;
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
    const double na = ra.total[k].nominal, nb = rb.total[k].nominal;
    out.nominal_ratio = na != 0.0 ? nb / na : NAN;
    out.nominal_difference = nb - na;
    // Phases matched by name; a phase only one scenario has counts in full.
    const auto pa = phase_nominals(ma, c), pb = phase_nominals(mb, c);
    for (const auto& [name, value] : pa) out.phases.push_back({name, value, 0.0, 0.0, 0.0});
    for (const auto& [name, value] : pb) {
        auto it = std::find_if(out.phases.begin(), out.phases.end(), [&](const phase_gap& g) { return g.name == name; });
        if (it == out.phases.end()) out.phases.push_back({name, 0.0, value, 0.0, 0.0});
        else it->b = value;
    }
    const double gap = nb - na;
    for (auto& g : out.phases) {
        g.difference = g.b - g.a;
        g.share = gap != 0.0 ? g.difference / gap : 0.0;
    }
    return out;
}

}  // namespace

comparison compare(const std::vector<model>& models, const run_options& options) {
    comparison out;
    out.samples = options.samples;
    out.seed = options.seed;
    std::vector<Eigen::ArrayXXd> samples;
    for (const auto& m : models) {
        samples.push_back(sample_outputs(m, options));
        out.runs.push_back(summarise(m, samples.back(), options));
    }
    for (std::size_t i = 0; i < models.size(); ++i) {
        for (std::size_t j = i + 1; j < models.size(); ++j) {
            pair_result p{i, j, {}};
            for (const criterion c : criteria) {
                p.criteria[static_cast<int>(c)] =
                    compare_pair(models[i], models[j], samples[i], samples[j], out.runs[i], out.runs[j], c);
            }
            out.pairs.push_back(std::move(p));
        }
    }
    return out;
}

}  // namespace kaya

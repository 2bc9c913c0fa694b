#include "kaya/analysis/monte_carlo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "kaya/errors/error.hpp"
#include "kaya/model/evaluate.hpp"
#include "kaya/stats/random.hpp"
#include "kaya/units/unit.hpp"

namespace kaya {

std::vector<int> output_nodes(const model& m) {
    std::vector<int> nodes;
    for (const auto& p : m.phases)
        for (const criterion c : criteria) nodes.push_back(p.output(c));
    for (const auto& st : m.stages)
        for (const criterion c : criteria) nodes.push_back(st.output(c));
    for (const criterion c : criteria) nodes.push_back(m.total(c));
    return nodes;
}

Eigen::ArrayXXd sample_outputs(const model& m, const run_options& options) {
    Eigen::ArrayXXd out;
    sample_outputs(m, options, out);
    return out;
}

void sample_outputs(const model& m, const run_options& options, Eigen::ArrayXXd& out) {
    sample_nodes(m, output_nodes(m), options, out);
}

void sample_nodes(const model& m, const std::vector<int>& nodes, const run_options& options, Eigen::ArrayXXd& out) {
    if (options.samples < 1 || options.batch < 1) {
        throw internal_error("run_options: samples and batch must be at least 1");
    }
    const Eigen::Index n = options.samples;
    out.resize(n, static_cast<Eigen::Index>(nodes.size()));
    evaluator eval(m.nodes, nodes, std::min<Eigen::Index>(options.batch, n));
    const Eigen::Index batch = eval.batch();
    // Only the inputs the nodes depend on are drawn: each has a stream of its own, so leaving
    // one out changes no other's draws.
    std::vector<std::size_t> used;
    std::vector<std::uint64_t> keys(m.inputs.size());
    for (std::size_t k = 0; k < m.inputs.size(); ++k) {
        if (!eval.uses_input(static_cast<int>(k))) continue;
        used.push_back(k);
        keys[k] = stream_key(options.seed, m.inputs[k].key);
    }
    for (Eigen::Index first = 0; first < n; first += batch) {
        const Eigen::Index count = std::min(batch, n - first);
        // Draw, then map through the inverse CDF, in place in the evaluator's input columns.
        for (const std::size_t k : used) {
            double* column = eval.input_buffer(static_cast<int>(k));
            uniform_draws(keys[k], static_cast<std::uint64_t>(first), count, column);
            m.inputs[k].dist.quantiles(column, count);
        }
        eval.run(count, out, first);
        if (options.progress) options.progress(first + count, n);
    }
}

double quantile(std::vector<double>& values, double p) {
    if (values.empty()) return NAN;
    const double h = p * static_cast<double>(values.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(h));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(lo), values.end());
    const double x_lo = values[lo];
    if (lo + 1 >= values.size()) return x_lo;
    const double x_hi = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(lo) + 1, values.end());
    return x_lo + (h - static_cast<double>(lo)) * (x_hi - x_lo);
}

run_result run_monte_carlo(const model& m, const run_options& options) {
    return summarise(m, sample_outputs(m, options), options);
}

std::vector<node_range> node_ranges(const model& m, const std::vector<int>& nodes, const run_options& options) {
    std::vector<node_range> out(nodes.size());
    std::vector<int> sampled;
    std::vector<std::size_t> where;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const graph_node& n = m.nodes[nodes[i]];
        if (n.op == graph_op::constant) {
            out[i] = {n.value, n.value};
        } else if (n.op == graph_op::input) {
            const distribution& d = m.inputs[static_cast<std::size_t>(n.input)].dist;
            out[i] = {d.quantile(0.05), d.quantile(0.95)};
        } else {
            sampled.push_back(nodes[i]);
            where.push_back(i);
        }
    }
    if (sampled.empty()) return out;
    Eigen::ArrayXXd values;
    sample_nodes(m, sampled, options, values);
    for (std::size_t k = 0; k < sampled.size(); ++k) {
        const auto column = values.col(static_cast<Eigen::Index>(k));
        std::vector<double> v(column.data(), column.data() + column.size());
        out[where[k]] = {quantile(v, 0.05), quantile(v, 0.95)};
    }
    return out;
}

std::vector<provenance_row> catalogue_values(const model& m, const run_options& options) {
    std::vector<provenance_row> out;
    std::vector<int> provenance_nodes;
    for (const auto& p : m.provenance) provenance_nodes.push_back(p.node);
    const std::vector<double> values = evaluate_point(m.nodes, provenance_nodes, m.nominal_inputs());
    const std::vector<node_range> ranges = node_ranges(m, provenance_nodes, options);
    for (std::size_t i = 0; i < m.provenance.size(); ++i) {
        const provenance_item& p = m.provenance[i];
        const graph_node& n = m.nodes[p.node];
        const display_unit u = n.op == graph_op::input ? m.inputs[static_cast<std::size_t>(n.input)].unit : display_unit_for(n.dim);
        const node_range range = ranges[i];
        out.push_back({p.quantity, p.catalogue, values[i] / u.factor, range.p05 / u.factor, range.p95 / u.factor, u.symbol,
                       p.sources, p.year});
    }
    return out;
}

run_result summarise(const model& m, const Eigen::ArrayXXd& samples, const run_options& options) {
    const std::vector<int> nodes = output_nodes(m);
    const std::vector<double> nominal = evaluate_point(m.nodes, nodes, m.nominal_inputs());

    // The load-time range checks should make this impossible; if a sample is still not
    // finite, the statistics would be meaningless, so the run stops and says where.
    for (std::size_t k = 0; k < nodes.size(); ++k) {
        const auto col = samples.col(static_cast<Eigen::Index>(k));
        const long bad = (!col.isFinite()).count();
        if (bad == 0) continue;
        const std::size_t phase = k / 3;
        const std::string what = phase < m.phases.size()
            ? fmt::format("the {} of phase '{}'", criterion_name(criteria[k % 3]), m.phases[phase].name)
            : fmt::format("a subtotal's {}", criterion_name(criteria[k % 3]));
        throw model_error::non_finite_result(phase < m.phases.size() ? m.phases[phase].loc : source_loc{}, what, bad,
                                             options.samples);
    }
    std::vector<double> column(static_cast<std::size_t>(samples.rows()));
    auto summarise = [&](std::size_t k) {
        const auto col = samples.col(static_cast<Eigen::Index>(k));
        std::copy(col.data(), col.data() + col.size(), column.begin());
        summary s;
        s.nominal = nominal[k];
        // Summed in sample order, so the mean does not depend on the quantile reordering.
        // Deviations from the first sample, so that a constant has exactly its value as mean.
        const double origin = column.front();
        double deviation = 0.0;
        for (const double x : column) deviation += x - origin;
        s.mean = origin + deviation / static_cast<double>(column.size());
        s.p05 = quantile(column, 0.05);
        s.p50 = quantile(column, 0.50);
        s.p95 = quantile(column, 0.95);
        return s;
    };

    run_result r;
    r.scenario = m.name;
    r.samples = options.samples;
    r.seed = options.seed;
    std::size_t k = 0;
    for (const auto& p : m.phases) {
        phase_result pr{p.name, p.kind, p.stage, {}};
        for (int c = 0; c < 3; ++c) pr.impacts[c] = summarise(k++);
        if (p.duration >= 0) pr.duration = evaluate_point(m.nodes, {p.duration}, m.nominal_inputs())[0];
        r.phases.push_back(std::move(pr));
    }
    for (const auto& st : m.stages) {
        phase_result sr{st.name, "", "", {}};
        for (int c = 0; c < 3; ++c) sr.impacts[c] = summarise(k++);
        r.stages.push_back(std::move(sr));
    }
    for (int c = 0; c < 3; ++c) r.total[c] = summarise(k++);
    // The passes below are a run's small print: they report no progress of their own.
    run_options quiet = options;
    quiet.progress = nullptr;
    r.provenance = catalogue_values(m, quiet);
    r.warnings = m.warnings;
    r.overrides = m.overrides;
    if (m.parity >= 0) {
        Eigen::ArrayXXd parity;
        sample_nodes(m, {m.parity}, quiet, parity);
        std::vector<double> finite;
        for (Eigen::Index i = 0; i < parity.rows(); ++i)
            if (std::isfinite(parity(i, 0))) finite.push_back(parity(i, 0));
        if (!finite.empty()) {
            summary s;
            s.nominal = evaluate_point(m.nodes, {m.parity}, m.nominal_inputs())[0];
            double total = 0.0;
            for (const double x : finite) total += x;
            s.mean = total / static_cast<double>(finite.size());
            s.p05 = quantile(finite, 0.05);
            s.p50 = quantile(finite, 0.50);
            s.p95 = quantile(finite, 0.95);
            r.parity = s;
        }
    }
    return r;
}

}  // namespace kaya

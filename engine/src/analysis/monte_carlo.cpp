#include "kaya/analysis/monte_carlo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "analysis/node_statistics.hpp"
#include "analysis/statistics.hpp"
#include "design/sampler.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/model/evaluate.hpp"
#include "kaya/stats/random.hpp"
#include "kaya/units/unit.hpp"

namespace kaya {

const char* status_name(coverage_status s) noexcept {
    switch (s) {
        case coverage_status::complete: return "complete";
        case coverage_status::partial: return "partial";
        case coverage_status::not_assessed: return "not-assessed";
    }
    return "";
}

summary not_assessed() {
    summary s{NAN, NAN, NAN, NAN, NAN};
    s.status = coverage_status::not_assessed;
    return s;
}

std::optional<std::size_t> run_result::indicator_index(std::string_view key) const {
    for (std::size_t k = 0; k < indicators.size(); ++k)
        if (indicators[k].key == key) return k;
    return std::nullopt;
}

std::optional<std::size_t> run_result::carbon() const { return carbon_of(indicators, accounting); }

output_columns output_layout(const model& m) {
    output_columns out;
    auto place = [&](const std::vector<int>& outputs) {
        std::vector<int> columns;
        for (const int node : outputs) {
            columns.push_back(node < 0 ? -1 : static_cast<int>(out.nodes.size()));
            if (node >= 0) out.nodes.push_back(node);
        }
        return columns;
    };
    for (const auto& p : m.phases) out.phases.push_back(place(p.outputs));
    for (const auto& st : m.stages) out.stages.push_back(place(st.outputs));
    out.totals = place(m.totals);
    if (m.functional_unit) {
        const functional_unit_model& fu = *m.functional_unit;
        out.per_unit = place(fu.deployment);
        out.per_unit_lifecycle = place(fu.lifecycle);
        const auto amounts = place({fu.amount, fu.lifetime});
        out.amount = amounts[0];
        out.lifetime = amounts[1];
    }
    for (const auto& mm : m.measurements) {
        const auto columns = place({mm.energy, mm.estimate});
        out.measured.push_back(columns[0]);
        out.estimated.push_back(columns[1]);
    }
    return out;
}

Eigen::ArrayXXd sample_outputs(const model& m, const run_options& options) {
    Eigen::ArrayXXd out;
    sample_outputs(m, options, out);
    return out;
}

void sample_outputs(const model& m, const run_options& options, Eigen::ArrayXXd& out) {
    sample_nodes(m, output_layout(m).nodes, options, out);
}

double quantile(std::vector<double>& values, double p) {
    if (values.empty()) return NAN;
    // The order statistic after one in place is the least of those to its right.
    long placed = -1;
    return detail::type7(p, static_cast<long>(values.size()), [&](long rank) {
        const auto at = values.begin() + rank;
        if (placed >= 0 && rank == placed + 1) return *std::min_element(at, values.end());
        std::nth_element(values.begin(), at, values.end());
        placed = rank;
        return *at;
    });
}

namespace {

const std::vector<double> summary_probabilities{0.05, 0.50, 0.95};

//! Samples already drawn, a column each.
class matrix_source final : public detail::column_source {
public:
    explicit matrix_source(const Eigen::ArrayXXd& samples) : samples_(samples) {}
    long block() const override { return detail::sample_unit; }
    void produce(long first, long) override { first_ = first; }
    const double* column(int c) const override { return samples_.col(c).data() + first_; }

private:
    const Eigen::ArrayXXd& samples_;
    long first_ = 0;
};

//! A run's result from the statistics of its output columns (output_layout); with
//! run_scope::totals, only the totals' columns are read.
run_result result_of(const model& m, const output_columns& layout, const std::vector<detail::column_statistics>& stats,
                     const std::optional<detail::column_statistics>& parity, const run_options& options, run_scope scope);

}  // namespace

run_result run_monte_carlo(const model& m, const run_options& options, run_scope scope) {
    const output_columns layout = output_layout(m);
    std::vector<int> nodes;
    std::vector<int> columns;  // the layout column of each of `nodes`
    for (std::size_t c = 0; c < layout.nodes.size(); ++c) {
        const bool total = std::find(layout.totals.begin(), layout.totals.end(), static_cast<int>(c)) != layout.totals.end();
        if (scope == run_scope::totals && !total) continue;
        nodes.push_back(layout.nodes[c]);
        columns.push_back(static_cast<int>(c));
    }
    std::vector<char> centred(nodes.size(), 1);
    // Parity in the same passes, over the samples where it is finite.
    if (m.parity >= 0) {
        nodes.push_back(m.parity);
        centred.push_back(0);
    }
    std::vector<detail::column_statistics> sampled = detail::node_statistics(m, nodes, centred, summary_probabilities, options);
    std::optional<detail::column_statistics> parity;
    if (m.parity >= 0) {
        parity = std::move(sampled.back());
        sampled.pop_back();
    }
    std::vector<detail::column_statistics> stats(layout.nodes.size());
    for (std::size_t i = 0; i < columns.size(); ++i) stats[static_cast<std::size_t>(columns[i])] = std::move(sampled[i]);
    return result_of(m, layout, stats, parity, options, scope);
}

run_result summarise(const model& m, const Eigen::ArrayXXd& samples, const run_options& options) {
    const output_columns layout = output_layout(m);
    if (samples.rows() != options.samples || samples.cols() != static_cast<Eigen::Index>(layout.nodes.size()))
        throw internal_error("summarise: the samples are not those of the model's outputs");
    detail::column_request request{static_cast<int>(samples.cols()), options.samples, summary_probabilities, {}, {}, options.threads};
    request.source = [&] { return std::make_unique<matrix_source>(samples); };
    const std::vector<detail::column_statistics> stats = detail::statistics_of_columns(request);
    std::optional<detail::column_statistics> parity;
    if (m.parity >= 0) {
        run_options quiet = options;
        quiet.progress = nullptr;
        parity = detail::node_statistics(m, {m.parity}, {0}, summary_probabilities, quiet).front();
    }
    return result_of(m, layout, stats, parity, options, run_scope::everything);
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
    const auto stats = detail::node_statistics(m, sampled, {}, {0.05, 0.95}, options);
    for (std::size_t k = 0; k < sampled.size(); ++k) out[where[k]] = {stats[k].quantiles[0], stats[k].quantiles[1]};
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
        // In the unit the catalogue writes it in: 1,828 MJ, not 507.8 kWh.
        const display_unit u = n.op == graph_op::input ? m.inputs[static_cast<std::size_t>(n.input)].unit
                               : p.unit.symbol.empty() && p.unit.named ? display_unit_for(n.dim) : p.unit;
        const node_range range = ranges[i];
        out.push_back({p.quantity, p.catalogue, values[i] / u.factor, range.p05 / u.factor, range.p95 / u.factor, u.symbol,
                       p.sources, p.year});
    }
    return out;
}

namespace {

run_result result_of(const model& m, const output_columns& layout, const std::vector<detail::column_statistics>& stats,
                     const std::optional<detail::column_statistics>& parity, const run_options& options, run_scope scope) {
    const std::vector<double> nominal = evaluate_point(m.nodes, layout.nodes, m.nominal_inputs());
    const bool everything = scope == run_scope::everything;

    // The load-time range checks should make this impossible; if a sample is still not
    // finite, the statistics would be meaningless, so the run stops and says where.
    auto check = [&](const std::vector<int>& columns, const std::string& owner, const source_loc& loc) {
        for (std::size_t k = 0; k < columns.size(); ++k) {
            if (columns[k] < 0) continue;
            const long bad = stats[static_cast<std::size_t>(columns[k])].non_finite;
            if (bad == 0) continue;
            throw model_error::non_finite_result(loc, fmt::format("the {} of {}", m.indicators[k].key, owner), bad, options.samples);
        }
    };
    if (everything) {
        for (std::size_t i = 0; i < m.phases.size(); ++i) check(layout.phases[i], fmt::format("phase '{}'", m.phases[i].name), m.phases[i].loc);
        for (std::size_t i = 0; i < m.stages.size(); ++i) check(layout.stages[i], fmt::format("stage '{}'", m.stages[i].name), {});
    }
    check(layout.totals, "the total", {});
    const source_loc fu_at = m.functional_unit ? m.functional_unit->loc : source_loc{};
    if (everything) {
        check(layout.per_unit, "the total per functional unit", fu_at);
        check(layout.per_unit_lifecycle, "the life cycle per functional unit", fu_at);
    }

    auto summary_of = [](const detail::column_statistics& c, double nominal_value) {
        summary s;
        s.nominal = nominal_value;
        s.mean = c.mean;
        s.p05 = c.quantiles[0];
        s.p50 = c.quantiles[1];
        s.p95 = c.quantiles[2];
        return s;
    };
    auto summarise = [&](int k, bool gap) {
        if (k < 0) return not_assessed();
        summary s = summary_of(stats[static_cast<std::size_t>(k)], nominal[static_cast<std::size_t>(k)]);
        if (gap) s.status = coverage_status::partial;
        return s;
    };

    run_result r;
    r.scenario = m.name;
    r.samples = options.samples;
    r.seed = options.seed;
    r.indicators = m.indicators;
    r.coverage = m.coverage;
    r.warnings = m.warnings;
    r.overrides = m.overrides;
    r.accounting = m.accounting;
    const std::size_t n = m.indicators.size();
    for (std::size_t k = 0; k < n; ++k) r.total.push_back(summarise(layout.totals[k], m.has_gap(k)));
    if (parity && parity->finite > 0) r.parity = summary_of(*parity, evaluate_point(m.nodes, {m.parity}, m.nominal_inputs())[0]);
    if (!everything) return r;
    for (std::size_t i = 0; i < m.phases.size(); ++i) {
        const phase_model& p = m.phases[i];
        phase_result pr{p.name, p.kind, p.stage, {}};
        for (std::size_t k = 0; k < n; ++k) pr.impacts.push_back(summarise(layout.phases[i][k], m.has_gap(k, static_cast<int>(i))));
        if (p.duration >= 0) pr.duration = evaluate_point(m.nodes, {p.duration}, m.nominal_inputs())[0];
        r.phases.push_back(std::move(pr));
    }
    for (std::size_t i = 0; i < m.stages.size(); ++i) {
        phase_result sr{m.stages[i].name, "", "", {}};
        for (std::size_t k = 0; k < n; ++k) sr.impacts.push_back(summarise(layout.stages[i][k], m.stage_has_gap(k, m.stages[i].name)));
        r.stages.push_back(std::move(sr));
    }
    // The passes below are a run's small print: they report no progress of their own.
    run_options quiet = options;
    quiet.progress = nullptr;
    r.provenance = catalogue_values(m, quiet);
    if (m.functional_unit) {
        const functional_unit_model& fu = *m.functional_unit;
        functional_unit_result f{fu.unit, fu.name, fu.trained_model, summarise(layout.amount, false), std::nullopt, {}, {}};
        if (layout.lifetime >= 0) f.lifetime = summarise(layout.lifetime, false);
        for (std::size_t k = 0; k < n; ++k) {
            f.deployment.push_back(summarise(layout.per_unit[k], fu.deployment_gap[k]));
            if (!layout.per_unit_lifecycle.empty()) f.lifecycle.push_back(summarise(layout.per_unit_lifecycle[k], m.has_gap(k)));
        }
        r.functional_unit = std::move(f);
    }
    for (std::size_t i = 0; i < m.measurements.size(); ++i) {
        const measurement_model& mm = m.measurements[i];
        measurement_result mr{mm.phase, mm.format, mm.file, mm.what, mm.location, summarise(layout.measured[i], false), std::nullopt,
                              std::nullopt, std::nullopt, std::nullopt, mm.reported_carbon, mm.tool_energy, mm.estimate_equation, mm.unit};
        if (layout.estimated[i] >= 0) {
            const summary e = summarise(layout.estimated[i], false);
            mr.estimate = e;
            if (e.nominal > 0.0) mr.ratio = mr.energy.nominal / e.nominal;
            // An estimate without a range cannot hold the measurement; the measurement's may
            // hold it.
            if (e.p05 < e.p95) mr.within = mr.energy.nominal >= e.p05 && mr.energy.nominal <= e.p95;
            if (mr.energy.p05 < mr.energy.p95) mr.estimate_within = e.nominal >= mr.energy.p05 && e.nominal <= mr.energy.p95;
        }
        r.measurements.push_back(std::move(mr));
    }
    return r;
}

}  // namespace

}  // namespace kaya

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
        // In the unit the catalogue writes it in: 1,828 MJ, not 507.8 kWh.
        const display_unit u = n.op == graph_op::input ? m.inputs[static_cast<std::size_t>(n.input)].unit
                               : p.unit.symbol.empty() && p.unit.named ? display_unit_for(n.dim) : p.unit;
        const node_range range = ranges[i];
        out.push_back({p.quantity, p.catalogue, values[i] / u.factor, range.p05 / u.factor, range.p95 / u.factor, u.symbol,
                       p.sources, p.year});
    }
    return out;
}

run_result summarise(const model& m, const Eigen::ArrayXXd& samples, const run_options& options) {
    const output_columns layout = output_layout(m);
    const std::vector<double> nominal = evaluate_point(m.nodes, layout.nodes, m.nominal_inputs());

    // The load-time range checks should make this impossible; if a sample is still not
    // finite, the statistics would be meaningless, so the run stops and says where.
    auto check = [&](const std::vector<int>& columns, const std::string& owner, const source_loc& loc) {
        for (std::size_t k = 0; k < columns.size(); ++k) {
            if (columns[k] < 0) continue;
            const long bad = (!samples.col(columns[k]).isFinite()).count();
            if (bad == 0) continue;
            throw model_error::non_finite_result(loc, fmt::format("the {} of {}", m.indicators[k].key, owner), bad, options.samples);
        }
    };
    for (std::size_t i = 0; i < m.phases.size(); ++i) check(layout.phases[i], fmt::format("phase '{}'", m.phases[i].name), m.phases[i].loc);
    for (std::size_t i = 0; i < m.stages.size(); ++i) check(layout.stages[i], fmt::format("stage '{}'", m.stages[i].name), {});
    check(layout.totals, "the total", {});
    const source_loc fu_at = m.functional_unit ? m.functional_unit->loc : source_loc{};
    check(layout.per_unit, "the total per functional unit", fu_at);
    check(layout.per_unit_lifecycle, "the life cycle per functional unit", fu_at);

    std::vector<double> column(static_cast<std::size_t>(samples.rows()));
    auto summarise = [&](int k, bool gap) {
        if (k < 0) return not_assessed();
        const auto col = samples.col(k);
        std::copy(col.data(), col.data() + col.size(), column.begin());
        summary s;
        s.nominal = nominal[static_cast<std::size_t>(k)];
        // Summed in sample order, so the mean does not depend on the quantile reordering.
        // Deviations from the first sample, so that a constant has exactly its value as mean.
        const double origin = column.front();
        double deviation = 0.0;
        for (const double x : column) deviation += x - origin;
        s.mean = origin + deviation / static_cast<double>(column.size());
        s.p05 = quantile(column, 0.05);
        s.p50 = quantile(column, 0.50);
        s.p95 = quantile(column, 0.95);
        if (gap) s.status = coverage_status::partial;
        return s;
    };

    run_result r;
    r.scenario = m.name;
    r.samples = options.samples;
    r.seed = options.seed;
    r.indicators = m.indicators;
    r.coverage = m.coverage;
    const std::size_t n = m.indicators.size();
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
    for (std::size_t k = 0; k < n; ++k) r.total.push_back(summarise(layout.totals[k], m.has_gap(k)));
    // The passes below are a run's small print: they report no progress of their own.
    run_options quiet = options;
    quiet.progress = nullptr;
    r.provenance = catalogue_values(m, quiet);
    r.warnings = m.warnings;
    r.overrides = m.overrides;
    r.accounting = m.accounting;
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

// A measurement file summarised as a phase would take it (kaya/measure/summary.hpp).
#include "kaya/measure/summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "kaya/errors/error.hpp"
#include "kaya/measure/mlenergy.hpp"
#include "kaya/measure/sacct.hpp"
#include "kaya/scenario/expression.hpp"
#include "kaya/units/unit.hpp"
#include "scenario/yaml_reader.hpp"

namespace kaya {
namespace {

// The file's kind from its first characters: JSON is ML.ENERGY's, a `|`-separated header
// with JobID is sacct's, a CSV header with energy_consumed is CodeCarbon's.
std::string detect(const std::string& path) {
    std::ifstream in = detail::open_measurement(path);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    const std::size_t first = head.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && (head[first] == '{' || head[first] == '[')) return "mlenergy";
    const std::string line = head.substr(0, head.find('\n'));
    if (line.find("JobID") != std::string::npos && line.find('|') != std::string::npos) return "sacct";
    if (line.find("energy_consumed") != std::string::npos) return "codecarbon";
    throw input_error::invalid_value({std::make_shared<const source_file>(path, line), 1, 1},
                                     "a CodeCarbon emissions.csv, a sacct --parsable2 file or ML.ENERGY JSON",
                                     "a first line that is none of them");
}

// The nominal value of a cluster description's value, in base units of `dim`.
double nominal_of(const value_spec& v, dimension dim, const std::string& what) {
    if (!v.value) throw input_error::invalid_value(v.loc, fmt::format("a value for {}", what), "none");
    const expression e = parse_expression(v.value->text, v.value->loc);
    if (!e.is_literal() || e.nodes[0].dim != dim) {
        throw input_error::invalid_value(v.value->loc, fmt::format("a number with a unit of {} for {}", describe(dim), what), v.value->text);
    }
    return e.nodes[0].value;
}

measurement_summary codecarbon_summary(const measurement_request& q) {
    auto file = std::make_shared<const source_file>(q.path, detail::read_text_file(q.path, "a CodeCarbon file"));
    const codecarbon_measurement mm = read_codecarbon(file, {q.select, q.from, q.to}, q.skip_broken);
    measurement_summary s;
    s.columns = {{"rows", "", true}, {"duration", "h"}, {"energy", "kWh"}, {"cpu", "kWh"}, {"gpu", "kWh"}, {"ram", "kWh"}, {"pue", ""}, {"emissions", "kgCO2e"}};
    measurement_row total{"total", "", std::vector<std::optional<double>>(s.columns.size(), 0.0)};
    total.values[6] = std::nullopt;
    for (const auto& r : mm.runs) {
        const std::vector<std::optional<double>> v{static_cast<double>(r.rows), r.duration / 3600, r.energy, r.cpu_energy, r.gpu_energy, r.ram_energy, r.pue,
                                                   r.emissions};
        for (std::size_t c = 0; c < v.size(); ++c) {
            if (c == 6 || !total.values[c]) continue;
            total.values[c] = v[c] ? std::optional<double>(*total.values[c] + *v[c]) : std::nullopt;  // a sum with a part unknown is unknown
        }
        s.rows.push_back({r.label, r.place(), v});
    }
    total.values[1] = mm.span() / 3600;  // the wall-clock time the runs cover, as a phase takes it
    s.total = total;
    s.rows_read = mm.rows_read;
    s.rows_used = mm.rows_selected;
    s.rejected = mm.rejected;
    s.notes.push_back("A run is its latest row: CodeCarbon writes each run's totals so far at every flush.");
    s.notes.push_back("The total duration is the wall-clock time the runs cover (runs of parallel processes overlap).");
    s.notes.push_back("Energies include CodeCarbon's pue (a phase divides by it and applies its site's).");
    return s;
}

measurement_summary sacct_summary(const measurement_request& q) {
    std::optional<cluster_description> cluster;
    if (!q.cluster.empty()) cluster = read_cluster(std::make_shared<const source_file>(q.cluster, detail::read_text_file(q.cluster, "a cluster description")));
    std::ifstream in = detail::open_measurement(q.path);
    const sacct_accounting acc = read_sacct(in, q.path, {q.select, q.group_by}, q.skip_broken);
    measurement_summary s;
    // node-hours as allocated; "drawn" as the energy counts them (GPU-hours / GPUs per node
    // where jobs share nodes by GPU), so that IT energy = node_power × drawn.
    s.columns = {{"jobs", "", true}, {"GPU-hours", "h"}, {"node-hours", "h"}, {"drawn", "node-h"}, {"IT energy", "kWh"}, {"energy", "kWh"}, {"carbon", "kgCO2e"}};
    const double pue = cluster && cluster->pue ? nominal_of(*cluster->pue, dims::none, "the cluster's pue") : 0.0;
    if (cluster && cluster->pue && pue < 1.0) {
        throw input_error::invalid_value(cluster->pue->value->loc, "a PUE of at least 1 for the cluster", cluster->pue->value->text);
    }
    const double grid = cluster && cluster->grid_intensity ? nominal_of(*cluster->grid_intensity, dims::carbon_intensity, "the cluster's grid_intensity") : 0.0;
    measurement_row total{"total", "", {0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0}};
    bool failed = false;
    for (const auto& u : acc.usage) {
        failed = failed || u.group == failed_group;
        std::optional<double> drawn, it, meter, carbon;
        if (cluster) {
            const cluster_partition* p = cluster->partition(u.partition);
            if (!p) throw input_error::undefined_reference({cluster->file, 1, 1}, "partition in the cluster description", u.partition,
                                                           fmt::format("{} jobs ran on it; describe its node_power", u.jobs));
            drawn = node_equivalent_seconds(u, *p);
            const double power = nominal_of(p->node_power, dims::power, fmt::format("node_power of partition '{}'", p->name));
            if (power < 0.0) throw input_error::invalid_value(p->node_power.value->loc, "a node power of at least 0", p->node_power.value->text);
            it = *drawn * power;
            if (pue > 0.0) meter = *it * pue;
            if (meter && grid > 0.0) carbon = *meter * grid;
        }
        const std::vector<std::optional<double>> v{static_cast<double>(u.jobs), u.gpu_seconds / 3600, u.node_seconds / 3600,
                                                   drawn ? std::optional<double>(*drawn / 3600) : std::nullopt, it ? std::optional<double>(*it / 3.6e6) : std::nullopt,
                                                   meter ? std::optional<double>(*meter / 3.6e6) : std::nullopt, carbon};
        for (std::size_t c = 0; c < v.size(); ++c) total.values[c] = v[c] && total.values[c] ? std::optional<double>(*total.values[c] + *v[c]) : std::nullopt;
        s.rows.push_back({u.group.empty() ? u.partition : fmt::format("{} on {}", u.group, u.partition),
                          u.first_start.empty() ? "" : fmt::format("{} – {}", u.first_start, u.last_end), v});
    }
    s.total = total;
    s.rows_read = acc.rows_read;
    s.rows_used = acc.jobs_selected;
    s.rejected = acc.rejected;
    s.notes.push_back(fmt::format("{} job steps not counted: their allocation is.", acc.steps));
    if (failed) s.notes.push_back(fmt::format("Jobs that failed, were cancelled or timed out are the group '{}': their energy was drawn all the same.", failed_group));
    if (!cluster) s.notes.push_back("No cluster description: energy and carbon are not assessed (give one to turn node-hours into kWh).");
    else s.notes.push_back(fmt::format("Energy from the cluster description {}: node power × node-hours drawn (GPU-hours / GPUs per node where jobs share nodes by GPU){}{}.",
                                       q.cluster, pue > 0.0 ? fmt::format(", × PUE {}", pue) : "",
                                       grid > 0.0 ? fmt::format(", × {} gCO2e/kWh", grid * 3.6e9) : ""));
    return s;
}

measurement_summary mlenergy_summary(const measurement_request& q) {
    auto file = std::make_shared<const source_file>(q.path, detail::read_text_file(q.path, "ML.ENERGY measurements"));
    const mlenergy_measurements mm = read_mlenergy(file, {q.select});
    measurement_summary s;
    s.columns = {{"batch", "", true}, {"energy per request", "J"}, {"energy per token", "J"}, {"output", "token"}};
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& c : mm.selected) {
        s.rows.push_back({c.model, c.hardware(),
                          {c.batch ? std::optional<double>(*c.batch) : std::nullopt, c.energy_per_request, c.energy_per_token, c.output_tokens}});
        if (c.energy_per_request) {
            lo = std::min(lo, *c.energy_per_request);
            hi = std::max(hi, *c.energy_per_request);
        }
    }
    s.rows_read = mm.configurations;
    s.rows_used = static_cast<std::int64_t>(mm.selected.size());
    if (lo <= hi) {
        s.notes.push_back(fmt::format("A phase takes the energy per request as uniform over {} – {} J (or per token, when it counts tokens).", lo, hi));
    }
    if (!mm.task.empty()) s.notes.push_back("Task: " + mm.task + ".");
    return s;
}

}  // namespace

measurement_summary summarise_measurements(const measurement_request& request) {
    measurement_request q = request;
    if (q.format.empty()) q.format = detect(q.path);
    // What a request asks of a kind of file that does not have it is refused, not ignored: a
    // window on sacct jobs would otherwise read as a filtered period.
    auto refuse = [&](bool asked, const char* what, const char* applies) {
        if (asked) throw input_error::invalid_option(what, fmt::format("applies to {}, not to this {} file", applies, q.format));
    };
    refuse(q.format != "codecarbon" && (!q.from.empty() || !q.to.empty()), "time window", "CodeCarbon files");
    refuse(q.format != "sacct" && !q.cluster.empty(), "cluster description", "sacct files");
    refuse(q.format != "sacct" && !q.group_by.empty(), "grouping column", "sacct files");
    refuse(q.format == "mlenergy" && q.skip_broken, "skipping broken rows", "CodeCarbon and sacct files");
    measurement_summary s = q.format == "codecarbon" ? codecarbon_summary(q)
                            : q.format == "sacct"    ? sacct_summary(q)
                            : q.format == "mlenergy" ? mlenergy_summary(q)
                                                     : throw input_error::invalid_value({}, "a format: codecarbon, sacct or mlenergy", q.format);
    s.format = q.format;
    s.path = q.path;
    return s;
}

}  // namespace kaya

// A phase's energy from the file in which it was measured (issue 14; docs/how-to/measured-data.md):
// - a CodeCarbon emissions.csv (kaya/measure/codecarbon.hpp). CodeCarbon multiplies every
//   measurement by its `pue` before adding it, so the IT energy is energy_consumed / pue, and
//   the site's PUE is applied once, as for any stated IT energy. Each part carries the
//   uncertainty of how CodeCarbon obtained it (measurement_factors below);
// - Slurm job accounting with a cluster description (kaya/measure/sacct.hpp): node-hours ×
//   each partition's node power;
// - ML.ENERGY measurements (kaya/measure/mlenergy.hpp): the energy per query of an inference
//   phase, uncertain over the measured configurations.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <set>

#include "kaya/errors/error.hpp"
#include "kaya/measure/codecarbon.hpp"
#include "kaya/measure/mlenergy.hpp"
#include "kaya/measure/sacct.hpp"
#include "model/compiler.hpp"
#include "scenario/yaml_reader.hpp"

namespace kaya::detail {
namespace {

// How far each part of a CodeCarbon measurement may be from the energy drawn, as a factor on
// it (docs/how-to/measured-data.md, "Uncertainty"). Low, mode, high.
struct factor_rule {
    const char* part;
    double low, mode, high;
    const char* why;
};
constexpr factor_rule gpu_nvml{"gpu", 0.95, 1.0, 1.05, "NVML's power readings are within ±5 % of the GPU's draw (NVIDIA, NVML API reference)"};
constexpr factor_rule cpu_counters{"cpu", 0.9, 1.0, 1.1, "RAPL energy counters, within ±10 % of the package's draw"};
constexpr factor_rule cpu_constant{"cpu", 0.4, 1.0, 2.0,
                                   "CodeCarbon's constant mode assumes half the CPU's TDP whatever the load; a CPU draws from about "
                                   "a fifth of its TDP (idle) to all of it"};
constexpr factor_rule ram_model{"ram", 0.5, 1.0, 1.5, "CodeCarbon models memory power from its size (W per GB); it does not measure it"};

std::string shown_path(const std::shared_ptr<const source_file>& scenario, const located_text& ref) {
    // Messages name the file as the scenario's folder and the written path locate it.
    return (std::filesystem::path(scenario->path()).parent_path() / ref.text).string();
}

std::string join(const std::set<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : "; ") + s;
    return out;
}

// The factor as an uncertain input of the model, one per phase and part.
int factor(model& m, const std::string& phase, const factor_rule& r, const source_loc& loc) {
    const distribution dist = r.low == r.high ? distribution::fixed(r.mode) : distribution::triangular(r.low, r.mode, r.high);
    m.inputs.push_back(model_input{fmt::format("measured.{}.{}", phase, r.part), dist, r.mode, dims::none, display_unit{"", 1.0, true}, loc, {},
                                   fmt::format("the measured {} energy over the energy drawn: {}", r.part, r.why)});
    return m.nodes.input(static_cast<int>(m.inputs.size()) - 1, dims::none);
}

}  // namespace

void compiler::check_measured_site(const phase_spec& spec, const std::set<std::string>& countries, const std::set<std::string>& regions,
                                   const std::string& what) {
    if (!spec.site || (countries.empty() && regions.empty())) return;
    const entity& site = find_entity("site", *spec.site);
    const catalog_entry* grid = catalogue_entry("site", site, "grid_intensity");
    if (!grid) return;  // a grid factor stated, not a place: nothing to compare
    auto text = [&](const char* key) { const auto it = grid->text.find(key); return it == grid->text.end() ? std::string() : it->second; };
    // Any place that is not the site's: runs of several countries at one site are a mistake in all but one.
    auto differs = [](const std::set<std::string>& measured, const std::string& ours) {
        return !ours.empty() && std::any_of(measured.begin(), measured.end(), [&](const std::string& place) { return place != ours; });
    };
    if (!differs(countries, text("country")) && !differs(regions, text("region"))) return;
    std::string where = join(countries);
    if (!regions.empty()) where += (where.empty() ? "" : ", ") + join(regions);
    warn("measured-site-differs", fmt::format("phase '{}' is at site '{}' (grid '{}': {}{}), but {} was measured in {}", spec.name, site.id, grid->id,
                                              text("country"), text("region").empty() ? "" : ", " + text("region"), what, where));
}

void compiler::check_counted_once(const std::string& phase, const std::string& file, std::vector<std::uint64_t> ids) {
    std::sort(ids.begin(), ids.end());
    auto& earlier = measured_ids_[file];
    for (const auto& [other, taken] : earlier) {
        std::vector<std::uint64_t> both;
        std::set_intersection(ids.begin(), ids.end(), taken.begin(), taken.end(), std::back_inserter(both));
        if (!both.empty()) {
            warn("measured-twice", fmt::format("phases '{}' and '{}' both take {} of the same rows of {} (runs or jobs): their energy is counted in "
                                               "each; select them apart",
                                               other, phase, both.size(), std::filesystem::path(file).filename().string()));
        }
    }
    earlier.emplace_back(phase, std::move(ids));
}

void compiler::warn_skipped(const std::string& phase, const std::string& file, const std::vector<codecarbon_rejected>& rejected, std::size_t most) {
    if (rejected.empty()) return;
    std::string lines;
    for (std::size_t i = 0; i < rejected.size() && i < most; ++i) lines += fmt::format("{}{} ({})", i ? ", " : "", rejected[i].line, rejected[i].why);
    warn("measurement-rows-skipped", fmt::format("phase '{}': {} broken rows of {} left out: line {}{}", phase, rejected.size(), file, lines,
                                                 rejected.size() > most ? ", …" : ""));
}

int compiler::measured_energy(phase_context& ctx) {
    const measured_spec& ms = *ctx.spec().measured;
    return ms.format == "sacct" ? sacct_energy(ctx) : codecarbon_energy(ctx);
}

int compiler::codecarbon_energy(phase_context& ctx) {
    const phase_spec& spec = ctx.spec();
    const measured_spec& ms = *spec.measured;
    // Several files (one per process or machine) are one measurement: their runs together, a
    // run in two files counted once, by its latest row.
    codecarbon_measurement mm;
    std::string names;
    for (const located_text& f : ms.files) {
        const std::string real = confined(f, "CodeCarbon file");
        auto file = std::make_shared<const source_file>(shown_path(s_.file, f), read_text_file(real, "a CodeCarbon file"));
        codecarbon_measurement one = read_codecarbon(file, {ms.select, ms.from, ms.to}, ms.skip_broken);
        std::vector<std::uint64_t> ids;
        for (const auto& r : one.runs) ids.push_back(std::hash<std::string>{}(r.label + "@" + std::to_string(r.start)));
        check_counted_once(spec.name, real, std::move(ids));
        names += (names.empty() ? "" : ", ") + f.text;
        warn_skipped(spec.name, f.text, one.rejected, one.rejected.size());
        mm.merge(std::move(one));
    }
    // The IT energy of each part, summed over runs (each divided by its own PUE).
    double gpu = 0.0, cpu = 0.0, ram = 0.0, whole = 0.0, emissions = 0.0;
    bool parts = true, reported = true;
    std::set<std::string> countries, regions, places;
    for (const auto& r : mm.runs) {
        const double pue = r.pue && *r.pue > 0.0 ? *r.pue : 1.0;
        whole += r.energy / pue;
        parts = parts && r.cpu_energy && r.gpu_energy && r.ram_energy;
        if (parts) {
            gpu += *r.gpu_energy / pue;
            cpu += *r.cpu_energy / pue;
            ram += *r.ram_energy / pue;
        }
        reported = reported && r.emissions;
        if (r.emissions) emissions += *r.emissions;
        if (!r.country_iso_code.empty()) countries.insert(r.country_iso_code);
        if (!r.cloud_region.empty()) regions.insert(r.cloud_region);
        if (const std::string place = r.place(); !place.empty()) places.insert(place);
    }
    graph& g = m.nodes;
    const bool constant = ms.cpu && ms.cpu->text == "constant";
    const factor_rule& cpu_rule = constant ? cpu_constant : cpu_counters;
    const source_loc at = ms.cpu ? ms.cpu->loc : ms.file.loc;
    auto part = [&](double kwh, const factor_rule& rule) { return g.mul(g.constant(kwh * 3.6e6, dims::energy), factor(m, spec.name, rule, at)); };
    int energy = -1;
    std::string equation;
    if (parts) {
        // What the parts leave of energy_consumed (rounding in the file) is taken as written.
        energy = g.add(g.add(part(gpu, gpu_nvml), part(cpu, cpu_rule)), g.add(part(ram, ram_model), g.constant((whole - gpu - cpu - ram) * 3.6e6, dims::energy)));
        equation = "Σ (gpu_energy × f_gpu + cpu_energy × f_cpu + ram_energy × f_ram) / pue";
    } else {
        // A file without the parts (CodeCarbon 1.x): the CPU's uncertainty on the whole.
        energy = part(whole, cpu_rule);
        equation = "Σ energy_consumed / pue × f_cpu";
    }
    // The wall-clock time the runs cover: parallel processes' runs overlap.
    const int duration = g.constant(mm.span(), dims::time);
    if (!ctx.has("duration")) ctx.set_duration(duration);
    measurement_model rec;
    rec.phase = spec.name;
    rec.format = ms.format;
    rec.file = names;
    rec.loc = ms.loc;
    rec.what = fmt::format("{} run{}, {} of {} rows{}", mm.runs.size(), mm.runs.size() == 1 ? "" : "s", mm.rows_selected, mm.rows_read,
                           constant ? ", CPU in constant mode" : "");
    rec.location = join(places);
    rec.energy = ctx.step("measured_energy", energy,
                          fmt::format("{} of {} CodeCarbon run{} in {} ({} of {} rows)", equation, mm.runs.size(), mm.runs.size() == 1 ? "" : "s",
                                      names, mm.rows_selected, mm.rows_read));
    if (reported) rec.reported_carbon = emissions;
    rec.tool_energy = mm.energy() * 3.6e6;
    rec.unit = {"kWh", 3.6e6, true};
    m.measurements.push_back(std::move(rec));
    check_measured_site(spec, countries, regions,
                        fmt::format("its CodeCarbon file{} {}", ms.files.size() == 1 ? "" : "s", names));
    return m.measurements.back().energy;
}

int compiler::sacct_energy(phase_context& ctx) {
    const phase_spec& spec = ctx.spec();
    const measured_spec& ms = *spec.measured;
    const std::string cluster_path = confined(*ms.cluster, "cluster description");
    const cluster_description cluster = read_cluster(std::make_shared<const source_file>(shown_path(s_.file, *ms.cluster),
                                                                                         read_text_file(cluster_path, "a cluster description")));
    const std::string real = confined(ms.file, "sacct file");
    std::ifstream in = open_measurement(real);
    sacct_accounting acc = read_sacct(in, shown_path(s_.file, ms.file), {ms.select, "", true}, ms.skip_broken);
    check_counted_once(spec.name, real, std::move(acc.job_ids));
    warn_skipped(spec.name, ms.file.text, acc.rejected, 20);  // a stream may skip millions
    graph& g = m.nodes;
    std::map<std::string, double> seconds;  // node-equivalent seconds per partition
    double gpu_seconds = 0.0;
    std::int64_t jobs = 0;
    for (const auto& u : acc.usage) {
        const cluster_partition* p = cluster.partition(u.partition);
        if (!p) {
            throw input_error::undefined_reference(ms.cluster->loc, "partition in the cluster description", u.partition,
                                                   fmt::format("{} selected jobs ran on it; describe its node_power", u.jobs));
        }
        seconds[u.partition] += node_equivalent_seconds(u, *p);
        gpu_seconds += u.gpu_seconds;
        jobs += u.jobs;
    }
    int energy = -1;
    for (const auto& [name, s] : seconds) {
        const cluster_partition& p = *cluster.partition(name);
        const int power = value(p.node_power, fmt::format("node_power of partition '{}'", name), fmt::format("measured.{}.{}.node_power", spec.name, name),
                                field_rule{"node_power", dims::power});
        const int e = g.mul(g.constant(s, dims::time), power);
        energy = energy < 0 ? e : g.add(energy, e);
    }
    const int duration = g.constant(acc.span, dims::time);
    if (!ctx.has("duration") && acc.span > 0.0) ctx.set_duration(duration);
    measurement_model rec;
    rec.phase = spec.name;
    rec.format = ms.format;
    rec.file = ms.file.text;
    rec.loc = ms.loc;
    rec.what = fmt::format("{} job{} on {} partition{}, {:.0f} GPU-hours", jobs, jobs == 1 ? "" : "s", seconds.size(), seconds.size() == 1 ? "" : "s", gpu_seconds / 3600.0);
    rec.unit = {"kWh", 3.6e6, true};
    rec.location = cluster.name.empty() ? cluster.site : cluster.site.empty() ? cluster.name : fmt::format("{} ({})", cluster.name, cluster.site);
    rec.energy = ctx.step("measured_energy", energy,
                          fmt::format("Σ node-hours × node_power over the partitions of {} jobs in {} ({} rows, {} job steps not counted)", jobs,
                                      ms.file.text, acc.rows_read, acc.steps));
    m.measurements.push_back(std::move(rec));
    if (!cluster.site.empty()) {
        const catalog_entry* grid = catalogue_->find(catalog_kind::grids, cluster.site);
        const auto country = grid && grid->text.contains("country") ? grid->text.at("country") : cluster.site;
        check_measured_site(spec, {country}, {}, fmt::format("its cluster {}", ms.cluster->text));
    }
    return m.measurements.back().energy;
}

int compiler::mlenergy_per_query(phase_context& ctx, dimension counted) {
    const phase_spec& spec = ctx.spec();
    const measured_spec& ms = *spec.measured;
    const std::string real = confined(ms.file, "ML.ENERGY file");
    auto file = std::make_shared<const source_file>(shown_path(s_.file, ms.file), read_text_file(real, "ML.ENERGY measurements"));
    const mlenergy_measurements mm = read_mlenergy(file, {ms.select});
    const bool per_token = counted == dims::token;
    double low = INFINITY, high = -INFINITY;
    std::set<std::string> gpus, models;
    for (const auto& c : mm.selected) {
        const std::optional<double> v = per_token ? c.energy_per_token : c.energy_per_request;
        if (!v) {
            throw input_error::missing_field(c.loc, per_token ? "energy per token" : "energy per request", "an ML.ENERGY configuration",
                                             per_token ? "the phase counts tokens" : "the phase counts requests; count tokens to use the energy per token");
        }
        low = std::min(low, *v);
        high = std::max(high, *v);
        gpus.insert(c.hardware());
        models.insert(c.model);
    }
    const dimension dim = dims::energy / counted;
    const double centre = (low + high) / 2;
    const distribution dist = low == high ? distribution::fixed(low) : distribution::uniform(low, high);
    m.inputs.push_back(model_input{fmt::format("measured.{}.energy_per_query", spec.name), dist, centre, dim,
                                   display_unit{per_token ? "J/token" : "J/request", 1.0, true}, ms.loc, {},
                                   fmt::format("ML.ENERGY: {} configurations measured of {}", mm.selected.size(), join(models))});
    const int node = m.nodes.input(static_cast<int>(m.inputs.size()) - 1, dim);
    measurement_model rec;
    rec.phase = spec.name;
    rec.format = ms.format;
    rec.file = ms.file.text;
    rec.loc = ms.loc;
    rec.what = fmt::format("{} of {} configurations{}, energy per {}", mm.selected.size(), mm.configurations, mm.task.empty() ? "" : ", task " + mm.task,
                           per_token ? "token" : "request");
    rec.location = join(gpus);
    rec.unit = {per_token ? "J/token" : "J/request", 1.0, true};
    rec.energy = ctx.step("measured_energy_per_query", node,
                          fmt::format("uniform over the energy per {} of {} ML.ENERGY configurations in {}", per_token ? "token" : "request",
                                      mm.selected.size(), ms.file.text));
    m.measurements.push_back(std::move(rec));
    return node;
}

void compiler::compare_with_estimate(int estimate, const std::string& equation) {
    if (m.measurements.empty()) throw internal_error("an estimate compared with no measurement");
    m.measurements.back().estimate = estimate;
    m.measurements.back().estimate_equation = equation;
}

}  // namespace kaya::detail

// The four phase kinds and their equations, each a named step as in
// docs/methodology/phases.md. Energies are IT energies until multiplied by the PUE. A kind
// computes its flows; the categories characterise them (characterise.cpp).
#include <fmt/format.h>

#include <algorithm>

#include "kaya/errors/error.hpp"
#include "kaya/units/unit.hpp"
#include "model/compiler.hpp"

namespace kaya::detail {
namespace {

using namespace dims;
constexpr double inf = std::numeric_limits<double>::infinity();

// The flows of a phase whose power or energy gives `stated`: the devices' energy and, after
// the PUE, the energy at the meter. Stated as it usually is, `stated` is the IT energy; with
// `pue_included: true` (Meta's model cards) it is the energy at the meter, and the IT energy
// is derived from it rather than multiplied by the PUE a second time. The categories
// characterise the flows (compiler::characterise).
void operational_flows(phase_context& p, int stated, const std::string& equation) {
    graph& g = p.g();
    int it_energy = -1, energy = -1;
    if (p.pue_included()) {
        energy = p.step("energy", stated, equation + " (PUE included)");
        if (p.has("duration")) p.set_duration(p.field("duration"));
        const int pue = p.step("pue", p.has("pue") ? p.field("pue") : p.site("pue"), p.has("pue") ? "the phase's pue" : "the site's pue");
        it_energy = p.step("it_energy", g.div(energy, pue), "energy / pue");
    } else {
        it_energy = p.step("it_energy", stated, equation);
        if (p.has("duration")) p.set_duration(p.field("duration"));
        const int pue = p.step("pue", p.has("pue") ? p.field("pue") : p.site("pue"), p.has("pue") ? "the phase's pue" : "the site's pue");
        energy = p.step("energy", g.mul(it_energy, pue), "it_energy × pue");
    }
    p.set_flow(flow::it_energy, it_energy);
    p.set_flow(flow::electricity, energy);
}

// A phase's IT energy as measured (a CodeCarbon or sacct file) rather than estimated. Its own
// estimate, when it states one beside it, is kept for comparison, not added.
bool measures_energy(const phase_context& p) { return p.spec().measured && p.spec().measured->format != "mlenergy"; }

void check_measured(phase_context& p) {
    if (p.pue_included()) {
        throw input_error::invalid_value(p.spec().pue_included->loc,
                                         fmt::format("no pue_included with 'measured' in phase '{}' (the measurement says what it includes)", p.spec().name),
                                         "pue_included");
    }
}

struct stated_energy {
    int node;
    std::string equation;
};

// The phase's energy flows from its measurement, or from its estimate; with both, the
// measurement counts and the estimate is compared with it. `stated` says whether the phase
// gives an estimate at all.
void measured_or_estimated(phase_context& p, bool stated, stated_energy (*estimate)(phase_context&)) {
    if (!measures_energy(p)) {
        const stated_energy e = estimate(p);
        operational_flows(p, e.node, e.equation);
        return;
    }
    check_measured(p);
    const int measured = p.measured();
    if (stated) {
        const stated_energy e = estimate(p);
        p.compare_with_estimate(p.step("estimated_energy", e.node, e.equation), e.equation);
    }
    operational_flows(p, measured, "measured_energy");
}

// device_hours, or the hardware's count times the duration.
int device_hours(phase_context& p) {
    graph& g = p.g();
    if (p.has("device_hours")) {
        p.exclusive("device_hours", "duration");
        return p.step("device_hours", p.field("device_hours"), "the phase's device_hours");
    }
    if (p.has("duration") && p.spec().hardware) {
        return p.step("device_hours", g.mul(p.hardware("count"), p.field("duration")), "count × duration");
    }
    return -1;
}

// The share of the hardware's manufacture that `hours` of its use account for.
void amortise(phase_context& p, int hours) {
    graph& g = p.g();
    const int life = p.step("lifetime", p.hardware("lifetime"), "the hardware's lifetime");
    const int utilisation = p.step("utilisation", p.hardware("utilisation"), "the hardware's utilisation");
    const int share = p.step("amortised_share", g.div(hours, g.mul(life, utilisation)), "device_hours / (lifetime × utilisation)");
    p.expect(share, none, p.has("device_hours") ? "device_hours" : "duration", "device_hours / (lifetime × utilisation)");
    p.set_flow(flow::manufacture, share);
}

void build_embodied(phase_context& p) {
    if (!p.spec().hardware) p.missing("hardware");
    const int hours = device_hours(p);
    if (hours < 0) p.needs("device_hours, or duration (with the hardware's count)");
    amortise(p, hours);
    if (p.has("duration")) p.set_duration(p.field("duration"));
}

// Energy stated, or device hours times a power (the phase's, else its hardware's).
stated_energy training_energy(phase_context& p) {
    graph& g = p.g();
    if (p.has("energy")) {
        p.exclusive("energy", "power");
        p.exclusive("energy", "device_hours");
        return {p.field("energy"), "the phase's energy"};
    }
    const int hours = device_hours(p);
    if (hours < 0) p.needs("energy, or device_hours (or duration with hardware) and power");
    const int power = p.has("power") ? p.step("power", p.field("power"), "the phase's power")
                      : p.spec().hardware ? p.step("power", p.hardware("power"), "the hardware's power")
                                          : (p.needs("power (or hardware with a power)"), -1);
    const int it = g.mul(hours, power);
    p.expect(it, energy, p.has("device_hours") ? "device_hours" : "duration", "device_hours × power");
    return {it, "device_hours × power"};
}

bool states_training_energy(const phase_context& p) {
    return p.has("energy") || p.has("device_hours") || p.has("power") || (p.spec().hardware && p.has("duration"));
}

void build_training(phase_context& p) { measured_or_estimated(p, states_training_energy(p), training_energy); }

// power × duration, for idle and inference phases that give them.
int power_times_duration(phase_context& p) {
    const int power = p.step("power", p.field("power"), "the phase's power");
    const int duration = p.step("duration", p.field("duration"), "the phase's duration");
    return p.g().mul(power, duration);
}

stated_energy idle_energy(phase_context& p) {
    if (p.has("energy")) {
        p.exclusive("energy", "power");
        return {p.field("energy"), "the phase's energy"};
    }
    if (!p.has("power") || !p.has("duration")) p.needs("energy, or power and duration");
    return {power_times_duration(p), "power × duration"};
}

void build_idle(phase_context& p) { measured_or_estimated(p, p.has("energy") || p.has("power"), idle_energy); }

// Energy drawn outside training and inference (data preparation, evaluation, experiments,
// storage, networking): an energy, device hours times a power, or a power over a duration.
stated_energy operational_energy(phase_context& p) {
    if (p.has("energy") || p.has("device_hours") || p.spec().hardware) return training_energy(p);
    if (!p.has("power") || !p.has("duration")) p.needs("energy, device_hours and power, or power and duration");
    return {power_times_duration(p), "power × duration"};
}

void build_operational(phase_context& p) { measured_or_estimated(p, states_training_energy(p), operational_energy); }

// The energy the phase states: as given, queries × energy per query, or power × duration.
stated_energy inference_energy(phase_context& p) {
    graph& g = p.g();
    if (p.has("energy")) {
        p.exclusive("energy", "queries");
        p.exclusive("energy", "power");
        return {p.field("energy"), "the phase's energy"};
    }
    const bool mlenergy = p.spec().measured && p.spec().measured->format == "mlenergy";
    if (p.has("queries") || p.has("energy_per_query") || mlenergy) {
        p.exclusive("queries", "power");
        if (!p.has("queries")) p.needs("queries and energy_per_query");
        const int queries = p.step("queries", p.field("queries"), "the phase's queries");
        int per_query = -1;
        if (mlenergy) {
            const dimension counted = g[queries].dim;
            if (counted != dims::token && counted != dims::request && counted != dims::query) {
                throw unit_error::mismatch(p.spec().field_locs.at("queries"), "queries measured by ML.ENERGY (requests, queries or tokens)",
                                           describe(dims::request), describe(counted));
            }
            if (p.pue_included()) {
                throw input_error::invalid_value(p.spec().pue_included->loc,
                                                 fmt::format("no pue_included with ML.ENERGY's measurements in phase '{}' (they are the GPUs' energy alone)",
                                                             p.spec().name),
                                                 "pue_included");
            }
            per_query = p.measured_per_query(counted);
            if (p.has("energy_per_query")) {
                const int stated = p.field("energy_per_query");
                p.expect(stated, energy / g[queries].dim, "energy_per_query", "energy_per_query");
                p.compare_with_estimate(p.step("estimated_energy_per_query", stated, "the phase's energy_per_query"), "the phase's energy_per_query");
            }
        } else {
            if (!p.has("energy_per_query")) p.needs("queries and energy_per_query");
            per_query = p.step("energy_per_query", p.field("energy_per_query"), "the phase's energy_per_query");
        }
        // What is counted (query, request, token) must be what the energy is per.
        p.expect(per_query, energy / g[queries].dim, "energy_per_query", "energy_per_query");
        return {g.mul(queries, per_query), "queries × energy_per_query"};
    }
    if (!p.has("power") || !p.has("duration")) p.needs("energy, queries and energy_per_query, or power and duration");
    return {power_times_duration(p), "power × duration"};
}

// Google's comprehensive boundary (Elsworth et al. 2025): the stated energy is the
// accelerators'; the host's CPU and memory, and the idle machines kept in reserve, add to it
// before the PUE. Each is a named step.
stated_energy comprehensive_boundary(phase_context& p, stated_energy accelerators) {
    const bool host = p.has("host_power") || p.has("host_energy_per_query");
    if (!host && !p.has("idle_reserve")) return accelerators;
    graph& g = p.g();
    if (p.pue_included()) {
        throw input_error::invalid_value(p.spec().pue_included->loc, fmt::format("either pue_included or the host and idle energy of phase '{}' "
                                                                                   "(they add to IT energy, before the PUE)", p.spec().name),
                                         "both");
    }
    int it = p.step("accelerator_energy", accelerators.node, accelerators.equation);
    std::string equation = "accelerator_energy";
    if (host) {
        p.exclusive("host_power", "host_energy_per_query");
        int h = -1;
        if (p.has("host_power")) {
            if (!p.has("duration")) p.missing("duration", "host_power is drawn over the deployment's duration");
            h = p.step("host_energy", g.mul(p.field("host_power"), p.field("duration")), "host_power × duration");
        } else {
            if (!p.has("queries")) p.missing("queries", "host_energy_per_query is per query");
            const int per = p.field("host_energy_per_query");
            p.expect(per, energy / g[p.field("queries")].dim, "host_energy_per_query", "host_energy_per_query");
            h = p.step("host_energy", g.mul(p.field("queries"), per), "queries × host_energy_per_query");
        }
        p.expect(h, energy, p.has("host_power") ? "host_power" : "host_energy_per_query", "host_energy");
        it = g.add(it, h);
        equation += " + host_energy";
    }
    if (p.has("idle_reserve")) {
        const int idle = p.step("idle_energy", g.mul(it, p.field("idle_reserve")), fmt::format("({}) × idle_reserve", equation));
        it = g.add(it, idle);
        equation += " + idle_energy";
    }
    return {it, equation};
}

// The deployment's energy; with the serving hardware named, its manufacture too, amortised
// over the count × duration it serves.
void build_inference(phase_context& p) {
    if (p.spec().measured && p.spec().measured->format == "mlenergy" && p.has("energy")) {
        throw input_error::invalid_value(p.spec().field_locs.at("energy"),
                                         fmt::format("either ML.ENERGY's energy per query or 'energy' in phase '{}'", p.spec().name), "both");
    }
    auto estimate = [](phase_context& q) { return comprehensive_boundary(q, inference_energy(q)); };
    measured_or_estimated(p, p.has("energy") || p.has("queries") || p.has("power"), estimate);
    if (!p.spec().hardware) return;
    if (!p.has("duration")) p.missing("duration", "the serving hardware it names is amortised over the deployment's duration");
    amortise(p, p.step("device_hours", p.g().mul(p.hardware("count"), p.field("duration")), "count × duration"));
}

// Count-like fields accept any dimension here; the equations check what they combine.
constexpr dimension any_dim{};
// A site's PUE, or a phase's override of it.
const field_rule pue_rule{"pue", none, 1.0};

}  // namespace

const std::vector<phase_kind>& phase_kinds() {
    static const field_rule pue = pue_rule;
    static const std::vector<phase_kind> kinds{
        {"embodied", "the manufacture of hardware, amortised over its lifetime", false, true, false, false,
         {{"device_hours", time}, {"duration", time}}, build_embodied},
        {"idle", "infrastructure that draws power while it waits", true, false, false, false,
         {{"energy", energy}, {"power", power}, {"duration", time}, pue}, build_idle},
        {"training", "training runs (the final one, and development runs)", true, true, false, true,
         {{"energy", energy}, {"device_hours", time}, {"duration", time}, {"power", power}, pue},
         build_training},
        {"operational", "other operational work: data preparation, evaluation, experiments, storage, networking", true, true, false,
         false,
         {{"energy", energy}, {"device_hours", time}, {"duration", time}, {"power", power}, pue},
         build_operational},
        {"inference", "deployment: queries times the energy per query; its serving hardware amortised when named", true, true, true, false,
         {{"energy", energy}, {"queries", any_dim, 0.0, inf, false, true}, {"energy_per_query", any_dim, 0.0, inf, false, true}, {"power", power},
          {"duration", time}, pue, {"host_power", power}, {"host_energy_per_query", any_dim, 0.0, inf, false, true},
          {"idle_reserve", none}},
         build_inference},
    };
    return kinds;
}

const phase_kind& kind_of(const std::string& name) {
    const auto& kinds = phase_kinds();
    const auto it = std::find_if(kinds.begin(), kinds.end(), [&](const phase_kind& k) { return name == k.name; });
    if (it == kinds.end()) throw internal_error(fmt::format("no phase kind '{}'", name));
    return *it;
}

phase_context::phase_context(compiler& c, const phase_spec& spec, phase_model& out, const phase_kind& kind)
    : c_(c), spec_(spec), out_(out), rules_(kind.fields) {
    const std::string context = fmt::format("a phase of kind '{}'", kind.name);
    if (kind.needs_site && !spec.site) missing("site");
    if (!kind.needs_site && spec.site) throw input_error::unused_key(spec.site->loc, "site", context + " (it draws no energy)");
    if (!kind.uses_hardware && spec.hardware) throw input_error::unused_key(spec.hardware->loc, "hardware", context);
    if (!kind.needs_site && spec.measured) throw input_error::unused_key(spec.measured->loc, "measured", context + " (it draws no energy)");
    if (!kind.needs_site && spec.pue_included) throw input_error::unused_key(spec.pue_included->loc, "pue_included", context + " (it draws no energy)");
}

void phase_context::set_duration(int node) { out_.duration = node; }

int phase_context::measured() { return c_.measured_energy(*this); }

int phase_context::measured_per_query(dimension counted) { return c_.mlenergy_per_query(*this, counted); }

void phase_context::compare_with_estimate(int estimate, const std::string& equation) { c_.compare_with_estimate(estimate, equation); }

graph& phase_context::g() { return c_.m.nodes; }

bool phase_context::has(const std::string& field) const { return spec_.fields.contains(field); }

int phase_context::field(const std::string& name) {
    // One node per field, however often the equations use it.
    if (const auto cached = nodes_.find(name); cached != nodes_.end()) return cached->second;
    const auto it = spec_.fields.find(name);
    if (it == spec_.fields.end()) missing(name);
    const auto rule = std::find_if(rules_.begin(), rules_.end(), [&](const field_rule& r) { return name == r.name; });
    field_rule r = *rule;
    const int node = c_.value(it->second, fmt::format("{} of phase '{}'", name, spec_.name),
                              fmt::format("phase.{}.{}", spec_.name, name), r);
    nodes_[name] = node;
    c_.m.fields[fmt::format("phase/{}/{}", spec_.name, name)] = node;
    return node;
}

int phase_context::site(const std::string& field) {
    const entity& e = c_.find_entity("site", *spec_.site);
    return c_.entity_field("site", e, field, spec_.site->loc);
}

int phase_context::hardware(const std::string& field) {
    if (!spec_.hardware) missing("hardware");
    const entity& e = c_.find_entity("hardware", *spec_.hardware);
    return c_.entity_field("hardware", e, field, spec_.hardware->loc);
}

bool phase_context::hardware_has(const std::string& field) {
    if (!spec_.hardware) return false;
    return c_.entity_has("hardware", c_.find_entity("hardware", *spec_.hardware), field);
}

bool phase_context::site_has(const std::string& field) {
    if (!spec_.site) return false;
    return c_.entity_has("site", c_.find_entity("site", *spec_.site), field);
}

void phase_context::expect(int node, dimension expected, const std::string& field, const std::string& what) {
    const dimension got = c_.m.nodes[node].dim;
    if (got == expected) return;
    const auto it = spec_.fields.find(field);
    const source_loc loc = it != spec_.fields.end() && it->second.value ? it->second.value->loc : spec_.loc;
    throw unit_error::mismatch(loc, fmt::format("{} in phase '{}'", what, spec_.name), describe(expected), describe(got));
}

void phase_context::missing(const std::string& field, const std::string& hint) {
    throw input_error::missing_field(spec_.loc, field, fmt::format("phase '{}' of kind '{}'", spec_.name, spec_.kind.text), hint);
}

void phase_context::needs(const std::string& alternatives) {
    throw input_error::missing_alternatives(spec_.loc, fmt::format("phase '{}' of kind '{}'", spec_.name, spec_.kind.text),
                                            alternatives);
}

void phase_context::exclusive(const std::string& a, const std::string& b) {
    if (has(a) && has(b)) {
        throw input_error::invalid_value(spec_.field_locs.at(b), fmt::format("either '{}' or '{}' in phase '{}'", a, b, spec_.name),
                                         "both");
    }
}

int phase_context::step(const std::string& name, int node, std::string equation) {
    out_.steps.push_back({name, node, std::move(equation)});
    return node;
}


}  // namespace kaya::detail

// Plausibility checks of what a scenario states, at its nominal values: warnings by default,
// errors when the scenario or the command asks for strict checks.
#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "kaya/errors/error.hpp"
#include "kaya/model/evaluate.hpp"
#include "model/compiler.hpp"
#include "render/text.hpp"

namespace kaya::detail {

namespace {

std::string watts(double w) {
    if (!std::isfinite(w)) return "no finite number of W (an energy over no time)";
    return w < 1e4 ? fmt::format("{} W", cell(w)) : fmt::format("{} kW", cell(w / 1e3));
}

}  // namespace

void compiler::check_power(const phase_spec& spec, const phase_context& ctx, const phase_model& out) {
    // The energy a phase states, spread over its duration, is an average IT power; the devices
    // it names cannot draw more than their count times their power. 50,000 queries a day at
    // 0.3 Wh is 625 W, which two 72 W L4 cards cannot deliver.
    // The accelerators' energy where the phase adds its host's and idle machines' to it.
    int it = ctx.flow_node(flow::it_energy);
    std::string stated, drawn = "IT";
    for (const auto& st : out.steps) {
        if (st.name == "it_energy" && stated.empty()) stated = st.equation;
        if (st.name == "accelerator_energy") {
            it = st.node;
            stated = st.equation;
            drawn = "accelerator";
        }
    }
    if (it < 0 || out.duration < 0 || !spec.hardware) return;
    const entity& hw = find_entity("hardware", *spec.hardware);
    if (!entity_has("hardware", hw, "power")) return;
    const int count = entity_field("hardware", hw, "count", spec.hardware->loc);
    const int power = entity_field("hardware", hw, "power", spec.hardware->loc);
    const auto v = evaluate_point(m.nodes, {it, out.duration, count, power}, m.nominal_inputs());
    // An energy over no time at all is more than any hardware can draw.
    const double implied = v[1] > 0.0 ? v[0] / v[1] : v[0] > 0.0 ? std::numeric_limits<double>::infinity() : 0.0;
    const double capacity = v[2] * v[3];
    if (!(implied > capacity * (1.0 + 1e-9))) return;
    const std::string message = fmt::format(
        "phase '{}': {} over its duration is an average {} power of {}, more than hardware '{}' can draw ({} × {} = {}); check "
        "the stated energy and duration, or the hardware's count and power",
        spec.name, stated.empty() ? "the IT energy" : stated, drawn, watts(implied), hw.id, fmt::format("{:g}", v[2]), watts(v[3]), watts(capacity));
    if (s_.strict && s_.strict->text == "true") throw model_error(error_code::implied_power_exceeds_hardware, message, spec.loc);
    warn("implied-power-exceeds-hardware", message);
}

}  // namespace kaya::detail

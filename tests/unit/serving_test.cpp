// The serving hardware of an inference phase: its manufacture amortised over the deployment,
// and a check that the power the stated energy implies is power the hardware can draw. And
// the generic operational kind, for energy drawn outside training and inference.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "kaya/errors/error.hpp"
#include "kaya/model/evaluate.hpp"
#include "kaya/report/report.hpp"
#include "kaya/scenario/override.hpp"
#include "test_support.hpp"

using namespace kaya;

namespace {

bool warned(const model& m, std::string_view code) {
    return std::any_of(m.warnings.begin(), m.warnings.end(), [&](const model_warning& w) { return w.code == code; });
}

// 50,000 queries a day at 0.3 Wh on two L4 cards (72 W each).
std::string l4_deployment(const std::string& extra = "") {
    return extra + R"(name: serve
hardware:
  l4: {model: nvidia-l4, count: 2, lifetime: 4 year, utilisation: 100 %}
sites:
  dc: {grid_intensity: 400 gCO2e/kWh, pue: 1.2}
phases:
  - name: serving
    kind: inference
    site: dc
    hardware: l4
    queries: 50000 query/day * 365 day
    energy_per_query: 0.3 Wh/query
    duration: 365 day
)";
}

std::string read(const std::string& relative) {
    std::ifstream in(std::string(KAYA_SOURCE_DIR) + "/" + relative);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("serving: 50,000 queries a day at 0.3 Wh cannot run on two L4 cards") {
    // 50,000 × 0.3 Wh / 24 h = 625 W of average IT power, against 2 × 72 W = 144 W.
    const model m = test::compile_text(l4_deployment());
    REQUIRE(warned(m, "implied-power-exceeds-hardware"));
    const auto w = std::find_if(m.warnings.begin(), m.warnings.end(),
                                [](const model_warning& x) { return x.code == "implied-power-exceeds-hardware"; });
    CHECK(w->message ==
          "phase 'serving': queries × energy_per_query over its duration is an average IT power of 625.0 W, more than hardware 'l4' can "
          "draw (2 × 72.00 W = 144.0 W); check the stated energy and duration, or the hardware's count and power");
    // Strict checks make it an error, at the phase.
    try {
        (void)test::compile_text(l4_deployment("strict: true\n"));
        FAIL("accepted");
    } catch (const error& e) {
        CHECK(e.code() == error_code::implied_power_exceeds_hardware);
        CHECK(e.where().line == 8);
    }
    // Eight cards would do (576 W < 625 W still does not; ten do: 720 W).
    std::string ten = l4_deployment();
    ten.replace(ten.find("count: 2"), 8, "count: 10");
    CHECK(!warned(test::compile_text(ten), "implied-power-exceeds-hardware"));
}

TEST_CASE("serving: the check does not fire on BLOOM's deployment, served from 16 A100 40GB") {
    // 864.25 kWh over 18 days is 2.0 kW; 16 × 400 W = 6.4 kW. The published scenario names no
    // serving hardware (the paper counts no embodied share for it); named here.
    std::string yaml = read("scenarios/bloom-176b.yaml");
    yaml.replace(yaml.find("\nsites:\n"), 8,
                 "\n  a100-40gb: {model: nvidia-a100-sxm4-40gb, count: 16, lifetime: lifetime, utilisation: utilisation}\n\nsites:\n");
    yaml.replace(yaml.find("    site: gcp-us-central1\n"), 26, "    site: gcp-us-central1\n    hardware: a100-40gb\n");
    const model m = compile(parse_scenario(yaml, std::string(KAYA_SOURCE_DIR) + "/scenarios/bloom-176b.yaml"));
    CHECK(!warned(m, "implied-power-exceeds-hardware"));
    // Its electricity is the paper's 340.5 kg; the serving hardware adds its share of manufacture:
    // 16 × 18 days / (6 years × 85 %) × 150 kgCO2e = 23.2 kgCO2e.
    const double share = 16 * 18.0 / (6 * 365.25 * 0.85);
    CHECK(test::nominal(m, "inference", "gwp") == doctest::Approx(340.5 + share * 150).epsilon(1e-3));
}

TEST_CASE("serving: named hardware is amortised over the deployment's duration") {
    const model m = test::compile_text(l4_deployment());
    // Electricity: 5,475 kWh at the meter (IT × 1.2) × 400 g; manufacture: 2 × 1 year / 4 years × 150 kgCO2e.
    const double kwh = 50000 * 365 * 0.3e-3 * 1.2;
    CHECK(test::nominal(m, "serving", "gwp") == doctest::Approx(kwh * 0.4 + 2 * (365.0 / (4 * 365.25)) * 150).epsilon(1e-9));
    CHECK(test::nominal(m, "serving", "energy") / 3.6e6 == doctest::Approx(kwh));
    // Without a duration there is nothing to amortise over.
    std::string no_duration = l4_deployment();
    no_duration.erase(no_duration.find("    duration: 365 day\n"));
    CHECK_THROWS_WITH_AS((void)test::compile_text(no_duration),
                         doctest::Contains("phase 'serving' of kind 'inference' is missing the required field 'duration'; the serving hardware it names "
                                           "is amortised over the deployment's duration [missing-field]"), input_error);
}

TEST_CASE("operational: energy drawn outside training and inference, in every category, not a model card's training") {
    const std::string yaml = std::string("name: dev\nhardware:\n  gpu: {model: nvidia-a100-sxm4-80gb, count: 8, lifetime: 5 year, utilisation: 1}\n") +
                             test::plain_site +
                             "phases:\n"
                             "  - {name: evaluation, kind: operational, site: s, energy: 1000 kWh}\n"
                             "  - {name: sweeps, kind: operational, site: s, hardware: gpu, device_hours: 100 h}\n"
                             "  - {name: storage, kind: operational, site: s, power: 2 kW, duration: 10 h}\n";
    const model m = test::compile_text(yaml);
    CHECK(test::nominal(m, "evaluation", "gwp") == doctest::Approx(100.0));             // 1,000 kWh × 100 g
    CHECK(test::nominal(m, "sweeps", "energy") / 3.6e6 == doctest::Approx(100 * 0.4));  // 100 h × 400 W (the A100's)
    CHECK(test::nominal(m, "storage", "energy") / 3.6e6 == doctest::Approx(20.0));
    // A model card's emissions are the training phases': an operational phase is not one of them.
    const std::string card = model_card_block(parse_scenario(yaml + "  - {name: train, kind: training, site: s, energy: 10 kWh}\n", "dev.yaml"),
                                              {{100, 1}, {}, "test"}, training_type::pre_training);
    CHECK(card.find("emissions: 1000") != std::string::npos);  // 10 kWh × 100 g = 1,000 g
}

namespace {

double step(const model& m, const std::string& phase, const std::string& name) {
    for (const auto& p : m.phases) {
        if (p.name != phase) continue;
        for (const auto& st : p.steps)
            if (st.name == name) return evaluate_point(m.nodes, {st.node}, m.nominal_inputs())[0];
    }
    throw std::runtime_error("no step " + name);
}

}  // namespace

TEST_CASE("serving: Google's comprehensive boundary, each part a named step: 0.24 Wh per median Gemini prompt") {
    // Elsworth et al. (2025): accelerators 0.14 Wh, host CPU and DRAM 0.06 Wh, idle reserve 10 % of
    // the active energy, PUE 1.09 -> 0.24 Wh at the meter (tolerance 1 %: the paper rounds its parts).
    const model m = test::compile_file("docs/examples/gemini-prompt.yaml");
    const double wh = 3600.0;
    CHECK(step(m, "serving", "accelerator_energy") / wh == doctest::Approx(0.14));  // the narrow boundary's accelerators
    CHECK(step(m, "serving", "host_energy") / wh == doctest::Approx(0.06));
    CHECK(step(m, "serving", "idle_energy") / wh == doctest::Approx(0.02));
    CHECK(test::nominal(m, "serving", "energy_it") / wh == doctest::Approx(0.22));
    CHECK(test::nominal(m, "serving", "energy") / wh == test::within(0.24, 0.01));
    bool written = false;
    for (const auto& st : m.phases[0].steps) written = written || st.equation == "accelerator_energy + host_energy + idle_energy";
    CHECK(written);
}

TEST_CASE("serving: the comprehensive boundary's fields need what they are per, and are not PUE-included") {
    const std::string base = std::string("name: g\n") + test::plain_site + "phases:\n  - {name: s, kind: inference, site: s, ";
    CHECK_THROWS_WITH_AS((void)test::compile_text(base + "power: 100 W, duration: 1 h, host_energy_per_query: 1 Wh/query}\n"),
                         doctest::Contains("missing the required field 'queries'; host_energy_per_query is per query"), input_error);
    CHECK_THROWS_WITH_AS((void)test::compile_text(base + "queries: 10 query, energy_per_query: 1 Wh/query, host_power: 10 W}\n"),
                         doctest::Contains("missing the required field 'duration'; host_power is drawn over the deployment's duration"),
                         input_error);
    CHECK_THROWS_WITH_AS((void)test::compile_text(base + "energy: 1 kWh, idle_reserve: 0.1, pue_included: true}\n"),
                         doctest::Contains("either pue_included or the host and idle energy of phase 's'"), input_error);
    // A host's power over the duration, in watts: 100 W accelerators + 50 W host over 10 h, +20 % idle.
    const model m = test::compile_text(base + "power: 100 W, duration: 10 h, host_power: 50 W, idle_reserve: 20 %}\n");
    CHECK(test::nominal(m, "s", "energy_it") / 3.6e6 == doctest::Approx(1.5 * 1.2));
}

TEST_CASE("serving: an energy over no time is more than any hardware can draw (review)") {
    std::string zero = l4_deployment("strict: true\n");
    zero.replace(zero.find("    duration: 365 day"), 21, "    duration: 0 day");
    CHECK_THROWS_WITH_AS((void)test::compile_text(zero), doctest::Contains("no finite number of W (an energy over no time)"), error);
}

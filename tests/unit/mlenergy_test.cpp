// ML.ENERGY leaderboard measurements as an uncertain energy per query: the range the measured
// configurations of one model on one GPU span (the batch size a deployment reaches is rarely
// known). Fixtures in the leaderboard's two published shapes, written for these tests.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/measure/mlenergy.hpp"
#include "test_support.hpp"

using namespace kaya;

namespace {

std::string message_of(const std::string& json, const mlenergy_selection& s = {}) {
    try {
        (void)read_mlenergy(std::make_shared<const source_file>("m.json", json), s);
    } catch (const error& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

TEST_CASE("mlenergy: a task file's configurations, selected by model and GPU") {
    const mlenergy_measurements m = read_mlenergy(test::measured_fixture("mlenergy-chat.json"), {{{"model", "meta-llama/Llama-3.1-8B-Instruct"}, {"gpu", "H100"}}});
    CHECK(m.task == "lm-arena-chat");
    CHECK(m.configurations == 5);
    REQUIRE(m.selected.size() == 3);
    CHECK(m.selected[0].batch == 8);
    CHECK(*m.selected[0].energy_per_request == 300.0);
    CHECK(*m.selected[2].energy_per_token == 0.08);
    CHECK(read_mlenergy(test::measured_fixture("mlenergy-chat.json"), {{{"model", "*70B*|*8B*"}, {"gpus", "4"}}}).selected.size() == 1);
}

TEST_CASE("mlenergy: the earlier leaderboard table reads the same way") {
    const mlenergy_measurements m = read_mlenergy(test::measured_fixture("mlenergy-leaderboard-v1.json"), {{{"model", "test/chat-7b"}}});
    REQUIRE(m.selected.size() == 2);
    CHECK(m.selected[1].gpu == "NVIDIA A100-SXM4-40GB");
    CHECK(*m.selected[1].energy_per_request == 190.0);
    CHECK(!m.selected[1].energy_per_token);
}

TEST_CASE("mlenergy: an inference phase's energy per request spans the measured configurations") {
    // Llama 3.1 8B on H100: 300, 75 and 40 J per request -> uniform over [40, 300] J, nominal
    // its centre, 170 J; 10^6 requests × 170 J = 47.2 kWh IT, × PUE 1.2 = 56.67 kWh.
    const model m = test::compile_file("tests/data/measured/mlenergy-serving.yaml");
    CHECK(test::nominal(m, "serving", "energy") / 3.6e6 == doctest::Approx(1e6 * 170 * 1.2 / 3.6e6));
    const run_result r = run_monte_carlo(m, {.samples = 20000, .seed = 7});
    REQUIRE(r.measurements.size() == 1);
    const measurement_result& x = r.measurements[0];
    CHECK(x.energy.p05 == doctest::Approx(40 + 0.05 * 260).epsilon(0.01));  // uniform's quantiles
    CHECK(x.energy.p95 == doctest::Approx(40 + 0.95 * 260).epsilon(0.01));
    // The team's estimate, 0.05 Wh = 180 J per request, is compared, not added.
    REQUIRE(x.estimate);
    CHECK(x.estimate->nominal == doctest::Approx(180.0));
    CHECK(*x.ratio == doctest::Approx(170.0 / 180.0));
    CHECK(!x.within);            // an exact estimate has no range to hold the measurement
    CHECK(*x.estimate_within);   // but lies within the measurement's
    CHECK(x.what == "3 of 5 configurations, task lm-arena-chat, energy per request");
}

TEST_CASE("mlenergy: per token when the phase counts tokens") {
    const std::string yaml = std::string(R"(
name: t
sites:
  s: {grid_intensity: 400 gCO2e/kWh, pue: 1}
phases:
  - name: serving
    kind: inference
    site: s
    queries: 1000000 token
    measured: {mlenergy: mlenergy-chat.json, select: {model: "*8B*", gpu: A100}}
)");
    const model m = compile(parse_scenario(yaml, std::string(KAYA_SOURCE_DIR) + "/tests/data/measured/t.yaml"));
    CHECK(test::nominal(m, "serving", "energy") == doctest::Approx(1e6 * 0.25));  // one configuration: 0.25 J/token, exact
}

TEST_CASE("mlenergy: bad measurements are located errors") {
    CHECK(message_of(R"({"configurations": [{"model_id": "a", "gpu_model": "H100", "energy_per_request_joules": "lots"}]})") ==
          "m.json:1:89: error: expected a number at least 0 for 'energy_per_request_joules', got lots [invalid-value]\n"
          "> 1 | {\"configurations\": [{\"model_id\": \"a\", \"gpu_model\": \"H100\", \"energy_per_request_joules\": \"lots\"}]}\n"
          "    |                                                                                         ^");
    CHECK(message_of(R"({"configurations": [{"model_id": "a", "gpu_model": "H100"}]})").find("an ML.ENERGY configuration is missing the required field "
                                                                                              "'energy_per_request_joules'") != std::string::npos);
    CHECK(message_of(R"({"configurations": [{"model_id": "a", "gpu_model": "H100", "energy_per_token_joules": 1}]})", {{{"model", "b"}}})
              .find("expected a selection that keeps at least one measured configuration, got none of 1") != std::string::npos);
    CHECK(message_of(R"({"task": "x"})").find("an ML.ENERGY task file is missing the required field 'configurations'") != std::string::npos);
    CHECK(message_of("[1, 2]").find("expected a measured configuration (a mapping)") != std::string::npos);
}

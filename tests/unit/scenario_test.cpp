// The scenario format: strict reading, value forms, uncertainty shorthands, stages.
#include <doctest/doctest.h>

#include "kaya/errors/error.hpp"
#include "kaya/render/render.hpp"
#include "test_support.hpp"

using namespace kaya;

namespace {

model with_energy(const std::string& energy, const std::string& extra_params = "") {
    return test::compile_text("name: t\nparameters:\n  k: 1\n" + extra_params + test::plain_site +
                              "phases:\n  - name: p\n    kind: idle\n    site: s\n    energy: " + energy + "\n");
}

// The model must outlive the reference: bind it to a variable first.
const model_input& only_input(const model& m) {
    REQUIRE(m.inputs.size() == 1);
    return m.inputs[0];
}

}  // namespace

TEST_CASE("scenario: uncertainty forms") {
    SUBCASE("± N % is a uniform range around the value") {
        const model m = with_energy("400 kWh ± 10 %");
        const auto& in = only_input(m);
        CHECK(in.dist.kind() == distribution::family::uniform);
        CHECK(in.dist.a() == doctest::Approx(360 * 3.6e6));
        CHECK(in.dist.b() == doctest::Approx(440 * 3.6e6));
        CHECK(in.nominal == doctest::Approx(400 * 3.6e6));
    }
    SUBCASE("+- with an absolute half-width") {
        const model m = with_energy("400 kWh +- 40 kWh");
        const auto& in = only_input(m);
        CHECK(in.dist.b() == doctest::Approx(440 * 3.6e6));
    }
    SUBCASE("lognormal takes its median from the value") {
        const model m = with_energy("{value: 100 kWh, lognormal: {gsd: 1.5}}");
        const auto& in = only_input(m);
        CHECK(in.dist.kind() == distribution::family::lognormal);
        CHECK(in.dist.centre() == doctest::Approx(100 * 3.6e6));
    }
    SUBCASE("normal without a value is nominally its mean") {
        const model m = with_energy("{normal: {mean: 100 kWh, sd: 10 kWh}}");
        const auto& in = only_input(m);
        CHECK(in.nominal == doctest::Approx(100 * 3.6e6));
    }
    SUBCASE("a triangular's nominal may be the value, here its mode") {
        const model m = with_energy("{value: 2 kWh, triangular: [1 kWh, 2 kWh, 5 kWh]}");
        const auto& in = only_input(m);
        CHECK(in.nominal == doctest::Approx(2 * 3.6e6));
    }
    SUBCASE("a value outside its range is an error") {
        CHECK_THROWS_AS(with_energy("{value: 9 kWh, uniform: [1 kWh, 5 kWh]}"), model_error);
    }
    SUBCASE("an uncertainty on a formula is an error: it belongs to the formula's parameters") {
        CHECK_THROWS_AS(with_energy("{value: u * 2 kWh, uniform: [1 kWh, 5 kWh]}", "  u: 1 ± 10 %\n"), input_error);
        const model constant_formula = with_energy("{value: k * 2 kWh, uniform: [1 kWh, 5 kWh]}");
        CHECK(only_input(constant_formula).nominal == doctest::Approx(2 * 3.6e6));
    }
}

TEST_CASE("scenario: a parameter used twice is one input — formulas of inputs are not inputs") {
    const model m = with_energy("e * 2", "  e: {value: 1 kWh, uniform: [0.5 kWh, 1.5 kWh]}\n  f: e + e\n");
    CHECK(m.inputs.size() == 1);
    CHECK(m.inputs[0].key == "e");
}

TEST_CASE("scenario: stages sum their phases") {
    const model m = test::compile_text(std::string("name: st\n") + test::plain_site +
                                       "phases:\n"
                                       "  - {name: a, kind: idle, site: s, energy: 1 kWh, stage: one}\n"
                                       "  - {name: b, kind: idle, site: s, energy: 2 kWh, stage: one}\n"
                                       "  - {name: c, kind: idle, site: s, energy: 4 kWh, stage: two}\n");
    REQUIRE(m.stages.size() == 2);
    CHECK(test::stage_nominal(m, "one", "energy") == doctest::Approx(3 * 3.6e6));
    CHECK(test::stage_nominal(m, "two", "energy") == doctest::Approx(4 * 3.6e6));
}

TEST_CASE("scenario: inference as queries × energy per query, with countable units checked") {
    auto inference = [](const char* fields) {
        return test::compile_text(std::string("name: inf\n") + test::plain_site +
                                  "phases:\n  - name: serve\n    kind: inference\n    site: s\n" + fields);
    };
    const model m = inference("    queries: 1000 query\n    energy_per_query: 3 Wh/query\n");
    CHECK(test::nominal(m, "serve", "energy") == doctest::Approx(3 * 3.6e6));
    CHECK_THROWS_AS(inference("    queries: 1000 query\n    energy_per_query: 3 Wh/token\n"), unit_error);
    CHECK_THROWS_AS(inference("    queries: 1000 query\n    energy: 3 kWh\n"), input_error);
}

TEST_CASE("scenario: embodied amortisation over device hours or duration × count") {
    const std::string hw = "hardware:\n  gpu:\n    count: 4\n    embodied: 100 kgCO2e\n    lifetime: 1000 h\n    utilisation: 50 %\n";
    const model by_hours = test::compile_text("name: e\n" + hw + "phases:\n  - {name: e, kind: embodied, hardware: gpu, device_hours: 200 h}\n");
    const model by_duration = test::compile_text("name: e\n" + hw + "phases:\n  - {name: e, kind: embodied, hardware: gpu, duration: 50 h}\n");
    // 100 kgCO2e × 200 h / (1000 h × 0.5) = 40 kgCO2e
    CHECK(test::nominal(by_hours, "e", "gwp") == doctest::Approx(40));
    CHECK(test::nominal(by_duration, "e", "gwp") == doctest::Approx(40));
}

TEST_CASE("scenario: the JSON output holds the contract's keys") {
    const model m = test::compile_file("scenarios/opt-175b.yaml");
    const std::string json = render_json(run_monte_carlo(m, {100, 5}));
    for (const char* key : {"\"scenario\": \"opt-175b\"", "\"samples\": 100", "\"seed\": 5", "\"phases\": [",
                            "\"name\": \"training\"", "\"kind\": \"training\"", "\"impacts\": {", "\"gwp\": {\"unit\": \"kgCO2e\"",
                            "\"energy\": {\"unit\": \"kWh\"", "\"water\": {\"unit\": \"L\"", "\"total\": {", "\"p05\": ", "\"p95\": "}) {
        CAPTURE(key);
        CHECK(json.find(key) != std::string::npos);
    }
}

TEST_CASE("scenario: the version key is 'kaya' — the former 'mlca' is read with a warning") {
    const std::string body = std::string("name: t\n") + test::plain_site +
                             "phases:\n  - name: p\n    kind: idle\n    site: s\n    energy: 1 kWh\n";
    // The plain site gives no adpe or pe factor: those warnings are the site's, not the key's.
    const model current = test::compile_text("kaya: 1\n" + body);
    CHECK(test::warnings_except(current, "not-assessed").empty());

    const model former = test::compile_text("mlca: 1\n" + body, "old.yaml");
    const auto warned = test::warnings_except(former, "not-assessed");
    REQUIRE(warned.size() == 1);
    CHECK(warned[0].code == "deprecated-key");
    CHECK(warned[0].message ==
          "old.yaml:1:7: the version key 'mlca' is the project's former name; write 'kaya: 1'");
    // Both read the same scenario.
    CHECK(test::nominal(former, "p", "gwp") == test::nominal(current, "p", "gwp"));

    CHECK_THROWS_AS(test::compile_text("mlca: 2\n" + body), input_error);
}

TEST_CASE("scenario: every format says which stage a phase belongs to, and tells phases from stages") {
    // BLOOM has a phase and a stage both named `training`.
    const model m = test::compile_file("scenarios/bloom-176b.yaml");
    const run_result r = run_monte_carlo(m, {200, 5});
    const std::string json = render_json(r);
    CHECK(json.find("\"name\": \"embodied-gpus\",\n      \"kind\": \"embodied\",\n      \"stage\": \"training\"") != std::string::npos);
    CHECK(json.find("\"name\": \"inference\",\n      \"kind\": \"inference\",\n      \"stage\": \"deployment\"") != std::string::npos);
    const std::string csv = render_csv(r);
    CHECK(csv.rfind("record,phase,stage,kind,criterion,unit,nominal,mean,p05,p50,p95,status\n", 0) == 0);
    CHECK(csv.find("\nphase,training,training,training,gwp,kgCO2e,24692.172,") != std::string::npos);
    CHECK(csv.find("\nstage,,training,,gwp,kgCO2e,50524.77") != std::string::npos);
    CHECK(csv.find("\ntotal,,,,gwp,kgCO2e,50865.28") != std::string::npos);

    const model unstaged = test::compile_text(std::string("name: t\n") + test::plain_site +
                                              "phases:\n  - name: p\n    kind: idle\n    site: s\n    energy: 1 kWh\n");
    CHECK(render_json(run_monte_carlo(unstaged, {100, 5})).find("\"stage\": null") != std::string::npos);
}

TEST_CASE("review: a stage subtotal is shown when some phases have no stage, even if it is the only stage") {
    const model m = test::compile_text(std::string("name: t\n") + test::plain_site +
                                       "phases:\n  - {name: a, kind: idle, site: s, energy: 1 kWh, stage: dev}\n"
                                       "  - {name: x, kind: idle, site: s, energy: 2 kWh}\n");
    CHECK(render_table(run_monte_carlo(m, {10, 1})).find("\ndev                      (stage)") != std::string::npos);
}

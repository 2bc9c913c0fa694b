// Results per functional unit: the deployment phases per unit they serve, and the life cycle
// amortised over a stated number of units, with their uncertainty, in every rendering.
#include <doctest/doctest.h>

#include "kaya/analysis/compare.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/render/render.hpp"
#include "test_support.hpp"

using namespace kaya;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string deployment(const std::string& fu, const std::string& queries = "1e6 request", const std::string& per = "0.3 Wh/request") {
    return "name: d\n" + fu + test::plain_site +
           "phases:\n"
           "  - {name: train, kind: training, site: s, energy: 10000 kWh}\n"
           "  - {name: serve, kind: inference, site: s, queries: " + queries + ", energy_per_query: " + per + "}\n";
}

std::string message_of(const std::string& yaml) { return test::compile_message(yaml); }

}  // namespace

TEST_CASE("functional unit: BLOOM's deployment per request, 1.476 gCO2e and 3.745 Wh with their p05 – p95") {
    // Luccioni et al. (2022) §4.4: 340.5 kgCO2e and 864.25 kWh over 230,768 requests in 18 days.
    const run_result r = run_monte_carlo(test::compile_file("scenarios/bloom-176b.yaml"), {10000, 42});
    REQUIRE(r.functional_unit);
    const functional_unit_result& fu = *r.functional_unit;
    CHECK(fu.unit == "request");
    CHECK(fu.amount.nominal == 230768.0);
    const summary& gwp = fu.deployment[*r.indicator_index("gwp")];
    const summary& energy = fu.deployment[*r.indicator_index("energy")];
    CHECK(gwp.nominal * 1000 == test::within(1.476, 1e-3));         // gCO2e, 0.1 %: 340.5 kg / 230,768
    CHECK(energy.nominal / 3600 == test::within(3.745, 1e-3));      // Wh, 0.1 %: 864.25 kWh / 230,768
    // Uncertain: the grid's 294 – 430 g and PUE 1.0 – 1.11, the energy 820 – 914 kWh.
    CHECK(gwp.p05 < gwp.nominal);
    CHECK(gwp.nominal < gwp.p95);
    CHECK(energy.p05 < energy.p95);
    CHECK(fu.lifecycle.empty());  // the scenario states no lifetime to amortise training over
    // Every rendering states the same figure.
    CHECK(contains(render_table(r, 0, false), "carbon   gCO2e       1.476"));
    CHECK(contains(render_json(r), "\"gwp\": {\"unit\": \"kgCO2e\", \"nominal\": 0.00147557"));
    CHECK(contains(render_csv(r), "per_unit,,,,gwp,kgCO2e per request,0.00147557"));
}

TEST_CASE("functional unit: counted from the inference phases' queries, or per 1,000 tokens") {
    const model m = test::compile_text(deployment("functional_unit: {unit: request}\n"));
    const run_result r = run_monte_carlo(m, {100, 1});
    CHECK(r.functional_unit->amount.nominal == 1e6);
    CHECK(r.functional_unit->deployment[*r.indicator_index("energy")].nominal / 3600 == doctest::Approx(0.3));  // Wh, PUE 1.0
    // 2e9 tokens at 0.5 Wh per 1,000 tokens, per 1,000 tokens: 2e6 units of 0.5 Wh.
    const model tokens = test::compile_text(deployment("functional_unit: {unit: 1000 token}\n", "2e9 token", "0.0005 Wh/token"));
    const run_result t = run_monte_carlo(tokens, {100, 1});
    CHECK(t.functional_unit->amount.nominal == doctest::Approx(2e6));
    CHECK(t.functional_unit->deployment[*t.indicator_index("energy")].nominal / 3600 == doctest::Approx(0.5));
}

TEST_CASE("functional unit: training and embodied impacts amortised over the deployment's lifetime units, beside the operational figure") {
    // 10,000 kWh of training at 100 g = 1,000 kgCO2e over 1e9 requests: +1 mg per request.
    const run_result r = run_monte_carlo(test::compile_text(deployment("functional_unit: {unit: request, lifetime: 1e9 request}\n")), {100, 1});
    const std::size_t gwp = *r.indicator_index("gwp");
    const double operational = r.functional_unit->deployment[gwp].nominal;
    CHECK(operational == doctest::Approx(0.3e-3 * 0.1));  // 0.3 Wh × 100 g/kWh = 0.03 g
    CHECK(r.functional_unit->lifecycle[gwp].nominal == doctest::Approx(operational + 1000.0 / 1e9));
    CHECK(contains(render_table(r, 0, false), "the life cycle adds every other phase, amortised over 1,000,000,000"));
}

TEST_CASE("functional unit: the trained model is every phase once") {
    const run_result r = run_monte_carlo(test::compile_text(deployment("functional_unit: {unit: trained model}\n")), {100, 1});
    const std::size_t gwp = *r.indicator_index("gwp");
    CHECK(r.functional_unit->trained_model);
    CHECK(r.functional_unit->deployment[gwp].nominal == r.total[gwp].nominal);
}

TEST_CASE("functional unit: what cannot be counted is refused, at its place") {
    CHECK(contains(message_of(deployment("functional_unit: {unit: token}\n")),
                   "the functional unit (it counts the queries of phase 'serve') must be a number of requests"));
    CHECK(contains(message_of("name: t\nfunctional_unit: {unit: request}\n" + std::string(test::plain_site) +
                              "phases:\n  - {name: train, kind: training, site: s, energy: 1 kWh}\n"),
                   "error: a functional unit per query or request needs a phase of kind 'inference'"));
    CHECK(contains(message_of(deployment("functional_unit: {unit: request, amount: 0 request}\n")), "[value-outside-range]"));
    CHECK(contains(message_of(deployment("functional_unit: {unit: request, amount: 5 kWh}\n")), "[unit-mismatch]"));
    CHECK(contains(message_of(deployment("functional_unit: {unit: request, size: 5}\n")), "unknown key 'size' in the functional unit"));
}

TEST_CASE("functional unit: compare compares per unit when both scenarios count the same unit") {
    const model a = test::compile_text(deployment("functional_unit: {unit: request}\n"), "a.yaml");
    const model b = test::compile_text(deployment("functional_unit: {unit: request}\n", "1e6 request", "0.6 Wh/request"), "b.yaml");
    const comparison c = compare({a, b}, {200, 1});
    REQUIRE(c.pairs[0].per_unit.size() == c.indicators.size());
    CHECK(c.pairs[0].per_unit[0].nominal_ratio == doctest::Approx(2.0));
    CHECK(contains(render_compare_table(c, 0), "per request (deployment):"));
    const model tokens = test::compile_text(deployment("functional_unit: {unit: 1000 token}\n", "2e9 token", "0.0005 Wh/token"), "t.yaml");
    CHECK(compare({a, tokens}, {200, 1}).pairs[0].per_unit.empty());  // a request is not 1,000 tokens
}

#include <yaml-cpp/yaml.h>

#include "kaya/report/report.hpp"

TEST_CASE("SCI: BLOOM's consumer SCI per request is its functional-unit carbon, location-based, M not assessed") {
    // SCI = (E × I + M) per R: 864.25 kWh × 394 g / 230,768 requests = 1.476 gCO2e per request.
    const scenario s = load_scenario(std::string(KAYA_SOURCE_DIR) + "/scenarios/bloom-176b.yaml");
    const report_options options{{10000, 42}, {}, "test"};
    const YAML::Node sci = YAML::Load(sci_export(s, options));
    const YAML::Node consumer = sci["boundaries"]["consumer"];
    CHECK(consumer["E"]["nominal"].as<double>() == doctest::Approx(864.25));
    CHECK(consumer["I"]["nominal"].as<double>() == doctest::Approx(394.0));
    CHECK(consumer["R"]["nominal"].as<double>() == 230768.0);
    CHECK(consumer["M"]["status"].as<std::string>() == "not-assessed");  // the paper names no serving hardware
    CHECK(consumer["SCI"]["status"].as<std::string>() == "partial");
    // The same figure, and the same range, as the functional-unit result with the same seed.
    const run_result r = run_monte_carlo(compile(s), options.run);
    const summary& per_request = r.functional_unit->deployment[*r.indicator_index("gwp")];
    CHECK(consumer["SCI"]["nominal"].as<double>() == doctest::Approx(per_request.nominal * 1000));
    CHECK(consumer["SCI"]["p05"].as<double>() == doctest::Approx(per_request.p05 * 1000));
    CHECK(consumer["SCI"]["p95"].as<double>() == doctest::Approx(per_request.p95 * 1000));
    // The provider boundary without a lifetime: per trained model, BLOOM's 50.5 t of training.
    CHECK(sci["boundaries"]["provider"]["R"]["unit"].as<std::string>() == "trained model");
    CHECK(sci["boundaries"]["provider"]["SCI"]["nominal"].as<double>() / 1e6 == test::within(50.5, 0.01));
}

TEST_CASE("SCI: with serving hardware, M is its amortised manufacture, and E × I + M is the carbon per unit") {
    const std::string yaml = "name: l4\nfunctional_unit: {unit: query, lifetime: 1e9 query}\n"
                             "hardware:\n  l4: {model: nvidia-l4, count: 10, lifetime: 4 year, utilisation: 100 %, embodied_transport: 1 kgCO2e,\n"
                             "       embodied_end_of_life: 1 kgCO2e}\n" +
                             std::string(test::plain_site) +
                             "phases:\n  - {name: train, kind: training, site: s, energy: 1000 kWh}\n"
                             "  - {name: serve, kind: inference, site: s, hardware: l4, queries: 1.825e7 query, energy_per_query: 0.3 Wh/query, duration: 365 day}\n";
    const scenario s = parse_scenario(yaml, "l4.yaml");
    const report_options options{{1000, 1}, {}, "test"};
    const YAML::Node c = YAML::Load(sci_export(s, options))["boundaries"]["consumer"];
    const double m = 10 * 365.0 / (4 * 365.25) * 152 * 1000;  // gCO2e: 10 cards, 1 of 4 years, 150 + 1 + 1 kgCO2e each
    const double e = 1.825e7 * 0.3e-3;                          // kWh
    CHECK(c["M"]["nominal"].as<double>() == doctest::Approx(m));
    CHECK(c["E"]["nominal"].as<double>() == doctest::Approx(e));
    CHECK(c["I"]["nominal"].as<double>() == doctest::Approx(100.0));
    CHECK(c["SCI"]["nominal"].as<double>() == doctest::Approx((e * 100 + m) / 1.825e7));
    CHECK(c["SCI"]["status"].as<std::string>() == "complete");
    // The provider's 1,000 kWh × 100 g over the lifetime's 1e9 queries.
    CHECK(YAML::Load(sci_export(s, options))["boundaries"]["provider"]["SCI"]["nominal"].as<double>() == doctest::Approx(1e5 / 1e9));
}

TEST_CASE("SCI: a scenario without a functional unit has no R, and says so") {
    const scenario s = load_scenario(std::string(KAYA_SOURCE_DIR) + "/scenarios/gpt3-175b.yaml");
    CHECK_THROWS_WITH_AS((void)sci_export(s, {{100, 1}, {}, "test"}),
                         doctest::Contains("missing the required field 'functional_unit'; the SCI is per functional unit R"), input_error);
}

TEST_CASE("functional unit: counts that cannot be divided by, and statements that contradict each other (review)") {
    // A subnormal unit or no queries at all once gave NaN results with no place in the file.
    CHECK(contains(message_of(deployment("functional_unit: {unit: 1e-310 request}\n")), "2:25: error: the functional unit: the value"));
    CHECK(contains(message_of(deployment("functional_unit: {unit: request}\n", "0 request")),
                   "error: expected functional units served (the deployment phases' queries / unit) from 1e-300 to 1e300, a count to divide by, got 0"));
    // An amount that is not the queries, and a lifetime shorter than one deployment: said.
    const model m = test::compile_text(deployment("functional_unit: {unit: request, amount: 5 request, lifetime: 2 request}\n"));
    std::vector<std::string> codes;
    for (const auto& w : m.warnings) codes.push_back(w.code);
    CHECK(std::count(codes.begin(), codes.end(), "amount-differs-from-queries") == 1);
    CHECK(std::count(codes.begin(), codes.end(), "lifetime-below-amount") == 1);
    // The comparison's JSON says what its per-unit difference is per.
    const model a = test::compile_text(deployment("functional_unit: {unit: request}\n"), "a.yaml");
    CHECK(contains(render_compare_json(compare({a, a}, {100, 1})), "\"difference\": {\"unit\": \"kgCO2e per request\""));
}

TEST_CASE("SCI: partial wherever a phase of the boundary is, and M of the hardware that is named (review)") {
    const scenario bloom = load_scenario(std::string(KAYA_SOURCE_DIR) + "/scenarios/bloom-176b.yaml");
    // The hardware's transport and end of life are not assessed: the provider's SCI is a lower bound.
    CHECK(YAML::Load(sci_export(bloom, {{200, 1}, {}, "test"}))["boundaries"]["provider"]["status"].as<std::string>() == "partial");
    // Two inference phases, one naming its hardware: M is that one's, partial, and E × I + M is the carbon.
    const std::string yaml = "name: two\nfunctional_unit: {unit: query}\n"
                             "hardware:\n  g: {count: 1, lifetime: 1 year, utilisation: 1, power: 1 kW, embodied: 365.25 kgCO2e,"
                             " embodied_transport: 0 kgCO2e, embodied_end_of_life: 0 kgCO2e}\n" +
                             std::string(test::plain_site) +
                             "phases:\n  - {name: a, kind: inference, site: s, hardware: g, queries: 100 query, energy_per_query: 10 Wh/query, duration: 1 day}\n"
                             "  - {name: b, kind: inference, site: s, queries: 100 query, energy_per_query: 10 Wh/query}\n";
    const YAML::Node c = YAML::Load(sci_export(parse_scenario(yaml, "two.yaml"), {{100, 1}, {}, "test"}))["boundaries"]["consumer"];
    CHECK(c["M"]["nominal"].as<double>() == doctest::Approx(1000.0));  // one day of a year's 365.25 kg
    CHECK(c["M"]["status"].as<std::string>() == "partial");
    CHECK(c["SCI"]["nominal"].as<double>() == doctest::Approx((2.0 * 100 + 1000.0) / 200));  // 2 kWh × 100 g + 1 kg, over 200 queries
}

// Two carbon accountings, as the GHG Protocol's scope 2 guidance asks them to be reported:
// location-based (the grid's average) and market-based (what the operator buys). Both are
// categories; one is primary; the total counts every phase once in each.
#include <doctest/doctest.h>

#include "kaya/analysis/compare.hpp"
#include "kaya/catalog/catalog.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/render/render.hpp"
#include "kaya/scenario/override.hpp"
#include "test_support.hpp"

using namespace kaya;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

double total(const model& m, std::string_view key) {
    return evaluate_point(m.nodes, {m.total(*m.indicator_index(key))}, m.nominal_inputs())[0];
}

std::string site_with(const std::string& fields) {
    return "name: t\nsites:\n  dc: {grid_intensity: 400 gCO2e/kWh, pue: 1.0" + fields +
           "}\nphases:\n  - {name: run, kind: training, site: dc, device_hours: 1000 h, power: 1 kW}\n";
}

std::string message_of(const std::string& yaml) { return test::compile_message(yaml); }

}  // namespace

TEST_CASE("accounting: Llama 3 70B, 1,900 tCO2e location-based and 0 market-based in one scenario, counted once") {
    // Meta's Llama 3 model card: 6.4 M H100 GPU hours at 700 W, PUE included; 1,900 tCO2eq
    // location-based; 100 % of the electricity matched by renewable purchases (Llama 3.1 card).
    const model m = test::compile_file("scenarios/llama3-70b.yaml");
    CHECK(m.accounting == "location");
    CHECK(m.indicators[*m.carbon()].key == "gwp");
    CHECK(total(m, "gwp") / 1000 == test::within(1900.0, 1e-9));  // tolerance: exact, the card's own figures
    CHECK(total(m, "gwp_market") == 0.0);
    // One phase, in each accounting: the total is that phase, not the sum of two accountings.
    CHECK(total(m, "gwp") == test::nominal(m, "pre-training", "gwp"));
    // Energy at the meter is the card's 4,480 MWh; the IT energy is derived, not inflated by a second PUE.
    CHECK(total(m, "energy") / 3.6e9 == doctest::Approx(4480.0));
    CHECK(total(m, "energy_it") / 3.6e9 == doctest::Approx(4480.0 / 1.1));
    // Asked for, the market-based accounting becomes the primary one.
    scenario s = load_scenario(std::string(KAYA_SOURCE_DIR) + "/scenarios/llama3-70b.yaml");
    apply_override(s, "accounting=market", "--accounting");
    const model market = compile(s);
    CHECK(market.indicators[*market.carbon()].key == "gwp_market");
    CHECK(contains(render_table(run_monte_carlo(market, {100, 1}), 0, false),
                   "Carbon: market-based (gwp_market), the primary accounting; location-based (gwp) beside it"));
}

TEST_CASE("accounting: a market-based intensity stated, a share of carbon-free energy, or the grid's average") {
    // Stated outright (a supplier's rate, or the residual mix).
    CHECK(total(test::compile_text(site_with(", market_intensity: 50 gCO2e/kWh")), "gwp_market") == doctest::Approx(1000 * 0.05));
    // A share of carbon-free energy bought: grid_intensity × (1 − cfe_share) = 400 g × 0.25.
    const model share = test::compile_text(site_with(", cfe_share: 75 %"));
    CHECK(total(share, "gwp_market") == doctest::Approx(1000 * 0.1));
    CHECK(total(share, "gwp") == doctest::Approx(1000 * 0.4));
    CHECK(share.phases[0].steps.back().name != "");
    bool equation = false;
    for (const auto& st : share.phases[0].steps) equation = equation || st.equation == "energy × grid_intensity × (1 − cfe_share)";
    CHECK(equation);
    // Neither: the market-based figure would repeat the location-based one, and is not reported...
    const model plain = test::compile_text(site_with(""));
    CHECK(!plain.indicator_index("gwp_market"));
    // ... unless it is the primary accounting, where the GHG Protocol's last resort is the grid average.
    const model primary = test::compile_text("accounting: market\n" + site_with(""));
    CHECK(total(primary, "gwp_market") == doctest::Approx(total(primary, "gwp")));
    CHECK(primary.indicators[*primary.carbon()].key == "gwp_market");
}

TEST_CASE("accounting: what cannot be meant is refused, at its place") {
    CHECK(message_of(site_with(", market_intensity: 50 gCO2e/kWh, cfe_share: 1")) ==
          "test.yaml:3:81: error: expected either 'market_intensity' or 'cfe_share' in site 'dc' (cfe_share applies to its fallback, "
          "grid_intensity), got both [invalid-value]\n"
          "> 3 |   dc: {grid_intensity: 400 gCO2e/kWh, pue: 1.0, market_intensity: 50 gCO2e/kWh, cfe_share: 1}\n"
          "    |                                                                                 ^");
    CHECK(contains(message_of(site_with(", cfe_share: 120 %")), "[value-outside-range]"));
    CHECK(contains(message_of("accounting: residual\n" + site_with("")),
                   "expected an accounting that a carbon category has (location or market), got 'residual' [invalid-value]"));
}

TEST_CASE("accounting: a comparison reports both accountings for every scenario when one states a market-based intensity") {
    std::vector<scenario> scenarios{load_scenario(std::string(KAYA_SOURCE_DIR) + "/scenarios/llama3-70b.yaml"),
                                    load_scenario(std::string(KAYA_SOURCE_DIR) + "/scenarios/gpt3-175b.yaml")};
    CHECK(!compile(scenarios[1]).indicator_index("gwp_market"));
    const std::vector<model> models = compile_for_comparison(scenarios, {});
    const model& gpt3 = models[1];
    REQUIRE(gpt3.indicator_index("gwp_market"));
    // No contractual instrument stated: market-based is the grid's average (Patterson's net = gross here).
    CHECK(total(gpt3, "gwp_market") == doctest::Approx(total(gpt3, "gwp")));
}

TEST_CASE("accounting: a catalogue that replaces the carbon category keeps its accounting") {
    catalog c = catalog::builtin();
    CHECK_THROWS_WITH_AS(c.add_text("kaya-catalog: 1\nkind: categories\nsources: {s: {title: t}}\nentries:\n"
                                    "  gwp: {name: C, unit: kgCO2e, type: impact, method: m, description: d, source: s,\n"
                                    "        terms: [{flow: electricity, factor: grid_intensity, required: true}]}\n",
                                    "c.yaml", "c.yaml"),
                         doctest::Contains("expected category 'gwp' with the accounting of the one it replaces (location), got none"),
                         input_error);
}

TEST_CASE("accounting: embodied carbon is the same in both, transport and end of life included (review)") {
    const std::string yaml = "name: e\nhardware:\n  g: {count: 1, lifetime: 10 h, utilisation: 1, embodied: 100 kgCO2e, embodied_transport: 10 kgCO2e,"
                             " embodied_end_of_life: 5 kgCO2e}\nsites:\n  dc: {grid_intensity: 400 gCO2e/kWh, pue: 1.0, cfe_share: 0.5}\n"
                             "phases:\n  - {name: e, kind: embodied, hardware: g, device_hours: 10 h}\n";
    const model m = test::compile_text(yaml);
    CHECK(test::nominal(m, "e", "gwp_market") == doctest::Approx(115.0));
    CHECK(test::nominal(m, "e", "gwp") == doctest::Approx(115.0));
}

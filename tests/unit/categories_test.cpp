// Impact categories are data: the built-in ones come from models/impact-categories.yaml, and
// a user catalogue adds another with no change to the code. A factor no source gives is not
// assessed, never 0.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include "kaya/analysis/compare.hpp"
#include "kaya/analysis/sensitivity.hpp"
#include "kaya/analysis/sweep.hpp"
#include "kaya/model/evaluate.hpp"
#include "kaya/render/render.hpp"
#include "kaya/report/report.hpp"
#include "kaya/scenario/override.hpp"
#include "test_support.hpp"

using namespace kaya;

namespace {

std::string data(const std::string& name) { return std::string(KAYA_SOURCE_DIR) + "/tests/data/categories/" + name; }

// The categories file first: it declares the factor fields the other two give.
const std::vector<std::string> land_catalogues{data("land-use.yaml"), data("land-factors.yaml"), data("land-hardware.yaml")};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("categories: the built-in ones, in the catalogue's order, with their units") {
    std::vector<std::string> keys;
    for (const auto& i : catalog::builtin().indicators()) keys.push_back(i.key);
    CHECK(keys == std::vector<std::string>{"gwp", "gwp_market", "energy", "energy_it", "water", "water_onsite", "water_offsite",
                                           "water_embodied", "adpe", "pe"});
    const auto& adpe = catalog::builtin().indicators()[8];
    CHECK(adpe.unit == "kgSbeq");
    // Sb eq is a base dimension of its own: never a mass.
    CHECK(adpe.dim == dims::antimony);
    CHECK(adpe.dim != dims::mass);
}

TEST_CASE("categories: BLOOM's training PE and ADPe are its energy at the meter times the FRA factors") {
    // shared/data/ecologits/electricity_mixes.csv, row FRA: adpe 4.858e-8 kgSbeq/kWh, pe 9.3135 MJ/kWh.
    const model m = test::compile_file("scenarios/bloom-176b.yaml");
    const double kwh_at_meter = test::nominal(m, "training", "energy") / 3.6e6;
    CHECK(test::nominal(m, "training", "pe") / 1e6 == doctest::Approx(kwh_at_meter * 9.3135).epsilon(1e-12));
    CHECK(test::nominal(m, "training", "adpe") == doctest::Approx(kwh_at_meter * 4.858e-8).epsilon(1e-12));
    // The parts of energy: IT energy times the phase's PUE is the energy at the meter.
    const auto& training = *std::find_if(m.phases.begin(), m.phases.end(), [](const phase_model& p) { return p.name == "training"; });
    const auto pue = std::find_if(training.steps.begin(), training.steps.end(), [](const named_node& n) { return n.name == "pue"; });
    REQUIRE(pue != training.steps.end());
    CHECK(test::nominal(m, "training", "energy_it") * evaluate_point(m.nodes, {pue->node}, m.nominal_inputs())[0] ==
          doctest::Approx(test::nominal(m, "training", "energy")));
    // The parts of water sum to the whole.
    CHECK(test::nominal(m, "training", "water_onsite") + test::nominal(m, "training", "water_offsite") +
              test::nominal(m, "training", "water_embodied") ==
          doctest::Approx(test::nominal(m, "training", "water")));
}

TEST_CASE("categories: a factor no source gives is not assessed, listed, and never shown as 0") {
    // No wue, no ADPe or PE factor: on-site water, ADPe and PE are not assessed.
    const model m = test::compile_text("name: gaps\nsites:\n  s: {grid_intensity: 100 gCO2e/kWh, pue: 1.2, water_intensity: 2 L/kWh}\n"
                                       "hardware:\n  g: {count: 1, embodied: 100 kgCO2e, lifetime: 1000 h, utilisation: 100 %}\n"
                                       "phases:\n  - {name: run, kind: idle, site: s, energy: 10 kWh}\n"
                                       "  - {name: make, kind: embodied, hardware: g, device_hours: 100 h}\n");
    const run_result r = run_monte_carlo(m, {200, 1});
    const std::size_t water = *r.indicator_index("water"), onsite = *r.indicator_index("water_onsite"), pe = *r.indicator_index("pe");
    CHECK(r.phases[0].impact(onsite).status == coverage_status::not_assessed);
    // Off-site water is assessed: the run's water is what is known of it, a lower bound.
    CHECK(r.phases[0].impact(water).status == coverage_status::partial);
    CHECK(r.phases[0].impact(water).nominal == doctest::Approx(24e-3));  // 10 kWh x 1.2 x 2 L/kWh
    CHECK(r.total[pe].status == coverage_status::not_assessed);
    // A true zero stays zero: the embodied phase draws no energy, so it has no off-site water.
    CHECK(r.phases[1].impact(*r.indicator_index("water_offsite")).nominal == 0.0);
    CHECK(r.phases[1].impact(*r.indicator_index("energy")).status == coverage_status::complete);
    // Every rendering says the same: null in JSON, empty in CSV, n/a in the table, each with a status.
    CHECK(contains(render_json(r), "\"water_onsite\": {\"unit\": \"L\", \"nominal\": null, \"mean\": null, \"p05\": null, \"p50\": null, "
                                   "\"p95\": null, \"status\": \"not-assessed\"}"));
    CHECK(contains(render_json(r), "{\"category\": \"water_onsite\", \"phase\": \"run\", \"missing\": \"wue of site 's'\""));
    CHECK(contains(render_csv(r), "phase,run,,idle,water_onsite,L,,,,,,not-assessed\n"));
    CHECK(contains(render_csv(r), "phase,run,,idle,water,L,24,24,24,24,24,partial\n"));
    const std::string table = render_table(r);
    CHECK(contains(table, "n/a"));
    CHECK(contains(table, "≥ 24.00"));
    CHECK(contains(table, "n/a: not assessed"));
    // The warning names the missing factor.
    CHECK(std::any_of(m.warnings.begin(), m.warnings.end(), [](const model_warning& w) {
        return w.code == "not-assessed" && contains(w.message, "wue of site 's'");
    }));
}

TEST_CASE("categories: a user catalogue adds land use, and every analysis reports it with no code change") {
    const scenario s = load_scenario(data("land.yaml"));
    const model m = compile(s, land_catalogues);
    // 2 GPUs x 1000 h x 400 W x PUE 1.5 = 1,200 kWh x 0.002 m2a/kWh; 2,000 / 10,000 GPU-h x 3 m2a.
    const double m2_year = 3.15576e7;  // m^2 x Julian year, in base units (m^2 s)
    CHECK(test::nominal(m, "training", "land") / m2_year == doctest::Approx(2.4));
    CHECK(test::nominal(m, "embodied", "land") / m2_year == doctest::Approx(0.6));
    SUBCASE("run") {
        const run_result r = run_monte_carlo(m, {500, 1});
        const indicator& land = r.indicators[*r.indicator_index("land")];
        CHECK(r.total[*r.indicator_index("land")].nominal * land.per_base == doctest::Approx(3.0));
        CHECK(contains(render_table(r), "land [m^2*year]"));
        CHECK(contains(render_json(r), "\"land\": {\"unit\": \"m^2*year\", \"nominal\": 2.99"));
        CHECK(contains(render_csv(r), "total,,,,land,m^2*year,2.99"));
    }
    SUBCASE("compare") {
        const comparison c = compare({m, m}, {500, 1});
        const auto k = std::find_if(c.indicators.begin(), c.indicators.end(), [](const indicator& i) { return i.key == "land"; });
        REQUIRE(k != c.indicators.end());
        CHECK(c.pairs[0].criteria[static_cast<std::size_t>(k - c.indicators.begin())].nominal_ratio == 1.0);
        CHECK(contains(render_compare_table(c), "land [m^2*year]"));
    }
    SUBCASE("sweep") {
        sweep_result r = sweep(s, {parse_axis("sites.here.pue=1.0,2.0", catalog::builtin())}, land_catalogues, {200, 1});
        const std::size_t land = static_cast<std::size_t>(
            std::find_if(r.indicators.begin(), r.indicators.end(), [](const indicator& i) { return i.key == "land"; }) - r.indicators.begin());
        REQUIRE(land < r.indicators.size());
        sort_rows(r, land, true);
        CHECK(r.rows[0].values[0] == "2.0");
        CHECK(r.rows[0].total[land].nominal * r.indicators[land].per_base == doctest::Approx(800 * 2.0 * 0.002 + 0.6));
        CHECK(contains(render_sweep_csv(r), ",land,m^2*year,"));
    }
    SUBCASE("sensitivity") {
        const tornado_result t = tornado(m, output_node(m, "land", ""));
        REQUIRE(!t.bars.empty());
        CHECK(t.bars[0].name == "hours");
    }
    SUBCASE("report") {
        report_options options;
        options.run = {500, 1};
        options.catalogues = land_catalogues;
        const auto files = lifecycle_report(s, options);
        auto file = [&](const std::string& name) {
            for (const auto& f : files)
                if (f.name == name) return f.content;
            return std::string();
        };
        CHECK(contains(file("report.md"), "Land use"));
        // The methodology is the phase builders' own steps: the new category's equation is in it.
        CHECK(contains(file("report.md"), "land = energy × land\\_intensity"));
        CHECK(contains(file("report.md"), "land = amortised\\_share × embodied\\_land"));
        CHECK(!file("land-by-phase.svg").empty());
    }
}

TEST_CASE("categories: a categories catalogue is checked like any other") {
    catalog c;
    auto bad = [&](const std::string& yaml) {
        try {
            c.add_text("kaya-catalog: 1\nkind: categories\nsources:\n  s: {title: t}\nentries:\n" + yaml, "cat.yaml", "cat.yaml");
        } catch (const error& e) {
            return std::string(code_name(e.code()));
        }
        return std::string("accepted");
    };
    CHECK(bad("  x: {name: X, unit: kgCO2e, type: impact, method: m, description: d, source: s, terms: [{flow: power}]}\n") ==
          "undefined-reference");
    CHECK(bad("  x: {name: X, unit: kgfoo, type: impact, method: m, description: d, source: s, terms: [{flow: electricity, factor: f}]}\n") ==
          "unknown-unit");
    // Without a factor a term is the flow itself, an energy: not a carbon.
    CHECK(bad("  x: {name: X, unit: kgCO2e, type: impact, method: m, description: d, source: s, terms: [{flow: electricity}]}\n") ==
          "unit-mismatch");
    CHECK(bad("  x: {name: X, unit: kgCO2e, type: impact, method: m, description: d, source: nope, terms: [{flow: electricity, factor: f}]}\n") ==
          "undefined-reference");
    // The same field cannot mean a carbon per kWh here and a volume per kWh there.
    CHECK(bad("  x: {name: X, unit: L, type: impact, method: m, description: d, source: s, terms: [{flow: electricity, factor: grid_intensity}]}\n") ==
          "unit-mismatch");
}

TEST_CASE("categories: naming a new grid with --set clears every factor a grid supplies, not only carbon and water") {
    scenario s = parse_scenario("name: o\nsites:\n  s: {grid_intensity: 100 gCO2e/kWh, adpe_intensity: 1 kgSbeq/kWh, pe_intensity: 1 MJ/kWh, pue: 1}\n"
                                "phases:\n  - {name: run, kind: idle, site: s, energy: 1000 kWh}\n",
                                "override.yaml");
    apply_override(s, "sites.s.grid=FRA", "--set");
    const model m = compile(s);
    // FRA's factors (shared/data/ecologits/electricity_mixes.csv), not the site's own 1 kgSbeq/kWh.
    CHECK(test::nominal(m, "run", "adpe") == doctest::Approx(1000 * 4.858e-8));
    CHECK(test::nominal(m, "run", "pe") / 1e6 == doctest::Approx(1000 * 9.3135));
}

// Regression tests for what an adversarial review of the categories found.
namespace {

std::string add_categories(catalog& c, const std::string& entries) {
    try {
        c.add_text("kaya-catalog: 1\nkind: categories\nsources:\n  s: {title: t}\nentries:\n" + entries, "user.yaml", "user.yaml");
    } catch (const error& e) {
        return e.what();
    }
    return "accepted";
}

const char* gaps_scenario = "name: gaps\nsites:\n  s: {grid_intensity: 100 gCO2e/kWh, pue: 1.2}\n"
                            "hardware:\n  g: {count: 1, embodied: 100 kgCO2e, lifetime: 1000 h, utilisation: 100 %}\n"
                            "phases:\n  - {name: run, kind: idle, site: s, energy: 10 kWh}\n"
                            "  - {name: make, kind: embodied, hardware: g, device_hours: 100 h}\n";

}  // namespace

TEST_CASE("categories: a factor cannot take the name of a field sites or hardware already have") {
    for (const char* field : {"pue", "power", "count", "lifetime", "grid", "name", "mix"}) {
        CAPTURE(field);
        catalog c = catalog::builtin();
        CHECK(contains(add_categories(c, fmt::format("  foo: {{name: Foo, unit: kgCO2e, type: impact, method: m, description: d, source: s, "
                                                     "terms: [{{flow: electricity, factor: {}}}]}}\n", field)),
                       "a field of their own [invalid-value]"));
    }
}

TEST_CASE("categories: a category replacing another keeps its dimension, and is told at its own line") {
    catalog c = catalog::builtin();
    // Carbon in MJ would flow into parity, the model card and the everyday equivalents.
    CHECK(contains(add_categories(c, "  gwp: {name: G, unit: MJ, type: impact, method: m, description: d, source: s, terms: [{flow: electricity}]}\n"),
                   "user.yaml:6:3: error: category 'gwp', which replaces the one of built-in"));
    // A part of a part is said where the user's entry is, not in the built-in file.
    CHECK(contains(add_categories(c, "  x: {name: X, unit: L, type: impact, detail_of: water_onsite, method: m, description: d, source: s, "
                                     "terms: [{flow: it_energy, factor: x_factor}]}\n"),
                   "user.yaml:6:3: error:"));
    // The same term twice would count it twice.
    CHECK(contains(add_categories(c, "  y: {name: Y, unit: L, type: impact, method: m, description: d, source: s, "
                                     "terms: [{flow: it_energy, factor: wue}, {flow: it_energy, factor: wue}]}\n"),
                   "[invalid-value]"));
    CHECK(contains(add_categories(c, "  z: {name: Z, label: carbon, unit: L, type: impact, method: m, description: d, source: s, "
                                     "terms: [{flow: it_energy, factor: z_factor}]}\n"),
                   "[duplicate-name]"));
}

TEST_CASE("categories: a sum of true zeros that misses contributions is not assessed, not at least 0") {
    const model m = test::compile_text(gaps_scenario);
    const run_result r = run_monte_carlo(m, {100, 1});
    // On-site water: the idle phase has no wue (n/a) and the embodied phase none to have (0).
    CHECK(r.total[*r.indicator_index("water_onsite")].status == coverage_status::not_assessed);
    CHECK(!contains(render_csv(r), "total,,,,water_onsite,L,0"));
    // Energy is fully assessed, whatever its part does.
    CHECK(r.total[*r.indicator_index("energy")].status == coverage_status::complete);
}

TEST_CASE("categories: compare says which scenario does not assess what, and never counts it as 0") {
    const model without = test::compile_text(gaps_scenario);
    const model with = test::compile_text(std::string(gaps_scenario).replace(std::string(gaps_scenario).find("pue: 1.2}"), 9,
                                                                                "pue: 1.2, water_intensity: 2 L/kWh, wue: 1 L/kWh}"),
                                          "with.yaml");
    const comparison c = compare({without, with}, {100, 1});
    const std::string json = render_compare_json(c);
    CHECK(contains(json, "\"water_onsite\": {\"status\": \"not-assessed\", \"not_assessed_in\": [\"gaps\"]}"));
    CHECK(contains(render_compare_table(c), "not compared: not assessed in gaps"));
    CHECK(!contains(render_compare_csv(c), ",water_offsite,L,difference_nominal,0"));
}

TEST_CASE("categories: results in any compatible unit on request, each category or one") {
    std::vector<indicator> inds = catalog::builtin().indicators();
    auto find = [&](const char* key) { return *std::find_if(inds.begin(), inds.end(), [&](const indicator& i) { return i.key == key; }); };
    report_in(inds, "tCO2e");
    CHECK(find("gwp").unit == "tCO2e");
    CHECK(find("gwp").per_base == doctest::Approx(1e-3));  // 1 kgCO2e = 0.001 tCO2e
    report_in(inds, "energy=MWh");
    CHECK(find("energy").unit == "MWh");
    CHECK(find("pe").unit == "MJ");  // a category named keeps the others as they are
    report_in(inds, "lbCO2e");
    CHECK(find("gwp").per_base == doctest::Approx(1.0 / 0.45359237));
    auto message = [&](const char* text) {
        try {
            report_in(inds, text);
        } catch (const error& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK(message("kWh/h") == "kaya: error: unit: no category is a power (e.g. W): the categories are gwp (a carbon mass (e.g. kgCO2e)), "
                              "gwp_market (a carbon mass (e.g. kgCO2e)), energy (an energy (e.g. kWh)), water (a volume (e.g. L)), adpe (an abiotic depletion (e.g. kgSbeq)) and pe (an "
                              "energy (e.g. kWh)) [invalid-option]");
    CHECK(contains(message("tCO2"), "'tCO2' is not a unit; did you mean 'tCO2e'?"));
    CHECK(contains(message("gwp=MWh"), "category 'gwp' is not an energy"));
}

TEST_CASE("categories: a power stated with the PUE included is energy at the meter, and the IT energy is derived, not inflated") {
    // Meta's Llama 3 model card: 6.4 M H100 GPU-hours at 700 W, "power consumption ... adjusted for
    // power usage efficiency". The site's PUE (1.1 here) must not be applied a second time.
    const std::string yaml = "name: llama\nsites:\n  dc: {grid_intensity: 424 gCO2e/kWh, pue: 1.1}\n"
                             "phases:\n  - {name: training, kind: training, site: dc, device_hours: 6.4e6 h, power: 700 W, pue_included: true}\n";
    const model m = test::compile_text(yaml);
    const double kwh = 3.6e6;
    CHECK(test::nominal(m, "training", "energy") / kwh == doctest::Approx(6.4e6 * 0.7));
    CHECK(test::nominal(m, "training", "energy_it") / kwh == doctest::Approx(6.4e6 * 0.7 / 1.1));
    // 4,480 MWh x 424 gCO2e/kWh = 1,900 tCO2e, as the card states it (location-based).
    CHECK(test::nominal(m, "training", "gwp") / 1000 == doctest::Approx(1899.5).epsilon(1e-3));
    // Without the flag the same figures are IT energy, and the PUE multiplies them.
    std::string plain = yaml;
    plain.replace(plain.find(", pue_included: true"), 20, "");
    CHECK(test::nominal(test::compile_text(plain), "training", "energy") / kwh == doctest::Approx(6.4e6 * 0.7 * 1.1));
    // An embodied phase draws no energy: the flag has nothing to say there.
    CHECK_THROWS_AS((void)test::compile_text("name: e\nhardware:\n  g: {count: 1, embodied: 1 kgCO2e, lifetime: 1 h, utilisation: 1}\n"
                                             "phases:\n  - {name: e, kind: embodied, hardware: g, device_hours: 1 h, pue_included: true}\n"),
                    input_error);
}

TEST_CASE("categories: the hardware's transport and end of life, amortised with its manufacture, or not assessed") {
    const std::string head = "name: eol\nhardware:\n  g: {count: 1, lifetime: 100 h, utilisation: 1, embodied: 100 kgCO2e";
    const std::string tail = "}\nphases:\n  - {name: e, kind: embodied, hardware: g, device_hours: 50 h}\n";
    // Stated: half the life carries half of manufacture, transport and end of life (100 + 10 + 6) / 2.
    const model stated = test::compile_text(head + ", embodied_transport: 10 kgCO2e, embodied_end_of_life: 6 kgCO2e" + tail);
    CHECK(test::nominal(stated, "e", "gwp") == doctest::Approx(58.0));
    CHECK(!stated.has_gap(*stated.indicator_index("gwp")));
    // Not stated: manufacture alone, at least; the coverage names both stages.
    const model missing = test::compile_text(head + tail);
    CHECK(test::nominal(missing, "e", "gwp") == doctest::Approx(50.0));
    CHECK(missing.has_gap(*missing.indicator_index("gwp")));
    int stages = 0;
    for (const auto& g : missing.coverage) stages += g.indicator == "gwp" && (g.missing.starts_with("embodied_transport") || g.missing.starts_with("embodied_end_of_life"));
    CHECK(stages == 2);
}

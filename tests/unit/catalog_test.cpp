// Catalogues: strict reading, references from scenarios, overrides, provenance.
#include <doctest/doctest.h>

#include "catalog/embedded.hpp"
#include "kaya/catalog/catalog.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/render/render.hpp"
#include "test_support.hpp"

using namespace kaya;

namespace {

std::string data(const std::string& name) { return std::string(KAYA_TEST_DATA_DIR) + "/catalog/" + name; }

model compile_with_catalogue(const std::string& site, const std::string& extra = "") {
    return compile(parse_scenario("name: t\nsites:\n" + site + extra +
                                      "phases:\n  - {name: run, kind: idle, site: north, energy: 1000 kWh}\n",
                                  data("inline.yaml")),
                   {data("user.yaml"), data("user-datacentres.yaml")});
}

}  // namespace

TEST_CASE("catalogue: a site takes its grid, PUE and WUE from the entries it names") {
    const model m = compile(load_scenario(data("scenario.yaml")));
    // 1000 kWh × PUE 1.2 × 50 gCO2e/kWh (XTL-N, the data centre's grid)
    CHECK(test::nominal(m, "run", "gwp") == doctest::Approx(60.0));
    // on-site 1000 kWh × 0.5 L/kWh + off-site 1200 kWh × 2 L/kWh (the country's, with a warning)
    CHECK(test::nominal(m, "run", "water") * 1e3 == doctest::Approx(2900.0));
    // Besides the categories the test catalogue gives no factors for (not-assessed).
    const auto others = test::warnings_except(m, "not-assessed");
    REQUIRE(others.size() == 1);
    CHECK(others[0].code == "factor-from-country");
    CHECK(m.provenance.size() == 4);
}

TEST_CASE("catalogue: a field written in the scenario overrides the catalogue's") {
    const model m = compile_with_catalogue("  north: {datacentre: test-dc, pue: 1.5}\n");
    CHECK(test::nominal(m, "run", "energy") == doctest::Approx(1500 * 3.6e6));
    for (const auto& p : m.provenance) CHECK(p.quantity != "pue of site 'north'");
}

TEST_CASE("catalogue: an uncertain catalogue value is one stream, shared by every site that uses it") {
    const model m = compile_with_catalogue("  north: {grid: XTL, datacentre: test-dc}\n  south: {grid: XTL, datacentre: test-dc}\n");
    int streams = 0;
    for (const auto& in : m.inputs) streams += in.key == "catalog.grids.XTL.grid_intensity";
    CHECK(streams == 2);  // two nodes, one key: the same draws
    CHECK(m.inputs.front().dist.kind() == distribution::family::uniform);
}

TEST_CASE("catalogue: unknown ids are located and suggest the nearest") {
    CHECK_THROWS_WITH_AS(compile_with_catalogue("  north: {grid: XTl, datacentre: test-dc}\n"),
                         (data("inline.yaml") + ":3:17: error: undefined grids id 'XTl'; did you mean 'XTL'? [undefined-reference]\n"
                                                "> 3 |   north: {grid: XTl, datacentre: test-dc}\n"
                                                "    |                 ^")
                             .c_str(),
                         input_error);
}

TEST_CASE("catalogue: strict reading") {
    catalog c;
    CHECK_THROWS_WITH_AS(c.add_file(data("bad-unknown-key.yaml")),
                         (data("bad-unknown-key.yaml") +
                          ":8:5: error: unknown key 'grid_intensty' in grids entry 'XTL'; did you mean 'grid_intensity'? [unknown-key]\n"
                          "> 8 |     grid_intensty: {value: 100 gCO2e/kWh, source: s}\n"
                          "    |     ^")
                             .c_str(),
                         input_error);
    CHECK_THROWS_AS(c.add_file(data("bad-duplicate.yaml")), input_error);
    CHECK_THROWS_WITH_AS(c.add_file(data("bad-report-order.yaml")),
                         (data("bad-report-order.yaml") +
                          ":9:19: error: expected a whole number from 1 (the place in reports), got 'first' [invalid-value]\n"
                          "> 9 |     report_order: first\n"
                          "    |                   ^")
                             .c_str(),
                         input_error);
    CHECK_THROWS_WITH_AS(c.add_file(data("bad-no-source.yaml")),
                         (data("bad-no-source.yaml") +
                          ":5:21: error: grid_intensity of 'XTL' is missing the required field 'source' [missing-field]\n"
                          "> 5 |     grid_intensity: 100 gCO2e/kWh\n"
                          "    |                     ^")
                             .c_str(),
                         input_error);
}

TEST_CASE("catalogue: a later catalogue overrides an earlier one, and says so") {
    catalog c;
    c.add_file(data("user.yaml"));
    c.add_text("kaya-catalog: 1\nkind: grids\nsources: {s: {title: Newer}}\nentries:\n  XTL: {grid_intensity: {value: 90 gCO2e/kWh, source: s}}\n",
               "newer.yaml", "newer.yaml");
    REQUIRE(c.overrides().size() == 1);
    CHECK(c.overrides()[0].id == "XTL");
    CHECK(c.overrides()[0].replaced_origin == data("user.yaml"));
    CHECK(c.find(catalog_kind::grids, "XTL")->origin == "newer.yaml");
    CHECK(c.list(catalog_kind::grids, "north").size() == 1);
}

TEST_CASE("catalogue: provenance and warnings are in the JSON") {
    const model m = compile(load_scenario(data("scenario.yaml")));
    const std::string json = render_json(run_monte_carlo(m, {100, 1}));
    CHECK(json.find("\"quantity\": \"grid_intensity of site 'north'\", \"catalogue\": \"grids/XTL-N\", \"value\": 50, "
                    "\"p05\": 50, \"p95\": 50, \"unit\": \"gCO2e/kWh\", \"year\": null, "
                    "\"source\": [\"Test figures for kaya's catalogue tests; example/test-data/grids.csv @ "
                    "0123456; CC0-1.0\"]") != std::string::npos);
    CHECK(json.find("\"code\": \"factor-from-country\"") != std::string::npos);
}

TEST_CASE("catalogue: a site's grid intensity from a mix of sources") {
    const auto mix = [](const std::string& shares) {
        return test::compile_text("name: mix\nsites:\n  own:\n    mix: {" + shares +
                                  "}\n    pue: 1.0\n    wue: 0 L/kWh\n    water_intensity: 0 L/kWh\n"
                                  "phases:\n  - {name: p, kind: idle, site: own, energy: 1000 kWh}\n");
    };
    // codecarbon carbon_intensity_per_source.json: coal 995, natural gas 743, nuclear 29 gCO2e/kWh
    const model m = mix("coal: 20 %, natural-gas: 30 %, nuclear: 50 %");
    CHECK(test::nominal(m, "p", "gwp") == doctest::Approx(0.2 * 995 + 0.3 * 743 + 0.5 * 29));
    CHECK(m.provenance.size() == 3);
    CHECK_THROWS_AS(mix("coal: 20 %, natural-gas: 30 %, nuclear: 40 %"), input_error);  // 90 %
    CHECK_THROWS_WITH_AS(mix("coal: 50 %, nucler: 50 %"),
                         "test.yaml:4:23: error: undefined source of electricity 'nucler'; did you mean 'nuclear'? [undefined-reference]\n"
                         "> 4 |     mix: {coal: 50 %, nucler: 50 %}\n"
                         "    |                       ^",
                         input_error);
}

TEST_CASE("catalogue: built-in entries by id, with suggestions") {
    const model m = test::compile_text("name: fr\nsites:\n  paris: {grid: FRA, datacentre: industry-average, wue: 0 L/kWh}\n"
                                       "phases:\n  - {name: p, kind: idle, site: paris, energy: 1000 kWh}\n");
    // Our World in Data, France 2023: 56.039 gCO2e/kWh; Uptime Institute 2024: PUE 1.56
    CHECK(test::nominal(m, "p", "gwp") == doctest::Approx(1560 * 0.056039));
    CHECK_THROWS_WITH_AS(test::compile_text("name: fr\nsites:\n  paris: {grid: FRANCE}\n"
                                            "phases:\n  - {name: p, kind: idle, site: paris, energy: 1 kWh}\n"),
                         "test.yaml:3:17: error: undefined grids id 'FRANCE'; did you mean 'FRA'? [undefined-reference]\n"
                         "> 3 |   paris: {grid: FRANCE}\n"
                         "    |                 ^",
                         input_error);
}

TEST_CASE("catalogue: a user catalogue overrides a built-in entry, with a warning") {
    const scenario s = parse_scenario("name: fr\nsites:\n  paris: {grid: FRA, pue: 1.0, wue: 0 L/kWh}\n"
                                      "phases:\n  - {name: p, kind: idle, site: paris, energy: 1000 kWh}\n",
                                      "test.yaml");
    const model m = compile(s, {data("override-fra.yaml")});
    CHECK(test::nominal(m, "p", "gwp") == doctest::Approx(40.0));
    const auto others = test::warnings_except(m, "not-assessed");
    REQUIRE(others.size() == 1);
    CHECK(others[0].code == "catalog-override");
    CHECK(others[0].message == "grids entry 'FRA' of " + data("override-fra.yaml") + " replaces the one of built-in");
}

TEST_CASE("catalogue: a hardware model's embodied water is used when the scenario names the model") {
    const model m = compile(parse_scenario("name: w\nhardware:\n  gpu: {model: test-gpu, count: 1, lifetime: 1000 h, utilisation: 100 %}\n"
                                           "phases:\n  - {name: e, kind: embodied, hardware: gpu, device_hours: 100 h}\n",
                                           "test.yaml"),
                            {data("hardware.yaml")});
    // 100 L of manufacturing water over 1000 h of life, 100 h used: 10 L.
    CHECK(test::nominal(m, "e", "water") * 1e3 == doctest::Approx(10.0));
}

TEST_CASE("catalogue: every value a run uses shows its year and its sampled range — an old one is a warning") {
    // The tests pin "now" to 2026 (tests/main.cpp): 2015 is more than five years before it, 2024 is not.
    const model m = compile_with_catalogue("  north: {grid: XTL, datacentre: test-dc}\n  south: {grid: XTL-S, datacentre: test-dc}\n");
    const run_result r = run_monte_carlo(m, {1000, 1});
    auto row = [&](const std::string& quantity) -> const provenance_row& {
        for (const auto& p : r.provenance)
            if (p.quantity == quantity) return p;
        throw std::runtime_error("no provenance for " + quantity);
    };
    // XTL: 100 gCO2e/kWh, uniform [80, 120], 2024: p05 = 82 and p95 = 118 exactly.
    const provenance_row& xtl = row("grid_intensity of site 'north'");
    CHECK(xtl.year == "2024");
    CHECK(xtl.p05 == test::within(82.0, 1e-12));
    CHECK(xtl.p95 == test::within(118.0, 1e-12));
    CHECK(row("grid_intensity of site 'south'").year == "2015");

    const std::string table = render_table(r);
    CHECK(table.find("grid_intensity of site 'north'                      100.0 gCO2e/kWh  82.00 – 118.0         2024       grids/XTL") !=
          std::string::npos);
    CHECK(table.find("grid_intensity of site 'south'                      70.00 gCO2e/kWh  exact                 2015       grids/XTL-S") !=
          std::string::npos);
    std::vector<std::string> stale;
    for (const auto& w : m.warnings)
        if (w.code == "stale-catalogue-value") stale.push_back(w.message);
    REQUIRE(stale.size() == 1);
    CHECK(stale[0] == "grid_intensity of site 'south' is grids/XTL-S's value for 2015, more than 5 years before 2026; "
                      "look for a newer figure, or widen the range to cover it");
}

TEST_CASE("catalogue: built-in entries are read when asked for, where the file has them (issue 15)") {
    // A copy, so that this test reads entries the shared built-in catalogue may not have yet.
    const catalog c = catalog::builtin();
    const catalog_entry* fra = c.find(catalog_kind::grids, "FRA");
    REQUIRE(fra != nullptr);
    CHECK(fra->loc.file->path() == "models/grids.yaml");
    CHECK(fra->loc.line == 519);  // `  FRA:` in models/grids.yaml
    CHECK(fra->loc.column == 3);
    CHECK(fra->text.at("country") == "FRA");
    CHECK(fra->fields.at("grid_intensity").value->loc.line == 522);
    CHECK(fra->sources->contains("owid-energy"));
    CHECK(c.find(catalog_kind::grids, "FRA") == fra);  // read once
    CHECK(c.find(catalog_kind::grids, "ATLANTIS") == nullptr);
    // Every id the index holds is an entry, and the listing reads them all.
    const std::vector<std::string> ids = c.ids(catalog_kind::hardware);
    CHECK(ids.size() == c.list(catalog_kind::hardware).size());
    for (const auto& id : ids) CHECK(c.find(catalog_kind::hardware, id) != nullptr);
    // A user catalogue replaces a built-in entry whether or not it has been read.
    catalog user = catalog::builtin();
    user.add_text("kaya-catalog: 1\nkind: grids\nsources:\n  s: {title: t}\nentries:\n  DEU:\n    grid_intensity: {value: 1 gCO2e/kWh, source: s}\n",
                  "user.yaml", "user.yaml");
    REQUIRE(user.overrides().size() == 1);
    CHECK(user.overrides()[0].replaced_origin == "built-in");
    CHECK(user.find(catalog_kind::grids, "DEU")->origin == "user.yaml");
}

TEST_CASE("catalogue: every built-in entry read on demand is the entry the whole file gives (issue 15)") {
    // The lazy index against yaml-cpp reading each file whole: the same ids, texts, values and places.
    catalog whole;
    for (const bool categories : {true, false}) {
        for (const auto& f : kaya::detail::embedded_catalogues()) {
            if ((std::string_view(f.name) == "impact-categories.yaml") == categories) whole.add_text(std::string(f.text), std::string("models/") + f.name, "built-in");
        }
    }
    const catalog lazy = catalog::builtin();
    for (const auto kind : {catalog_kind::hardware, catalog_kind::grids, catalog_kind::datacentres, catalog_kind::equivalents}) {
        REQUIRE(lazy.ids(kind) == whole.ids(kind));
        for (const auto& id : whole.ids(kind)) {
            const catalog_entry* a = lazy.find(kind, id);
            const catalog_entry* b = whole.find(kind, id);
            REQUIRE(a != nullptr);
            CAPTURE(id);
            CHECK(a->text == b->text);
            CHECK(a->loc.line == b->loc.line);
            REQUIRE(a->fields.size() == b->fields.size());
            for (const auto& [name, v] : b->fields) {
                CHECK(a->fields.at(name).value->text == v.value->text);
                CHECK(a->fields.at(name).value->loc.line == v.value->loc.line);
                for (const auto& s : v.sources) CHECK(a->sources->at(s.text) == b->sources->at(s.text));
            }
        }
    }
}

TEST_CASE("catalogue: a user category renaming a factor does not make built-in entries unreadable (review)") {
    catalog c = catalog::builtin();
    c.add_text("kaya-catalog: 1\nkind: categories\nsources:\n  m: {title: test method}\nentries:\n  adpe:\n"
               "    name: Abiotic depletion, elements (user factors)\n    label: ADPe\n    unit: kgSbeq\n    type: impact\n"
               "    method: user method\n    description: user adpe\n    source: m\n    terms:\n"
               "      - {flow: electricity, factor: adpe_user}\n      - {flow: manufacture, factor: embodied_adpe}\n",
               "user-categories.yaml", "user-categories.yaml");
    const catalog_entry* arg = c.find(catalog_kind::grids, "ARG");  // has adpe_intensity, the built-in factor
    REQUIRE(arg != nullptr);
    CHECK(arg->fields.contains("adpe_intensity"));
    CHECK(c.suggest(catalog_kind::datacentres, "gcp-asia-eastt1").names.front() == "gcp-asia-east1");
}

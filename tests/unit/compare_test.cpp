// Comparison, what-if overrides, sweeps and deployment parity.
#include <doctest/doctest.h>

#include "kaya/analysis/compare.hpp"
#include "kaya/analysis/sensitivity.hpp"
#include "kaya/analysis/sweep.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/report/report.hpp"
#include "kaya/render/render.hpp"
#include "kaya/scenario/override.hpp"
#include "render/text.hpp"
#include "test_support.hpp"

using namespace kaya;

namespace {

scenario bloom() { return load_scenario(std::string(KAYA_SOURCE_DIR) + "/scenarios/bloom-176b.yaml"); }

scenario with(scenario s, const std::string& assignment) {
    apply_override(s, assignment, "override");
    return s;
}

// The sample matrix has named columns: the phase's indicator is found, not computed.
Eigen::Index column_of(const model& m, const std::string& phase, std::string_view key) {
    const output_columns layout = output_layout(m);
    for (std::size_t i = 0; i < m.phases.size(); ++i) {
        if (m.phases[i].name == phase) return layout.phases[i][*m.indicator_index(key)];
    }
    throw std::runtime_error("no phase " + phase);
}

}  // namespace

TEST_CASE("compare: the same training in Mumbai and in Montreal differs by a factor of 46 in carbon") {
    // Hugging Face course, "The carbon footprint of Transformers": 920 vs 20 gCO2e/kWh.
    const model mumbai = compile(with(bloom(), "grid_fr=920 gCO2e/kWh"));
    const model montreal = compile(with(bloom(), "grid_fr=20 gCO2e/kWh"));
    const run_options options{5000, 42};
    const Eigen::ArrayXXd a = sample_outputs(mumbai, options), b = sample_outputs(montreal, options);
    const Eigen::Index k = column_of(mumbai, "training", "gwp");
    // Common random numbers: the energy is the same draw in both, so every sample's ratio is 46.
    const Eigen::ArrayXd ratio = a.col(k) / b.col(k);
    CHECK(ratio.minCoeff() == doctest::Approx(46.0).epsilon(1e-12));
    CHECK(ratio.maxCoeff() == doctest::Approx(46.0).epsilon(1e-12));
}

TEST_CASE("compare: GPT-3, OPT and BLOOM in the published order, OPT at about 1/7 of GPT-3") {
    std::vector<model> models;
    for (const char* name : {"gpt3-175b", "opt-175b", "bloom-176b"}) {
        models.push_back(test::compile_file(std::string("scenarios/") + name + ".yaml"));
    }
    const comparison c = compare(models, {5000, 42});
    auto training = [&](std::size_t i) {
        for (const auto& p : c.runs[i].phases)
            if (p.name == "training") return p.impact(*c.runs[i].indicator_index("gwp")).nominal;
        return -1.0;
    };
    CHECK(training(0) > training(1));  // GPT-3 552 t > OPT 75 t
    CHECK(training(1) > training(2));  // OPT 75 t > BLOOM 24.7 t (dynamic)
    const pair_result& opt_vs_gpt3 = c.pairs[0];
    REQUIRE(opt_vs_gpt3.a == 0);
    REQUIRE(opt_vs_gpt3.b == 1);
    CHECK(opt_vs_gpt3.criteria[0].nominal_ratio == test::within(1.0 / 7.0, 0.1));
    CHECK(opt_vs_gpt3.criteria[0].p_a_less == 0.0);  // GPT-3 is never below OPT
}

TEST_CASE("compare: a scenario against itself has ratio exactly 1 in every sample") {
    const model m = test::compile_file("scenarios/bloom-176b.yaml");
    const comparison c = compare({m, m}, {5000, 7});
    for (const std::size_t k : {*m.indicator_index("gwp"), *m.indicator_index("water"), *m.indicator_index("pe")}) {
        const pair_criterion& p = c.pairs[0].criteria[k];
        CHECK(p.ratio.p05 == 1.0);
        CHECK(p.ratio.p95 == 1.0);
        CHECK(p.difference.p05 == 0.0);
        CHECK(p.difference.p95 == 0.0);
        CHECK(p.p_a_less == 0.0);
    }
}

TEST_CASE("overrides: parameters, fields and catalogue references, checked as the file is") {
    SUBCASE("a parameter, with units and uncertainty") {
        const model m = compile(with(bloom(), "gpu_power=300 W ± 10 %"));
        CHECK(test::nominal(m, "training", "energy") / 3.6e6 == doctest::Approx(1082990 * 0.3));
    }
    SUBCASE("a site field") {
        const model m = compile(with(bloom(), "sites.jean-zay.pue=1.2"));
        CHECK(test::nominal(m, "training", "energy") / 3.6e6 == doctest::Approx(433196 * 1.2));
    }
    SUBCASE("naming a grid replaces the site's own grid values") {
        const model m = compile(with(bloom(), "sites.jean-zay.grid=FRA"));
        CHECK(test::nominal(m, "training", "gwp") == doctest::Approx(433196 * 0.056039));
    }
    SUBCASE("an unknown name suggests the nearest") {
        CHECK_THROWS_WITH_AS(with(bloom(), "grid_frr=1"),
                             "kaya: error: override: no parameter 'grid_frr' in scenario 'bloom-176b'; did you mean 'grid_fr'? [invalid-option]",
                             input_error);
    }
    SUBCASE("a bad value points into the option") {
        CHECK_THROWS_WITH_AS(compile(with(bloom(), "grid_fr=57 gCO2e/kwh")),
                             "override grid_fr:1:10: error: unknown unit 'kwh'; did you mean 'kWh'? [unknown-unit]\n"
                             "> 1 | 57 gCO2e/kwh\n"
                             "    |          ^",
                             unit_error);
        CHECK_THROWS_AS(compile(with(bloom(), "sites.jean-zay.pue=0.9")), model_error);
    }
}

TEST_CASE("sweep: values, catalogue axes and cross products") {
    const sweep_axis a = parse_axis("grid_fr=20 gCO2e/kWh, {value: 50 gCO2e/kWh, uniform: [40 gCO2e/kWh, 60 gCO2e/kWh]}", catalog::builtin());
    REQUIRE(a.values.size() == 2);
    CHECK(a.values[1] == "{value: 50 gCO2e/kWh, uniform: [40 gCO2e/kWh, 60 gCO2e/kWh]}");
    const sweep_axis countries = parse_axis("sites.jean-zay.grid=catalog:countries", catalog::builtin());
    CHECK(countries.values.size() > 200);
    CHECK(std::find(countries.values.begin(), countries.values.end(), "FRA") != countries.values.end());
    CHECK(std::find(countries.values.begin(), countries.values.end(), "US-CA") == countries.values.end());
    CHECK_THROWS_AS(parse_axis("grid_fr", catalog::builtin()), input_error);

    const sweep_axis b = parse_axis("sites.jean-zay.pue=1.0,1.2", catalog::builtin());
    sweep_result r = sweep(bloom(), {a, b}, {}, {500, 1});
    REQUIRE(r.rows.size() == 4);
    CHECK(r.rows[1].values == std::vector<std::string>{"20 gCO2e/kWh", "1.2"});
    sort_rows(r, 0, true);  // gwp
    CHECK(r.rows[0].total[0].nominal >= r.rows[3].total[0].nominal);
}

TEST_CASE("sweep: the first failing row in row order is the error, and the rows after it are not run (review of issue 15)") {
    const sweep_axis grids = parse_axis("sites.jean-zay.grid=FRA,NOPE,DEU,POL,NOPE2", catalog::builtin());
    for (const int threads : {1, 2}) {
        CAPTURE(threads);
        long rows_reported = 0;
        run_options options{20'000, 1, 2048, [&](long, long) { ++rows_reported; }, threads};
        try {
            (void)sweep(bloom(), {grids}, {}, options);
            FAIL("the sweep should fail");
        } catch (const input_error& e) {
            CHECK(std::string(e.what()).find("sites.jean-zay.grid=NOPE:") != std::string::npos);
        }
        // Row 0 and the failing row 1; on two threads, at most the row the other thread had
        // already taken when row 1 failed.
        CHECK(rows_reported <= (threads == 1 ? 2 : 3));
    }
}

TEST_CASE("parity: BLOOM's deployment would equal its training lifecycle after about 2,671 days") {
    const run_result r = run_monte_carlo(test::compile_file("scenarios/bloom-176b.yaml"), {2000, 42});
    REQUIRE(r.parity);
    // training stage 50,525 kgCO2e / (340.5 kgCO2e per 18 days)
    CHECK(r.parity->nominal / 86400.0 == test::within(50525.0 / (340.5 / 18.0), 0.005));
    CHECK(r.parity->p05 <= r.parity->p95);
    CHECK_FALSE(run_monte_carlo(test::compile_file("scenarios/gpt3-175b.yaml"), {100, 1}).parity);
}

TEST_CASE("sweep: a name varied twice is refused — uncertain mix shares add up to 100 % in every sample") {
    // The mix: coal and nuclear shares drawn independently, normalised per sample, so the
    // intensity always lies between the two sources' factors (29 and 995 gCO2e/kWh).
    const model m = test::compile_text("name: mix\nsites:\n  own:\n"
                                       "    mix: {coal: {value: 50 %, uniform: [30 %, 70 %]}, nuclear: {value: 50 %, uniform: [30 %, 70 %]}}\n"
                                       "    pue: 1.0\n    wue: 0 L/kWh\n    water_intensity: 0 L/kWh\n"
                                       "phases:\n  - {name: p, kind: idle, site: own, energy: 1000 kWh}\n");
    const Eigen::ArrayXXd s = sample_outputs(m, {2000, 3});
    CHECK(s.col(0).minCoeff() >= 29.0 - 1e-9);
    CHECK(s.col(0).maxCoeff() <= 995.0 + 1e-9);
    CHECK(test::nominal(m, "p", "gwp") == doctest::Approx(0.5 * 995 + 0.5 * 29));
}

TEST_CASE("sensitivity: a stage and a phase of the same name are told apart") {
    const model m = test::compile_file("scenarios/bloom-176b.yaml");
    CHECK(output_node(m, "gwp", "training") == m.phases[3].output(*m.indicator_index("gwp")));
    CHECK(output_node(m, "gwp", "", "training") == m.stages[0].output(*m.indicator_index("gwp")));
    CHECK_THROWS_AS((void)output_node(m, "gwp", "training", "training"), input_error);
}

TEST_CASE("compare: every rendering of a pair names the same orientation, P(A < B)") {
    // GPT-3 is above BLOOM in every sample, so P(GPT-3 < BLOOM) = 0 and P(BLOOM < GPT-3) = 1:
    // a reversed label would show the other number.
    const model gpt3 = test::compile_file("scenarios/gpt3-175b.yaml");
    const model bloom_model = test::compile_file("scenarios/bloom-176b.yaml");
    const comparison c = compare({gpt3, bloom_model}, {2000, 42});
    REQUIRE(c.pairs.size() == 1);
    CHECK(c.pairs[0].criteria[0].p_a_less == 0.0);
    CHECK(pair_title(c, c.pairs[0]) == "bloom-176b against gpt3-175b");
    CHECK(pair_probability_label(c, c.pairs[0]) == "P(gpt3-175b < bloom-176b)");

    const std::string table = render_compare_table(c);
    CHECK(table.find("P(gpt3-175b < bloom-176b) = 0.000") != std::string::npos);
    CHECK(table.find("bloom-176b against gpt3-175b (ratio bloom-176b / gpt3-175b") != std::string::npos);
    const std::string json = render_compare_json(c);
    CHECK(json.find("\"a\": \"gpt3-175b\",\n      \"b\": \"bloom-176b\"") != std::string::npos);
    CHECK(json.find("\"p_a_less_than_b\": 0,") != std::string::npos);
    const std::string csv = render_compare_csv(c);
    CHECK(csv.find("pair,bloom-176b,gpt3-175b,total,gwp,,p_against_less_than_scenario,0\n") != std::string::npos);

    const comparison reversed = compare({bloom_model, gpt3}, {2000, 42});
    CHECK(render_compare_table(reversed).find("P(bloom-176b < gpt3-175b) = 1.000") != std::string::npos);
    CHECK(render_compare_csv(reversed).find("pair,gpt3-175b,bloom-176b,total,gwp,,p_against_less_than_scenario,1\n") !=
          std::string::npos);
}

TEST_CASE("compare: phases of different names match by kind and stage — different scopes are said") {
    auto scenario_of = [](const std::string& name, const std::string& train, const std::string& serve) {
        return test::compile_text("name: " + name + "\n" + test::plain_site + "phases:\n  - name: " + train +
                                  "\n    kind: training\n    stage: training\n    site: s\n    energy: 100 kWh ± 10 %\n  - name: " + serve +
                                  "\n    kind: inference\n    site: s\n    energy: 10 kWh\n");
    };
    const model a = scenario_of("paper-a", "pretraining", "serving");
    const model b = scenario_of("paper-b", "train", "inference");
    const comparison c = compare({a, b}, {500, 42});
    REQUIRE(c.rows.size() == 2);
    CHECK(c.rows[0].label == "pretraining / train");
    CHECK(c.rows[0].phases == std::vector<int>{0, 0});
    CHECK(c.rows[1].label == "serving / inference");
    CHECK(c.warnings.empty());
    const std::string table = render_compare_table(c);
    CHECK(table.find("no phase") == std::string::npos);
    CHECK(table.find("-0 %") == std::string::npos);

    // GPT-3 counts its training run only; BLOOM its whole life cycle.
    const comparison scope = compare({test::compile_file("scenarios/gpt3-175b.yaml"), test::compile_file("scenarios/bloom-176b.yaml")},
                                     {500, 42});
    REQUIRE(scope.warnings.size() == 1);
    CHECK(scope.warnings[0].code == "different-scope");
    CHECK(scope.warnings[0].message ==
          "scenario 'gpt3-175b' has no embodied, idle or inference phase, which another scenario has: its totals cover less of "
          "the life cycle, so ratios of totals compare unlike scopes");
    CHECK(render_compare_table(scope).find("[different-scope]") != std::string::npos);
    CHECK(render_compare_json(scope).find("\"code\": \"different-scope\"") != std::string::npos);
}

TEST_CASE("text: a share that rounds to nothing is 0 %, never -0 %") {
    CHECK(detail::percent(-0.001) == "0 %");
    CHECK(detail::percent(0.004) == "0 %");
    CHECK(detail::percent(-0.126) == "-13 %");
}

TEST_CASE("errors: the library names its own concepts, never a command-line flag") {
    const model m = test::compile_file("scenarios/bloom-176b.yaml");
    auto message_of = [](auto&& f) {
        try {
            f();
        } catch (const error& e) {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    const std::vector<std::string> messages{
        message_of([&] { (void)output_node(m, "gwp", "trainin"); }),
        message_of([&] { (void)output_node(m, "gwp", "training", "training"); }),
        message_of([&] { (void)output_node(m, "gwp", "", "deploy"); }),
        message_of([&] { (void)parse_axis("grid_fr", catalog::builtin()); }),
        message_of([&] { (void)parse_axis("x=catalog:planets", catalog::builtin()); }),
        message_of([&] { write_directory("", {}); }),
        message_of([&] { (void)parse_training_type("pretraining"); }),
        message_of([&] { (void)sweep(bloom(), {parse_axis("sites.jean-zay.pue=0.5", catalog::builtin())}, {}, {100, 1}); }),
    };
    for (const auto& text : messages) {
        CAPTURE(text);
        CHECK(text.find("[invalid-option]") != std::string::npos);
        CHECK(text.find(" -") == std::string::npos);  // no "--phase", "-o" or "--vary"
    }
    CHECK(messages[0].rfind("kaya: error: phase: no phase 'trainin' in scenario 'bloom-176b'", 0) == 0);
    CHECK(messages[1] == "kaya: error: stage: give a phase or a stage to analyse, not both [invalid-option]");
}

TEST_CASE("review: a phase one scenario lacks is null in the JSON — never 0 — each scenario's warnings reach the table") {
    const comparison c = compare({test::compile_file("scenarios/gpt3-175b.yaml"), test::compile_file("scenarios/bloom-176b.yaml")}, {200, 1});
    const std::string json = render_compare_json(c);
    CHECK(json.find("{\"name\": \"idle\", \"a\": null, \"b\": 14628.822") != std::string::npos);
    scenario stale = load_scenario(std::string(KAYA_TEST_DATA_DIR) + "/catalog/stale.yaml");
    const comparison with_stale = compare({compile(stale), compile(stale)}, {100, 1});
    CHECK(render_compare_table(with_stale).find("warning: stale: grid_intensity of site 'south' is grids/XTL-S's value for 2015") !=
          std::string::npos);
}

TEST_CASE("review: overrides are stated wherever the result is, since the file no longer gives it") {
    const model m = compile(with(bloom(), "grid_fr=20 gCO2e/kWh"));
    const run_result r = run_monte_carlo(m, {100, 1});
    CHECK(render_table(r).find("with the override grid_fr=20 gCO2e/kWh (not in the scenario file)") != std::string::npos);
    CHECK(render_json(r).find("\"overrides\": [\"grid_fr=20 gCO2e/kWh\"]") != std::string::npos);
    CHECK(render_json(run_monte_carlo(test::compile_file("scenarios/opt-175b.yaml"), {100, 1})).find("\"overrides\": []") !=
          std::string::npos);
    const report_options options{{100, 1}, {}, "test"};
    CHECK(model_card_block(with(bloom(), "grid_fr=20 gCO2e/kWh"), options, training_type::pre_training)
              .find("# with the override \"grid_fr=20 gCO2e/kWh\"") != std::string::npos);
    CHECK(latex_export(with(bloom(), "grid_fr=20 gCO2e/kWh"), options).find("% With the override grid_fr=20 gCO2e/kWh") != std::string::npos);
}

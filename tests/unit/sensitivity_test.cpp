// Sensitivity analysis against analytic results.
#include <doctest/doctest.h>

#include "kaya/analysis/sensitivity.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/render/render.hpp"
#include "test_support.hpp"

using namespace kaya;

namespace {

model data(const char* name) { return compile(load_scenario(std::string(KAYA_TEST_DATA_DIR) + "/sensitivity/" + name)); }

const sobol_index& index_of(const sobol_result& r, const std::string& name) {
    for (const auto& i : r.indices)
        if (i.name == name) return i;
    throw std::runtime_error("no index " + name);
}

}  // namespace

TEST_CASE("sobol: the Ishigami function (a = 7, b = 0.1) at N = 2^14") {
    // Analytic: S1 = 0.314, S2 = 0.442, S3 = 0; ST1 = 0.558, ST2 = 0.442, ST3 = 0.244
    // (Ishigami and Homma 1990; Saltelli et al. 2008, Global Sensitivity Analysis, §4.9).
    const model m = data("ishigami.yaml");
    const sobol_result r = sobol(m, output_node(m, criterion::energy, ""), 1 << 14, 42);
    CHECK(r.evaluations == (1 << 14) * 5);
    const struct { const char* name; double first, total; } expected[] = {
        {"x1", 0.314, 0.558}, {"x2", 0.442, 0.442}, {"x3", 0.000, 0.244}};
    for (const auto& e : expected) {
        CAPTURE(e.name);
        const sobol_index& i = index_of(r, e.name);
        CHECK(std::abs(i.first - e.first) < 0.02);
        CHECK(std::abs(i.total - e.total) < 0.02);
        CHECK(i.first_low <= i.first);
        CHECK(i.first <= i.first_high);
    }
    CHECK_FALSE(r.too_small);
}

TEST_CASE("sobol: a linear additive model has its analytic indices; an unused parameter has none") {
    // y = x1 + 2 x2 + 3 x3 with equal variances: S_i = ST_i = c_i^2 / (1 + 4 + 9).
    const model m = data("linear.yaml");
    const sobol_result r = sobol(m, output_node(m, criterion::energy, ""), 1 << 14, 42);
    const struct { const char* name; double value; } expected[] = {{"x1", 1.0 / 14}, {"x2", 4.0 / 14}, {"x3", 9.0 / 14}};
    for (const auto& e : expected) {
        CAPTURE(e.name);
        CHECK(std::abs(index_of(r, e.name).first - e.value) < 0.01);
        CHECK(std::abs(index_of(r, e.name).total - e.value) < 0.01);
    }
    CHECK(std::abs(index_of(r, "unused").first) < 0.01);
    CHECK(std::abs(index_of(r, "unused").total) < 0.01);
}

TEST_CASE("sobol: the same seed gives the same indices") {
    const model m = data("linear.yaml");
    const sobol_result a = sobol(m, output_node(m, criterion::energy, ""), 1024, 5);
    const sobol_result b = sobol(m, output_node(m, criterion::energy, ""), 1000, 5);  // rounded up to 1024
    REQUIRE(a.indices.size() == b.indices.size());
    for (std::size_t k = 0; k < a.indices.size(); ++k) {
        CHECK(a.indices[k].first == b.indices[k].first);
        CHECK(a.indices[k].total_high == b.indices[k].total_high);
    }
}

TEST_CASE("tornado: each parameter from its p05 to its p95, ranked by swing") {
    const model m = data("linear.yaml");
    const tornado_result r = tornado(m, output_node(m, criterion::energy, ""));
    REQUIRE(r.bars.size() == 4);
    // y at nominal (all 0.5) is 3 kWh; x3 moves from 0.05 to 0.95: a swing of 3 × 0.9 = 2.7 kWh.
    CHECK(r.nominal / 3.6e6 == doctest::Approx(3.0));
    CHECK(r.bars[0].name == "x3");
    CHECK(r.bars[0].swing / 3.6e6 == doctest::Approx(2.7));
    CHECK(r.bars[1].name == "x2");
    CHECK(r.bars[3].name == "unused");
    CHECK(r.bars[3].swing == 0.0);
}

TEST_CASE("sensitivity: BLOOM's total carbon is driven by the grid, the hardware's lifetime and the servers' footprint") {
    const model m = test::compile_file("scenarios/bloom-176b.yaml");
    const sobol_result r = sobol(m, output_node(m, criterion::gwp, ""), 1 << 12, 42);
    REQUIRE(r.indices.size() >= 3);
    CHECK(r.indices[0].name == "grid_fr");
    CHECK(r.indices[1].name == "lifetime");
    CHECK(r.indices[2].name == "catalog.hardware.hpe-apollo-6500-gen10-plus.embodied");
    CHECK_THROWS_AS((void)output_node(m, criterion::gwp, "trainig"), input_error);
    CHECK(output_node(m, criterion::gwp, "training") == m.phases[3].output(criterion::gwp));
}

TEST_CASE("tornado: parameters are shown in the unit the scenario wrote them in, with that unit") {
    // A new user's serving phase: 50,000 queries a day at 0.3 Wh each. Base units would show
    // 0.5787 query/s and 1,080 J/query, with no unit.
    const model m = test::compile_text(std::string("name: t\nparameters:\n"
                                                   "  queries_per_day: 50000 query/day ± 10 %\n"
                                                   "  wh_per_query: 0.3 Wh/query ± 20 %\n"
                                                   "  share: 85 % ± 5 %\n") +
                                       test::plain_site +
                                       "phases:\n  - name: serve\n    kind: inference\n    site: s\n"
                                       "    queries: queries_per_day * 365 day * share\n    energy_per_query: wh_per_query\n");
    const tornado_result t = tornado(m, output_node(m, criterion::energy, ""));
    auto bar = [&](const std::string& name) -> const tornado_bar& {
        for (const auto& b : t.bars)
            if (b.name == name) return b;
        throw std::runtime_error("no bar " + name);
    };
    CHECK(bar("queries_per_day").unit.symbol == "query/day");
    CHECK(bar("queries_per_day").low_value / bar("queries_per_day").unit.factor == test::within(45500.0, 1e-9));
    CHECK(bar("wh_per_query").unit.symbol == "Wh/query");
    CHECK(bar("wh_per_query").high_value / bar("wh_per_query").unit.factor == test::within(0.354, 1e-9));
    CHECK(bar("share").unit.symbol == "%");
    CHECK(bar("share").low_value / bar("share").unit.factor == test::within(81.175, 1e-9));

    const sensitivity_target target{"t", "", "energy", "energy", "kWh", 1.0 / 3.6e6};
    const std::string table = render_tornado_table(target, t);
    CHECK(table.find("45,500 query/day") != std::string::npos);
    CHECK(table.find("0.2460 Wh/query") != std::string::npos);
    const std::string json = render_sensitivity_json(target, &t, nullptr);
    CHECK(json.find("\"name\": \"wh_per_query\", \"unit\": \"Wh/query\", \"p05\": 0.246") != std::string::npos);
    CHECK(render_sensitivity_csv(target, &t, nullptr).find("queries_per_day,query/day,45500") != std::string::npos);
}

TEST_CASE("units: every dimension is displayed in a unit, never in a description") {
    for (const dimension d : {dims::energy / dims::query, dims::query / dims::time, dims::carbon / dims::token,
                              dims::energy * dims::energy, dims::mass}) {
        const display_unit u = display_unit_for(d);
        CAPTURE(u.symbol);
        CHECK(u.named);
        CHECK(u.symbol.find(' ') == std::string::npos);
    }
}

TEST_CASE("review: a stage asked for as a phase is named as a stage") {
    const model m = test::compile_file("scenarios/bloom-176b.yaml");
    CHECK_THROWS_WITH_AS((void)output_node(m, criterion::gwp, "deployment"),
                         "kaya: error: phase: no phase 'deployment' in scenario 'bloom-176b'; its phases: embodied-gpus, embodied-servers, "
                         "idle, training, inference; 'deployment' is a stage: analyse it as a stage [invalid-option]",
                         input_error);
}

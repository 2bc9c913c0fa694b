// Sensitivity analysis against analytic results.
#include <doctest/doctest.h>

#include "kaya/analysis/sensitivity.hpp"
#include "kaya/errors/error.hpp"
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

// Monte Carlo: one draw per parameter per sample, shared wherever it is used; fixed seeds.
#include <doctest/doctest.h>

#include "kaya/render/render.hpp"
#include "test_support.hpp"

using namespace kaya;

namespace {

double variance(const Eigen::ArrayXd& x) { return (x - x.mean()).square().mean(); }

// Two idle phases whose energies are `first` and `second`.
std::string two_phases(const std::string& params, const char* first, const char* second) {
    return "name: corr\nparameters:\n" + params + test::plain_site +
           "phases:\n  - name: a\n    kind: idle\n    site: s\n    energy: " + first +
           "\n  - name: b\n    kind: idle\n    site: s\n    energy: " + second + "\n";
}

}  // namespace

TEST_CASE("monte carlo: a shared parameter is one draw, visible in the variance of a sum") {
    // Var(x + x) = 4 Var(x), while Var(x + y) = 2 Var(x) for independent x and y.
    const model shared = test::compile_text(two_phases("  x: {value: 1 kWh, uniform: [0 kWh, 2 kWh]}\n", "x", "x"));
    const model independent = test::compile_text(two_phases(
        "  x: {value: 1 kWh, uniform: [0 kWh, 2 kWh]}\n  y: {value: 1 kWh, uniform: [0 kWh, 2 kWh]}\n", "x", "y"));
    CHECK(shared.inputs.size() == 1);
    CHECK(independent.inputs.size() == 2);
    const run_options options{100'000, 1};
    const Eigen::ArrayXXd s = sample_outputs(shared, options);
    const Eigen::ArrayXXd i = sample_outputs(independent, options);
    const std::size_t energy = *shared.indicator_index("energy");
    const output_columns layout = output_layout(shared);
    const Eigen::Index energy_a = layout.phases[0][energy], energy_total = layout.totals[energy];
    const double var_x = variance(s.col(energy_a));
    CHECK(variance(s.col(energy_total)) / var_x == doctest::Approx(4.0).epsilon(1e-9));
    CHECK(variance(i.col(energy_total)) / var_x == doctest::Approx(2.0).epsilon(0.03));
}

TEST_CASE("monte carlo: the same seed gives the same numbers, whatever the batch size") {
    const model m = test::compile_file("scenarios/bloom-176b.yaml");
    const Eigen::ArrayXXd a = sample_outputs(m, {5000, 42, 2048});
    const Eigen::ArrayXXd b = sample_outputs(m, {5000, 42, 7});
    const Eigen::ArrayXXd c = sample_outputs(m, {5000, 43, 2048});
    CHECK((a == b).all());
    CHECK_FALSE((a == c).all());
    CHECK(render_json(run_monte_carlo(m, {5000, 42})) == render_json(run_monte_carlo(m, {5000, 42})));
}

TEST_CASE("monte carlo: the nominal is the stated value, not the mean") {
    const model m = test::compile_text(two_phases(
        "  x: {value: 1 kWh, triangular: [1 kWh, 1 kWh, 4 kWh]}\n", "x", "0 kWh"));
    const run_result r = run_monte_carlo(m, {20'000, 3});
    const summary& e = r.phases[0].impact(*r.indicator_index("energy"));
    CHECK(e.nominal == doctest::Approx(3.6e6));
    CHECK(e.mean == doctest::Approx(2.0 * 3.6e6).epsilon(0.01));
    CHECK(e.p05 <= e.p50);
    CHECK(e.p50 <= e.p95);
}

TEST_CASE("monte carlo: a zero-width range gives the point value in every sample") {
    const model m = test::compile_text(two_phases("  x: {value: 2 kWh, uniform: [2 kWh, 2 kWh]}\n", "x", "x"));
    const run_result r = run_monte_carlo(m, {1000, 9});
    const summary& t = r.total[*r.indicator_index("energy")];
    CHECK(t.p05 == t.p95);
    CHECK(t.mean == doctest::Approx(t.nominal));
}

TEST_CASE("monte carlo: more energy means more carbon and more water") {
    auto total = [](const char* energy) {
        const model m = test::compile_text(std::string("name: mono\nsites:\n  s:\n    grid_intensity: 100 gCO2e/kWh\n"
                                                       "    pue: 1.2\n    wue: 0.5 L/kWh\n    water_intensity: 3 L/kWh\n"
                                                       "phases:\n  - name: p\n    kind: idle\n    site: s\n    energy: ") + energy + "\n");
        return std::pair{test::nominal(m, "p", "gwp"), test::nominal(m, "p", "water")};
    };
    const auto small = total("10 kWh"), large = total("20 kWh");
    CHECK(large.first > small.first);
    CHECK(large.second > small.second);
    SUBCASE("water is on-site (IT energy × WUE) plus off-site (energy at the meter × water intensity)") {
        CHECK(small.second == doctest::Approx((10 * 0.5 + 10 * 1.2 * 3) * 1e-3));
    }
}

TEST_CASE("progress: a run reports its samples done after every batch, up to the total, and its results do not change") {
    const model m = test::compile_file("scenarios/bloom-176b.yaml");
    std::vector<std::pair<long, long>> calls;
    run_options options{10000, 42, 2048, [&](long done, long total) { calls.emplace_back(done, total); }};
    const run_result with = run_monte_carlo(m, options);
    REQUIRE(calls.size() == 5);  // 4 batches of 2,048 and one of 1,808
    for (std::size_t i = 1; i < calls.size(); ++i) CHECK(calls[i].first > calls[i - 1].first);
    CHECK(calls.back() == std::pair<long, long>{10000, 10000});
    const run_result without = run_monte_carlo(m, {10000, 42});
    CHECK(with.total[0].p95 == without.total[0].p95);
}

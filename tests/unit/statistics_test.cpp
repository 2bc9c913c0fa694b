// Streaming statistics: exact percentiles from regenerated samples, in bounded memory, the
// same on any number of threads (analysis/statistics.hpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "analysis/statistics.hpp"
#include "design/sampler.hpp"
#include "kaya/render/render.hpp"
#include "test_support.hpp"

using namespace kaya;

namespace {

std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

double u01(std::uint64_t i, std::uint64_t stream) { return (static_cast<double>(mix(i * 0x9E3779B97F4A7C15ULL + stream) >> 11) + 0.5) / 9007199254740992.0; }

//! Columns that make a histogram's life hard, as functions of the sample's index:
//! 0 heavy tails of both signs; 1 three values only; 2 mostly one value, with outliers of
//! ±1e300; 3 a narrow normal-like bump with NaN and infinities sprinkled in; 4 zeros of
//! both signs between denormals, so that bins and the ranges of values wanted straddle zero.
constexpr int hard_columns = 5;

double hard_value(int column, long i) {
    const double u = u01(static_cast<std::uint64_t>(i), static_cast<std::uint64_t>(column));
    switch (column) {
        case 0: return (u < 0.5 ? -1.0 : 1.0) * std::exp(40.0 * (u01(static_cast<std::uint64_t>(i), 9) - 0.5));
        case 1: return std::floor(u * 3.0) - 1.0;
        case 2: return u < 0.001 ? -1e300 : u > 0.999 ? 1e300 : 7.25;
        case 4: {
            const double tiny = std::numeric_limits<double>::denorm_min() * std::floor(1000.0 * (u - 0.5));
            return u < 0.4 || u > 0.6 ? tiny : u < 0.5 ? -0.0 : 0.0;
        }
        default:
            if (i % 1001 == 5) return NAN;
            if (i % 997 == 3) return i % 2 ? INFINITY : -INFINITY;
            return 1.0 + 1e-9 * (u + u01(static_cast<std::uint64_t>(i), 11) - 1.0);
    }
}

class hard_source final : public detail::column_source {
public:
    long block() const override { return 1000; }
    void produce(long first, long count) override {
        for (int c = 0; c < hard_columns; ++c)
            for (long i = 0; i < count; ++i) values_[c][static_cast<std::size_t>(i)] = hard_value(c, first + i);
    }
    const double* column(int c) const override { return values_[c].data(); }

private:
    std::vector<double> values_[hard_columns] = {std::vector<double>(1000), std::vector<double>(1000), std::vector<double>(1000),
                                                 std::vector<double>(1000), std::vector<double>(1000)};
};

std::vector<detail::column_statistics> hard_statistics(long samples, int threads, long keep_limit) {
    detail::column_request request{hard_columns, samples, {0.0, 0.05, 0.5, 0.95, 1.0}, {}, {}, threads, keep_limit};
    request.source = [] { return std::make_unique<hard_source>(); };
    return detail::statistics_of_columns(request);
}

}  // namespace

TEST_CASE("statistics: streamed percentiles are exactly those of the stored samples, past the size kept whole") {
    const model m = test::compile_file("scenarios/bloom-176b.yaml");
    const long n = 3 * detail::sample_unit + 1234;  // streamed: more than one unit
    const run_options options{n, 7};
    const Eigen::ArrayXXd samples = sample_outputs(m, options);
    const run_result streamed = run_monte_carlo(m, options);
    const run_result stored = summarise(m, samples, options);
    const output_columns layout = output_layout(m);
    for (std::size_t k = 0; k < m.indicators.size(); ++k) {
        const int column = layout.totals[k];
        if (column < 0) continue;
        CAPTURE(m.indicators[k].key);
        const auto col = samples.col(column);
        std::vector<double> v(col.data(), col.data() + col.size());
        const summary& s = streamed.total[k];
        CHECK(s.p05 == quantile(v, 0.05));
        CHECK(s.p50 == quantile(v, 0.50));
        CHECK(s.p95 == quantile(v, 0.95));
        // The mean: deviations from the first sample, summed in order within each unit of
        // 65,536 samples, and the units' sums in order.
        double total = 0.0;
        for (long first = 0; first < n; first += detail::sample_unit) {
            double unit = 0.0;
            for (long i = first; i < std::min(n, first + detail::sample_unit); ++i) unit += col[i] - col[0];
            total += unit;
        }
        CHECK(s.mean == col[0] + total / static_cast<double>(n));
    }
    CHECK(render_json(streamed) == render_json(stored));
}

TEST_CASE("statistics: the same numbers on one thread or several, and whatever the batch") {
    const model m = test::compile_file("scenarios/bloom-176b.yaml");
    const long n = 2 * detail::sample_unit + 99;
    const std::string one = render_json(run_monte_carlo(m, {n, 42, 2048, nullptr, 1}));
    CHECK(render_json(run_monte_carlo(m, {n, 42, 2048, nullptr, 2})) == one);
    CHECK(render_json(run_monte_carlo(m, {n, 42, 2048, nullptr, 3})) == one);
    CHECK(render_json(run_monte_carlo(m, {n, 42, 333, nullptr, 2})) == one);
    const Eigen::ArrayXXd a = sample_outputs(m, {n, 42, 2048, nullptr, 1}), b = sample_outputs(m, {n, 42, 500, nullptr, 3});
    CHECK((a == b).all());
}

TEST_CASE("statistics: exact order statistics of awkward columns, bins refined when too full to keep") {
    const long n = 250'000;
    // Each column sorted whole: the reference.
    std::vector<std::vector<double>> sorted(hard_columns);
    for (int c = 0; c < hard_columns; ++c) {
        for (long i = 0; i < n; ++i) {
            const double x = hard_value(c, i);
            if (std::isfinite(x)) sorted[static_cast<std::size_t>(c)].push_back(x);
        }
        std::sort(sorted[static_cast<std::size_t>(c)].begin(), sorted[static_cast<std::size_t>(c)].end());
    }
    auto expected = [&](int c, double p) {
        std::vector<double> v = sorted[static_cast<std::size_t>(c)];
        return quantile(v, p);
    };
    // A keep limit of 64 keys makes every bin too full: the selection narrows in pass after pass.
    for (const long keep_limit : {long{1} << 22, long{64}}) {
        for (const int threads : {1, 2}) {
            CAPTURE(keep_limit);
            CAPTURE(threads);
            const auto stats = hard_statistics(n, threads, keep_limit);
            for (int c = 0; c < hard_columns; ++c) {
                CAPTURE(c);
                const auto& s = stats[static_cast<std::size_t>(c)];
                CHECK(s.finite == static_cast<long>(sorted[static_cast<std::size_t>(c)].size()));
                CHECK(s.finite + s.non_finite == n);
                CHECK(s.quantiles[0] == sorted[static_cast<std::size_t>(c)].front());
                CHECK(s.quantiles[4] == sorted[static_cast<std::size_t>(c)].back());
                CHECK(s.quantiles[1] == expected(c, 0.05));
                CHECK(s.quantiles[2] == expected(c, 0.50));
                CHECK(s.quantiles[3] == expected(c, 0.95));
            }
        }
    }
}

TEST_CASE("statistics: samples that are not finite are counted, and left out of the statistics") {
    const auto stats = hard_statistics(5000, 1, long{1} << 22);  // kept whole
    const auto& s = stats[3];
    long expected_bad = 0;
    for (long i = 0; i < 5000; ++i) expected_bad += !std::isfinite(hard_value(3, i));
    CHECK(s.non_finite == expected_bad);
    CHECK(std::isfinite(s.mean));
    CHECK(s.quantiles[2] == doctest::Approx(1.0));
}

TEST_CASE("statistics: order keys sort doubles as their values, -0 before +0") {
    const double values[] = {-std::numeric_limits<double>::max(), -1.5, -std::numeric_limits<double>::denorm_min(), -0.0, 0.0,
                             std::numeric_limits<double>::denorm_min(), 1.0, std::numeric_limits<double>::max()};
    for (std::size_t i = 0; i + 1 < std::size(values); ++i) {
        CAPTURE(values[i]);
        CHECK(detail::order_key(values[i]) < detail::order_key(values[i + 1]));
        CHECK(detail::from_order_key(detail::order_key(values[i])) == values[i]);
    }
}

TEST_CASE("statistics: progress counts every pass, ending at its total") {
    const model m = test::compile_file("scenarios/bloom-176b.yaml");
    std::vector<std::pair<long, long>> calls;
    (void)run_monte_carlo(m, {2 * detail::sample_unit, 42, 2048, [&](long done, long total) { calls.emplace_back(done, total); }, 2});
    REQUIRE_FALSE(calls.empty());
    for (std::size_t i = 1; i < calls.size(); ++i) CHECK(calls[i].first > calls[i - 1].first);
    CHECK(calls.back().first == calls.back().second);
    CHECK(calls.back().first == 4 * detail::sample_unit);  // two passes
}

TEST_CASE("statistics: a run of the totals alone (a sweep's row) gives the full run's totals and parity") {
    const model m = test::compile_file("scenarios/bloom-176b.yaml");
    for (const long n : {5000L, 3 * detail::sample_unit}) {
        CAPTURE(n);
        const run_result all = run_monte_carlo(m, {n, 11});
        const run_result totals = run_monte_carlo(m, {n, 11}, run_scope::totals);
        CHECK(totals.phases.empty());
        CHECK(totals.provenance.empty());
        REQUIRE(totals.total.size() == all.total.size());
        for (std::size_t k = 0; k < all.total.size(); ++k) {
            CAPTURE(all.indicators[k].key);
            // Not assessed is NaN in both.
            auto same = [](double a, double b) { return a == b || (std::isnan(a) && std::isnan(b)); };
            CHECK(same(totals.total[k].mean, all.total[k].mean));
            CHECK(same(totals.total[k].p05, all.total[k].p05));
            CHECK(same(totals.total[k].p50, all.total[k].p50));
            CHECK(same(totals.total[k].p95, all.total[k].p95));
            CHECK(totals.total[k].status == all.total[k].status);
        }
        REQUIRE(totals.parity);
        CHECK(totals.parity->p50 == all.parity->p50);
        CHECK(totals.parity->mean == all.parity->mean);
    }
}

TEST_CASE("statistics: exp and log give the same samples whatever the batch (review of issue 15)") {
    // Eigen's vectorised exp and log differed from the scalar ones in the last bit, and which
    // path an element took depended on the batch.
    const model m = test::compile_text("name: el\nparameters:\n  u: {value: 1, uniform: [0.5, 2]}\n" + std::string(test::plain_site) +
                                       "phases:\n  - name: p\n    kind: idle\n    site: s\n"
                                       "    energy: exp(u) * 1 kWh + log(u) * 1 kWh + u^2.5 * 1 kWh\n");
    const long n = 3 * detail::sample_unit + 1235;
    const Eigen::ArrayXXd a = sample_outputs(m, {n, 5, 2048}), b = sample_outputs(m, {n, 5, 333}), c = sample_outputs(m, {n, 5, 7});
    CHECK((a == b).all());
    CHECK((a == c).all());
    CHECK(render_json(run_monte_carlo(m, {n, 5, 7})) == render_json(run_monte_carlo(m, {n, 5, 2048})));
}

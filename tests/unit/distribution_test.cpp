// Each distribution's sample mean and percentiles against its analytic values.
// Analytic values were computed independently (Python's statistics.NormalDist); the
// tolerances allow for 200,000 draws with a fixed seed (standard errors are ~0.2 % or less).
#include <doctest/doctest.h>

#include <cmath>
#include <numeric>
#include <vector>

#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/stats/distribution.hpp"
#include "kaya/stats/random.hpp"
#include "test_support.hpp"

using namespace kaya;

namespace {

struct sample_stats {
    double mean, p05, p50, p95;
};

sample_stats sample(const distribution& d, long n = 200'000) {
    std::vector<double> x(static_cast<std::size_t>(n));
    uniform_draws(stream_key(7, "x"), 0, n, x.data());
    d.quantiles(x.data(), n);
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(n);
    return {mean, quantile(x, 0.05), quantile(x, 0.5), quantile(x, 0.95)};
}

constexpr double z95 = 1.6448536270;  // standard normal 95th percentile

}  // namespace

TEST_CASE("distribution: uniform(2, 6)") {
    const auto s = sample(distribution::uniform(2, 6));
    CHECK(s.mean == test::within(4.0, 0.005));
    CHECK(s.p05 == test::within(2.2, 0.005));
    CHECK(s.p50 == test::within(4.0, 0.005));
    CHECK(s.p95 == test::within(5.8, 0.005));
}

TEST_CASE("distribution: triangular(1, 2, 4)") {
    const auto d = distribution::triangular(1, 2, 4);
    const auto s = sample(d);
    CHECK(d.centre() == 2.0);
    CHECK(s.mean == test::within(7.0 / 3.0, 0.005));
    CHECK(s.p05 == test::within(1.3872983346, 0.005));
    CHECK(s.p50 == test::within(2.2679491924, 0.005));
    CHECK(s.p95 == test::within(3.4522774425, 0.005));
}

TEST_CASE("distribution: normal(10, 2)") {
    const auto s = sample(distribution::normal(10, 2, false));
    CHECK(s.mean == test::within(10.0, 0.005));
    CHECK(s.p05 == test::within(10 - 2 * z95, 0.005));
    CHECK(s.p50 == test::within(10.0, 0.005));
    CHECK(s.p95 == test::within(10 + 2 * z95, 0.005));
}

TEST_CASE("distribution: normal(1, 2) truncated at zero") {
    const auto d = distribution::normal(1, 2, true);
    const auto s = sample(d);
    CHECK(d.mean() == test::within(2.018321, 1e-6));
    CHECK(s.mean == test::within(2.018321, 0.01));
    CHECK(s.p05 == test::within(0.192023, 0.02));
    CHECK(s.p50 == test::within(1.793742, 0.01));
    CHECK(s.p95 == test::within(4.634926, 0.01));
    CHECK(d.quantile(1e-12) >= 0.0);
}

TEST_CASE("distribution: lognormal(median 150, gsd 1.5)") {
    const auto d = distribution::lognormal(150, 1.5);
    const auto s = sample(d);
    CHECK(d.centre() == doctest::Approx(150));
    CHECK(d.mean() == test::within(162.851098, 1e-6));
    CHECK(s.mean == test::within(162.851098, 0.005));
    CHECK(s.p05 == test::within(76.992233, 0.005));
    CHECK(s.p50 == test::within(150.0, 0.005));
    CHECK(s.p95 == test::within(292.237272, 0.005));
}

TEST_CASE("distribution: a zero-width range is the point value") {
    CHECK(distribution::uniform(3, 3).quantile(0.37) == 3.0);
    CHECK(distribution::triangular(3, 3, 3).quantile(0.91) == 3.0);
}

TEST_CASE("normal quantile: AS 241 against known values") {
    CHECK(normal_quantile(0.5) == 0.0);
    CHECK(normal_quantile(0.975) == test::within(1.959963984540054, 1e-14));
    CHECK(normal_quantile(1e-10) == test::within(-6.361340902404056, 1e-12));
    CHECK(normal_cdf(normal_quantile(0.3)) == test::within(0.3, 1e-14));
}

TEST_CASE("random: draws lie in (0, 1) and do not depend on how they are batched") {
    std::vector<double> all(1000), part(10);
    const auto key = stream_key(42, "gpu_hours");
    uniform_draws(key, 0, 1000, all.data());
    uniform_draws(key, 500, 10, part.data());
    for (int i = 0; i < 10; ++i) CHECK(part[static_cast<std::size_t>(i)] == all[static_cast<std::size_t>(500 + i)]);
    for (const double u : all) CHECK((u > 0.0 && u < 1.0));
    CHECK(stream_key(42, "a") != stream_key(42, "b"));
    CHECK(stream_key(42, "a") != stream_key(43, "a"));
}

TEST_CASE("quantile: linear interpolation between order statistics (type 7)") {
    std::vector<double> x{4, 1, 3, 2};
    CHECK(quantile(x, 0.5) == 2.5);
    CHECK(quantile(x, 0.0) == 1.0);
    CHECK(quantile(x, 1.0) == 4.0);
    CHECK(quantile(x, 0.05) == doctest::Approx(1.15));
}

TEST_CASE("distribution: the batch quantile function gives the same bits as the scalar one") {
    for (const auto& d : {distribution::uniform(1, 3), distribution::triangular(1, 2, 4), distribution::triangular(150, 150, 273),
                          distribution::normal(10, 2, true), distribution::lognormal(150, 1.5)}) {
        std::vector<double> u(1000);
        uniform_draws(stream_key(1, "bits"), 0, 1000, u.data());
        std::vector<double> batch = u;
        d.quantiles(batch.data(), 1000);
        for (std::size_t i = 0; i < u.size(); ++i) REQUIRE(batch[i] == d.quantile(u[i]));
    }
}

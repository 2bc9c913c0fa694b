// Interval arithmetic: the ranges that range checks rely on.
#include <doctest/doctest.h>

#include <cmath>

#include "model/interval.hpp"

using namespace kaya;
using detail::interval;

namespace {

// x in [1, 3] and y in [-2, 5], as inputs 0 and 1.
struct fixture {
    graph g;
    int x = g.input(0, dims::none);
    int y = g.input(1, dims::none);
    std::vector<interval> inputs{{1, 3}, {-2, 5}};
    interval range(int node) const { return detail::node_range(g, inputs, node); }
};

}  // namespace

TEST_CASE("interval: arithmetic takes the extremes over the endpoints") {
    fixture f;
    const interval sum = f.range(f.g.add(f.x, f.y));
    CHECK(sum.low == -1);
    CHECK(sum.high == 8);
    const interval difference = f.range(f.g.sub(f.x, f.y));
    CHECK(difference.low == -4);
    CHECK(difference.high == 5);
    SUBCASE("a product of a positive and a mixed-sign range: all four endpoint products") {
        const interval p = f.range(f.g.mul(f.x, f.y));
        CHECK(p.low == -6);
        CHECK(p.high == 15);
    }
    SUBCASE("dividing by a range that contains zero is unbounded") {
        const interval q = f.range(f.g.div(f.x, f.y));
        CHECK(std::isinf(q.low));
        CHECK(std::isinf(q.high));
    }
    SUBCASE("an even power of a mixed-sign range starts at zero") {
        const interval sq = f.range(f.g.pow(f.y, f.g.constant(2, dims::none)));
        CHECK(sq.low == 0);
        CHECK(sq.high == 25);
    }
}

TEST_CASE("interval: the support of each distribution") {
    CHECK(detail::support(distribution::triangular(1, 2, 4)).high == 4);
    CHECK(detail::support(distribution::normal(1, 1, true)).low == 0);
    CHECK(std::isinf(detail::support(distribution::normal(1, 1, false)).low));
    CHECK(detail::support(distribution::lognormal(2, 1.5)).low == 0);
}

// Units as equations: every conversion kaya relies on, stated once.
#include <doctest/doctest.h>

#include <boost/units/quantity.hpp>
#include <boost/units/systems/si.hpp>

#include "kaya/errors/error.hpp"
#include "kaya/units/unit.hpp"

using namespace kaya;

namespace {

double in(const char* text, const char* target) {
    const auto a = parse_unit(text);
    const auto b = parse_unit(target);
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(a->dim == b->dim);
    return a->factor / b->factor;
}

// The compile-time rule behind the run-time checks, in Boost.Units' typed quantities.
template <class A, class B>
concept addable = requires(A a, B b) { a + b; };
namespace bu = boost::units;
static_assert(addable<bu::quantity<bu::si::energy>, bu::quantity<bu::si::energy>>);
static_assert(!addable<bu::quantity<bu::si::energy>, bu::quantity<bu::si::mass>>,
              "kWh + kg must not compile");
static_assert(!addable<bu::quantity<bu::si::power>, bu::quantity<bu::si::energy>>,
              "W + Wh must not compile");

}  // namespace

TEST_CASE("units: energy") {
    CHECK(in("kWh", "MJ") == doctest::Approx(3.6).epsilon(1e-15));
    CHECK(in("MWh", "kWh") == doctest::Approx(1000));
    CHECK(in("GWh", "MWh") == doctest::Approx(1000));
    CHECK(in("Wh", "J") == doctest::Approx(3600));
    CHECK(in("GJ", "kJ") == doctest::Approx(1e6));
    CHECK(in("W*h", "Wh") == doctest::Approx(1));
    CHECK(in("kW*h", "kWh") == doctest::Approx(1));
}

TEST_CASE("units: power and time") {
    CHECK(in("MW", "W") == doctest::Approx(1e6));
    CHECK(in("kW", "W") == doctest::Approx(1e3));
    CHECK(in("min", "s") == doctest::Approx(60));
    CHECK(in("h", "min") == doctest::Approx(60));
    CHECK(in("day", "h") == doctest::Approx(24));
    CHECK(in("week", "day") == doctest::Approx(7));
    SUBCASE("a year is the Julian year: 365.25 days = 8,766 h") {
        CHECK(in("year", "day") == doctest::Approx(365.25).epsilon(1e-15));
        CHECK(in("year", "h") == doctest::Approx(8766));
    }
    CHECK(in("days", "day") == 1.0);
}

TEST_CASE("units: carbon is not mass") {
    CHECK(in("tCO2e", "kgCO2e") == doctest::Approx(1000));
    CHECK(in("kgCO2e", "gCO2e") == doctest::Approx(1000));
    CHECK(in("t", "kg") == doctest::Approx(1000));
    CHECK(parse_unit("gCO2e")->dim != parse_unit("g")->dim);
    CHECK(parse_unit("kgCO2eq")->dim == parse_unit("kgCO2e")->dim);
}

TEST_CASE("units: volume, fractions and counts") {
    CHECK(in("m3", "L") == doctest::Approx(1000));
    CHECK(in("L", "mL") == doctest::Approx(1000));
    CHECK(parse_unit("%")->factor == doctest::Approx(0.01));
    CHECK(parse_unit("%")->dim.dimensionless());
    SUBCASE("hardware counts are plain numbers") {
        CHECK(parse_unit("kgCO2e/GPU")->dim == dims::carbon);
        CHECK(parse_unit("W/node")->dim == dims::power);
    }
}

TEST_CASE("units: memory") {
    CHECK(in("GB", "MB") == doctest::Approx(1000));
    CHECK(in("GiB", "MiB") == doctest::Approx(1024));
    CHECK(in("GiB", "GB") == doctest::Approx(1.073741824));
    CHECK(parse_unit("GB")->dim != parse_unit("g")->dim);
}

TEST_CASE("units: compounds") {
    SUBCASE("57 gCO2e/kWh is 0.057 kgCO2e/kWh") {
        CHECK(in("gCO2e/kWh", "kgCO2e/kWh") == doctest::Approx(1e-3));
        CHECK(parse_unit("gCO2e/kWh")->dim == dims::carbon_intensity);
    }
    CHECK(parse_unit("L/kWh")->dim == dims::water_intensity);
    CHECK(in("kgCO2e/GPU/h", "kgCO2e/h") == doctest::Approx(1));
    CHECK(parse_unit("m^3")->dim == dims::volume);
    CHECK(parse_unit("1/h")->dim == dims::none / dims::time);
    CHECK(in("W·h", "Wh") == doctest::Approx(1));
}

TEST_CASE("units: queries, requests and tokens do not mix") {
    const auto per_query = *parse_unit("Wh/query");
    const auto per_token = *parse_unit("Wh/token");
    const auto queries = *parse_unit("query");
    CHECK((per_query * queries).dim == dims::energy);
    CHECK((per_token * queries).dim != dims::energy);
    CHECK(parse_unit("request")->dim != parse_unit("query")->dim);
    CHECK(in("Mtoken", "token") == doctest::Approx(1e6));
}

TEST_CASE("units: an unknown symbol is reported with the nearest known one") {
    unit_parse_failure why;
    CHECK_FALSE(parse_unit("kwh", &why));
    CHECK(why.symbol == "kwh");
    CHECK(why.suggestion == "kWh");
    CHECK_FALSE(parse_unit("gCO2e/kwh", &why));
    CHECK(why.offset == 6);
    CHECK_FALSE(parse_unit("kWh/", &why));
    CHECK(why.message == "the unit ends with an operator");
}

TEST_CASE("units: dimensions are described in words") {
    CHECK(describe(dims::energy) == "an energy (e.g. kWh)");
    CHECK(describe(dims::carbon_intensity) == "a carbon intensity (e.g. gCO2e/kWh)");
    CHECK(describe(dims::energy * dims::query / dims::token) == "in m^2·kg·query/s^2·token");
}

TEST_CASE("units: pounds, as Strubell-era figures write them, and responses") {
    // The avoirdupois pound is 0.45359237 kg exactly (International Yard and Pound Agreement, 1959).
    CHECK(in("lb", "kg") == doctest::Approx(0.45359237).epsilon(1e-15));
    CHECK(in("lbCO2e", "kgCO2e") == doctest::Approx(0.45359237).epsilon(1e-15));
    CHECK(in("lbCO2e/MWh", "gCO2e/kWh") == doctest::Approx(0.45359237).epsilon(1e-15));
    CHECK(parse_unit("lbCO2e")->dim == dims::carbon);  // carbon, not mass
    // A response answers a request: an energy per response times requests is an energy.
    CHECK(parse_unit("response")->dim == dims::request);
    CHECK(in("Wh/response", "Wh/request") == 1.0);
}

TEST_CASE("units: the mistakes people make are named") {
    // Carbon written as a mass.
    CHECK(mismatch_hint(dims::carbon_intensity, dims::mass / dims::energy) ==
          "carbon is its own unit, kgCO2e or gCO2e, never kg or g: write kgCO2e where you wrote kg");
    CHECK(mismatch_hint(dims::carbon, dims::mass) != "");
    CHECK(mismatch_hint(dims::carbon, dims::energy) == "");
    CHECK(describe(dims::mass / dims::energy) == "a mass per energy (e.g. kg/kWh)");
}

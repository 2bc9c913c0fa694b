// The table of unit symbols. Time, volume and mass factors come from Boost.Units'
// definitions (metric hour, day, Julian year, litre, tonne) rather than typed-in numbers.
#include <boost/units/base_units/metric/day.hpp>
#include <boost/units/base_units/metric/hour.hpp>
#include <boost/units/base_units/metric/liter.hpp>
#include <boost/units/base_units/metric/minute.hpp>
#include <boost/units/base_units/metric/ton.hpp>
#include <boost/units/base_units/metric/year.hpp>
#include <boost/units/base_units/imperial/pound.hpp>
#include <boost/units/conversion.hpp>
#include <boost/units/systems/si.hpp>

#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "kaya/units/unit.hpp"
#include "units/detail.hpp"

namespace kaya::detail {
namespace {

namespace bu = boost::units;
namespace bm = boost::units::metric;

double seconds_per(auto base_unit) {
    return bu::conversion_factor(typename decltype(base_unit)::unit_type(), bu::si::second);
}

struct table {
    std::vector<std::string> order;
    std::unordered_map<std::string, unit> by_symbol;

    void add(std::initializer_list<const char*> symbols, unit u) {
        for (const char* s : symbols) {
            order.emplace_back(s);
            by_symbol.emplace(s, u);
        }
    }
};

table make_table() {
    using namespace dims;
    const double minute = seconds_per(bm::minute_base_unit());
    const double hour = seconds_per(bm::hour_base_unit());
    const double day = seconds_per(bm::day_base_unit());
    // A year is the Julian year of 365.25 days (8,766 h), as Boost.Units and the IAU define it.
    const double year = seconds_per(bm::year_base_unit());
    const double litre =
        bu::conversion_factor(bm::liter_base_unit::unit_type(), bu::si::cubic_meter);
    const double tonne = bu::conversion_factor(bm::ton_base_unit::unit_type(), bu::si::kilogram);
    // The avoirdupois pound, 0.45359237 kg exactly, for figures of the Strubell era.
    const double pound = bu::conversion_factor(bu::imperial::pound_base_unit::unit_type(), bu::si::kilogram);

    table t;
    // Power.
    t.add({"W"}, {1.0, power});
    t.add({"mW"}, {1e-3, power});
    t.add({"kW"}, {1e3, power});
    t.add({"MW"}, {1e6, power});
    t.add({"GW"}, {1e9, power});
    // Energy.
    t.add({"J"}, {1.0, energy});
    t.add({"kJ"}, {1e3, energy});
    t.add({"MJ"}, {1e6, energy});
    t.add({"GJ"}, {1e9, energy});
    t.add({"TJ"}, {1e12, energy});
    t.add({"Wh"}, {hour, energy});
    t.add({"kWh"}, {1e3 * hour, energy});
    t.add({"MWh"}, {1e6 * hour, energy});
    t.add({"GWh"}, {1e9 * hour, energy});
    t.add({"TWh"}, {1e12 * hour, energy});
    // Time.
    t.add({"s", "second", "seconds"}, {1.0, time});
    t.add({"min", "minute", "minutes"}, {minute, time});
    t.add({"h", "hour", "hours"}, {hour, time});
    t.add({"day", "days"}, {day, time});
    t.add({"week", "weeks"}, {7.0 * day, time});
    t.add({"year", "years"}, {year, time});
    // Carbon: kg of CO2-equivalent, a dimension of its own so that it never mixes with mass.
    t.add({"gCO2e", "gCO2eq"}, {1e-3, carbon});
    t.add({"kgCO2e", "kgCO2eq"}, {1.0, carbon});
    t.add({"tCO2e", "tCO2eq"}, {tonne, carbon});
    t.add({"ktCO2e", "ktCO2eq"}, {1e3 * tonne, carbon});
    t.add({"MtCO2e", "MtCO2eq"}, {1e6 * tonne, carbon});
    t.add({"lbCO2e", "lbCO2eq", "lbsCO2e"}, {pound, carbon});
    // Abiotic depletion of elements, in antimony equivalent: a dimension of its own, since
    // it characterises many metals and is no mass of antimony that anyone holds.
    t.add({"mgSbeq"}, {1e-6, antimony});
    t.add({"gSbeq"}, {1e-3, antimony});
    t.add({"kgSbeq"}, {1.0, antimony});
    // Mass (of hardware, never of emissions).
    t.add({"mg"}, {1e-6, mass});
    t.add({"g"}, {1e-3, mass});
    t.add({"kg"}, {1.0, mass});
    t.add({"t"}, {tonne, mass});
    t.add({"lb", "lbs"}, {pound, mass});
    // Volume (water).
    t.add({"mL"}, {1e-3 * litre, volume});
    t.add({"L"}, {litre, volume});
    t.add({"kL"}, {1e3 * litre, volume});
    t.add({"ML"}, {1e6 * litre, volume});
    t.add({"m3", "m^3"}, {1.0, volume});
    // Length (for equivalents such as car-km).
    t.add({"m"}, {1.0, length});
    t.add({"km"}, {1e3, length});
    // Dimensionless: fractions and hardware counts. Counts of hardware are plain numbers,
    // so `kgCO2e/GPU` reads as kgCO2e per unit of hardware.
    t.add({"%", "percent"}, {1e-2, none});
    t.add({"GPU", "GPUs", "TPU", "TPUs", "CPU", "CPUs", "node", "nodes", "server", "servers",
           "device", "devices", "unit", "units", "card", "cards", "chip", "chips"},
          {1.0, none});
    // Countable kinds that must not mix with one another.
    // A prompt to a chat application is a query to it.
    t.add({"query", "queries", "prompt", "prompts"}, {1.0, query});
    t.add({"image", "images"}, {1.0, image});
    // A response answers one request: they count the same thing.
    t.add({"request", "requests", "response", "responses"}, {1.0, request});
    t.add({"token", "tokens"}, {1.0, token});
    t.add({"ktoken", "ktokens"}, {1e3, token});
    t.add({"Mtoken", "Mtokens"}, {1e6, token});
    // Memory, in bytes: decimal (GB) and binary (GiB) multiples.
    t.add({"B", "byte", "bytes"}, {1.0, information});
    t.add({"kB"}, {1e3, information});
    t.add({"MB"}, {1e6, information});
    t.add({"GB"}, {1e9, information});
    t.add({"TB"}, {1e12, information});
    t.add({"KiB"}, {1024.0, information});
    t.add({"MiB"}, {1048576.0, information});
    t.add({"GiB"}, {1073741824.0, information});
    t.add({"TiB"}, {1099511627776.0, information});
    return t;
}

const table& the_table() {
    static const table t = make_table();
    return t;
}

}  // namespace

const unit* lookup_unit(std::string_view symbol) {
    const auto& map = the_table().by_symbol;
    const auto it = map.find(std::string(symbol));
    return it == map.end() ? nullptr : &it->second;
}

const std::vector<std::string>& all_unit_symbols() { return the_table().order; }

}  // namespace kaya::detail

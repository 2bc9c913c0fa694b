#include "kaya/units/unit.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "errors/suggest.hpp"
#include "units/detail.hpp"

namespace kaya {
namespace {

bool symbol_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) != 0 || c == '%' || c == '_' || u >= 0x80;  // µ, ² and the like
}

bool fail(unit_parse_failure* failure, std::size_t offset, std::string message) {
    if (failure) *failure = {offset, {}, std::move(message), {}};
    return false;
}

}  // namespace

std::optional<unit> find_unit(std::string_view symbol) {
    if (const unit* u = detail::lookup_unit(symbol)) return *u;
    return std::nullopt;
}

const std::vector<std::string>& unit_symbols() { return detail::all_unit_symbols(); }

std::optional<unit> parse_unit(std::string_view text, unit_parse_failure* failure) {
    unit result;
    std::size_t i = 0;
    bool divide = false;
    bool expect_symbol = true;
    // A leading "1/" (as in 1/h) is a reciprocal.
    if (text.size() > 2 && text[0] == '1' && text[1] == '/') {
        divide = true;
        i = 2;
    }
    while (i < text.size()) {
        if (!expect_symbol) {
            const std::string_view rest = text.substr(i);
            if (text[i] == '*') { divide = false; ++i; }
            else if (text[i] == '/') { divide = true; ++i; }
            else if (rest.starts_with("\xC2\xB7")) { divide = false; i += 2; }  // U+00B7 middle dot
            else {
                fail(failure, i, fmt::format("expected '*' or '/' in unit, found '{}'", text[i]));
                return std::nullopt;
            }
            expect_symbol = true;
            continue;
        }
        const std::size_t start = i;
        // "m^3" is a symbol of its own; otherwise a symbol ends at an operator or '^'.
        while (i < text.size() && symbol_char(text[i]) && !text.substr(i).starts_with("\xC2\xB7")) ++i;
        if (i == start) {
            fail(failure, i, "expected a unit symbol");
            return std::nullopt;
        }
        const std::string_view symbol = text.substr(start, i - start);
        const unit* u = detail::lookup_unit(symbol);
        if (!u) {
            if (failure) {
                *failure = {start, std::string(symbol), {},
                            detail::nearest(symbol, detail::all_unit_symbols())};
            }
            return std::nullopt;
        }
        unit term = *u;
        if (i < text.size() && text[i] == '^') {
            ++i;
            const std::size_t exp_start = i;
            if (i < text.size() && text[i] == '-') ++i;
            while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
            const std::string_view digits = text.substr(exp_start, i - exp_start);
            if (digits.empty() || digits == "-") {
                fail(failure, exp_start, "expected an integer power after '^'");
                return std::nullopt;
            }
            int power = 0;
            const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), power);
            if (ec != std::errc() || end != digits.data() + digits.size() || std::abs(power) > max_unit_power) {
                fail(failure, exp_start, fmt::format("the power of a unit must be a whole number from -{0} to {0}", max_unit_power));
                return std::nullopt;
            }
            term = {std::pow(term.factor, power), term.dim.pow(power)};
        }
        result = divide ? result / term : result * term;
        if (!result.dim.within(max_unit_power)) {
            fail(failure, start, fmt::format("the unit's powers exceed {}", max_unit_power));
            return std::nullopt;
        }
        expect_symbol = false;
    }
    if (expect_symbol) {
        fail(failure, text.size(), "the unit ends with an operator");
        return std::nullopt;
    }
    return result;
}

namespace {

// A dimension written in base units: "m^2·kg/s^3", "1/s".
std::string base_units(dimension d) {
    static const char* symbols[] = {"m", "kg", "s", "kgCO2e", "query", "request", "token", "B", "kgSbeq", "image"};
    std::string up, down;
    for (std::size_t b = 0; b < base_dimension_count; ++b) {
        const int e = d.exponent(static_cast<base_dimension>(b));
        if (e == 0) continue;
        std::string& side = e > 0 ? up : down;
        if (!side.empty()) side += "·";
        side += symbols[b];
        if (std::abs(e) != 1) side += fmt::format("^{}", std::abs(e));
    }
    if (up.empty()) up = "1";
    return down.empty() ? up : fmt::format("{}/{}", up, down);
}

}  // namespace

display_unit display_unit_for(dimension d) {
    using namespace dims;
    const double hour = find_unit("h")->factor;
    if (d == carbon) return {"kgCO2e", 1.0};
    if (d == energy) return {"kWh", find_unit("kWh")->factor};
    if (d == volume) return {"L", find_unit("L")->factor};
    if (d == power) return {"W", 1.0};
    if (d == time) return {"h", hour};
    if (d == carbon_intensity) return {"gCO2e/kWh", find_unit("gCO2e")->factor / find_unit("kWh")->factor};
    if (d == water_intensity) return {"L/kWh", find_unit("L")->factor / find_unit("kWh")->factor};
    if (d == information) return {"GB", find_unit("GB")->factor};
    if (d == antimony) return {"kgSbeq", 1.0};
    if (d == antimony / energy) return {"kgSbeq/kWh", 1.0 / find_unit("kWh")->factor};
    if (d == mass) return {"kg", 1.0};
    if (d == length) return {"km", 1000.0};
    // Per query, request or token; counts per day.
    for (const auto& [count, symbol] : {std::pair{query, "query"}, {request, "request"}, {token, "token"}, {image, "image"}}) {
        if (d == energy / count) return {fmt::format("Wh/{}", symbol), find_unit("Wh")->factor};
        if (d == carbon / count) return {fmt::format("gCO2e/{}", symbol), find_unit("gCO2e")->factor};
        if (d == volume / count) return {fmt::format("mL/{}", symbol), find_unit("mL")->factor};
        if (d == count / time) return {fmt::format("{}/day", symbol), 1.0 / find_unit("day")->factor};
    }
    if (d == none) return {"", 1.0, false};
    // Anything else in base units, which every value converts to exactly: kg·m^2/s^3.
    return {base_units(d), 1.0};
}

std::string mismatch_hint(dimension expected, dimension got) {
    using namespace dims;
    // Carbon written as a plain mass: 0.545 kg/kWh for 0.545 kgCO2e/kWh.
    for (int sign : {1, -1}) {
        if (got.exponent(base_dimension::carbon) == 0 && expected.exponent(base_dimension::carbon) == sign &&
            got == expected / carbon.pow(sign) * mass.pow(sign)) {
            return "carbon is its own unit, kgCO2e or gCO2e, never kg or g: write kgCO2e where you wrote kg";
        }
    }
    return "";
}

std::string describe(dimension d) {
    using namespace dims;
    struct named { dimension dim; const char* text; };
    static const named names[] = {
        {none, "dimensionless (a plain number or %)"},
        {energy, "an energy (e.g. kWh)"},
        {power, "a power (e.g. W)"},
        {time, "a duration (e.g. h)"},
        {carbon, "a carbon mass (e.g. kgCO2e)"},
        {mass, "a mass (e.g. kg)"},
        {volume, "a volume (e.g. L)"},
        {length, "a length (e.g. km)"},
        {carbon_intensity, "a carbon intensity (e.g. gCO2e/kWh)"},
        {water_intensity, "a water intensity (e.g. L/kWh)"},
        {query, "a number of queries (e.g. query)"},
        {request, "a number of requests (e.g. request)"},
        {token, "a number of tokens (e.g. token)"},
        {image, "a number of images (e.g. image)"},
        {information, "an amount of memory (e.g. GB)"},
        {antimony, "an abiotic depletion (e.g. kgSbeq)"},
        {mass / energy, "a mass per energy (e.g. kg/kWh)"},
        {mass / time, "a mass per time (e.g. kg/h)"},
        {antimony / energy, "an abiotic depletion per energy (e.g. kgSbeq/kWh)"},
        {energy / query, "an energy per query (e.g. Wh/query)"},
        {energy / request, "an energy per request (e.g. Wh/request)"},
        {energy / token, "an energy per token (e.g. Wh/token)"},
        {energy / image, "an energy per image (e.g. Wh/image)"},
    };
    for (const auto& n : names)
        if (n.dim == d) return n.text;
    return "in " + base_units(d);
}

}  // namespace kaya

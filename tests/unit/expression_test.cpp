// Formulas: grammar, units on literals, dimension checks when they are compiled.
#include <doctest/doctest.h>

#include "kaya/errors/error.hpp"
#include "kaya/scenario/expression.hpp"
#include "test_support.hpp"

using namespace kaya;

TEST_CASE("expression: a number with a unit is one literal in base units") {
    const expression e = parse_expression("57 gCO2e/kWh", {});
    REQUIRE(e.is_literal());
    CHECK(e.nodes[0].value == doctest::Approx(0.057 / 3.6e6));
    CHECK(e.nodes[0].dim == dims::carbon_intensity);
    CHECK(parse_expression("400W", {}).nodes[0].value == 400.0);
    CHECK(parse_expression("1.5e3 h", {}).nodes[0].value == doctest::Approx(1.5e3 * 3600));
}

TEST_CASE("expression: precedence and names") {
    const expression e = parse_expression("a + b * c ^ 2", {});
    REQUIRE(e.references().size() == 3);
    CHECK(e.nodes[static_cast<std::size_t>(e.root)].op == expr_op::add);
    const expression call = parse_expression("max(a, 2 h)", {});
    CHECK(call.nodes[static_cast<std::size_t>(call.root)].op == expr_op::call);
}

TEST_CASE("expression: syntax errors point at the character") {
    CHECK_THROWS_WITH_AS(parse_expression("400 W *", {}), "kaya: error: invalid expression: expected a number, a name or '(' [invalid-expression]", input_error);
    CHECK_THROWS_AS(parse_expression("(1 + 2", {}), input_error);
    CHECK_THROWS_WITH_AS(parse_expression("sine(x)", {}), "kaya: error: undefined function 'sine'; did you mean 'sin'? [undefined-reference]", input_error);
    CHECK_THROWS_AS(parse_expression("min(1)", {}), input_error);
}

TEST_CASE("expression: a number with thousands separators says how to write it") {
    CHECK_THROWS_WITH_AS(parse_expression("50,000", {}),
                         "kaya: error: invalid expression: unexpected ','; numbers take no thousands separators: write 50000 [invalid-expression]",
                         input_error);
    CHECK_THROWS_WITH_AS(parse_expression("1,250,000.5 kWh", {}),
                         "kaya: error: invalid expression: unexpected ','; numbers take no thousands separators: write 1250000.5 [invalid-expression]",
                         input_error);
    CHECK_THROWS_WITH_AS(parse_expression("50 000 queries", {}),
                         "kaya: error: invalid expression: unexpected '0'; numbers take no thousands separators: write 50000 [invalid-expression]",
                         input_error);
    SUBCASE("a comma that is no thousands separator has no such hint") {
        CHECK_THROWS_WITH_AS(parse_expression("5,00", {}), "kaya: error: invalid expression: unexpected ',' [invalid-expression]", input_error);
    }
}

TEST_CASE("formula: dimensions are checked when the scenario compiles") {
    auto with = [](const std::string& params) {
        return test::compile_text("name: t\nparameters:\n" + params + std::string(test::plain_site) +
                                  "phases:\n  - name: p\n    kind: idle\n    site: s\n    energy: e\n");
    };
    SUBCASE("a product of power and time is an energy") {
        const model m = with("  p: 2 kW\n  t: 3 h\n  e: p * t\n");
        CHECK(test::nominal(m, "p", "energy") == doctest::Approx(6 * 3.6e6));
    }
    SUBCASE("adding an energy to a carbon mass is an error") {
        CHECK_THROWS_AS(with("  e: 1 kWh + 1 kgCO2e\n"), unit_error);
    }
    SUBCASE("a power is not an energy") {
        CHECK_THROWS_AS(with("  e: 400 W\n"), unit_error);
    }
    SUBCASE("powers and roots") {
        const model m = with("  side: 2 m\n  area: side ^ 2\n  e: sqrt(area) / 1 m * 5 kWh\n");
        CHECK(test::nominal(m, "p", "energy") == doctest::Approx(10 * 3.6e6));
    }
}

TEST_CASE("formula: depth is bounded, so no input can exhaust the stack") {
    SUBCASE("nesting") {
        const std::string deep = std::string(201, '(') + "1" + std::string(201, ')');
        CHECK_THROWS_WITH_AS(parse_expression(deep, {}),
                             "kaya: error: invalid expression: the formula nests more than 200 levels deep [invalid-expression]",
                             input_error);
        CHECK_NOTHROW(parse_expression(std::string(150, '(') + "1" + std::string(150, ')'), {}));
    }
    SUBCASE("a long chain of parameters, declared in either order, needs no recursion") {
        for (const bool top_down : {true, false}) {
            std::string params;
            for (int k = 0; k <= 20000; ++k) {
                const int i = top_down ? 20000 - k : k;
                params += i == 0 ? "  p0: 1 kWh\n" : "  p" + std::to_string(i) + ": p" + std::to_string(i - 1) + "\n";
            }
            const std::string yaml = "name: chain\nparameters:\n" + params + test::plain_site +
                                     "phases:\n  - {name: p, kind: idle, site: s, energy: p20000}\n";
            CHECK(test::nominal(test::compile_text(yaml), "p", "energy") == doctest::Approx(3.6e6));
        }
    }
    SUBCASE("a long sum compiles without recursion") {
        std::string sum = "1 kWh";
        for (int i = 0; i < 49999; ++i) sum += " + 1 kWh";
        const model m = test::compile_text(std::string("name: sum\n") + test::plain_site +
                                           "phases:\n  - {name: p, kind: idle, site: s, energy: " + sum + "}\n");
        CHECK(test::nominal(m, "p", "energy") == doctest::Approx(50000 * 3.6e6));
    }
    SUBCASE("unary signs and powers count towards the depth") {
        CHECK_THROWS_AS(parse_expression(std::string(300, '-') + "1", {}), input_error);
        std::string tower = "2";
        for (int i = 0; i < 300; ++i) tower += "^1";
        CHECK_THROWS_AS(parse_expression(tower, {}), input_error);
    }
}

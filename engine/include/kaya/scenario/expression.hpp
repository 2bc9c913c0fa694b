#pragma once
//! Formulas as written in a scenario: `gpus * 24 h`, `1082990 h / 8`, `57 gCO2e/kWh`.
//!
//! Grammar (lowest precedence first):
//!   expr    := term (('+' | '-') term)*
//!   term    := unary (('*' | '/') unary)*
//!   unary   := '-' unary | power
//!   power   := primary ('^' unary)?
//!   primary := number unit? | name | name '(' expr (',' expr)* ')' | '(' expr ')'
//! A unit follows its number directly and holds no spaces (`57 gCO2e/kWh`, `400W`); a
//! name after a number is always read as a unit, so write `2 * gpus`, not `2 gpus`.

#include <string>
#include <string_view>
#include <vector>

#include "kaya/errors/source.hpp"
#include "kaya/units/dimension.hpp"

namespace kaya {

enum class expr_op { number, name, call, add, sub, mul, div, pow, neg };

struct expr_node {
    expr_op op = expr_op::number;
    double value = 0.0;          //!< number: value in base units
    dimension dim;               //!< number: its dimension
    std::string name;            //!< name or function
    std::vector<int> args;       //!< operands, as indices into expression::nodes
    source_loc loc;              //!< where this node starts
    std::string text;            //!< the source text of a number with its unit
    std::string unit;            //!< number: the unit as written (`Wh/query`), empty for none
};

//! The most parts (numbers, names, operators and calls) of one formula:
//! docs/reference/limits.md.
inline constexpr std::size_t max_formula_terms = 100'000;

struct expression {
    std::vector<expr_node> nodes;
    int root = -1;
    std::string text;
    source_loc loc;

    //! The names this expression refers to (parameters), in order of appearance.
    [[nodiscard]] std::vector<const expr_node*> references() const;
    //! True when it is a single number with an optional unit.
    [[nodiscard]] bool is_literal() const {
        return nodes.size() == 1 && nodes[0].op == expr_op::number;
    }
};

//! Parses `text`, which starts at `loc` in its file; throws input_error or unit_error
//! pointing at the offending character.
[[nodiscard]] expression parse_expression(std::string_view text, const source_loc& loc);

//! The functions a formula may call, with their number of arguments.
struct function_info {
    const char* name;
    int arity;
};
[[nodiscard]] const std::vector<function_info>& expression_functions();

}  // namespace kaya

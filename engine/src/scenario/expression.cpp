#include <map>
#include "render/text.hpp"
#include "kaya/scenario/expression.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>

#include "errors/suggest.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/units/unit.hpp"

namespace kaya {
namespace {

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool unit_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '%' ||
           static_cast<unsigned char>(c) >= 0x80;
}
bool unit_char(char c) {
    return unit_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '/' ||
           c == '*' || c == '^' || c == '-' || c == '_';
}

class parser {
public:
    parser(std::string_view text, const source_loc& loc) : text_(text), loc_(loc) {}

    expression parse() {
        expression e;
        e.text = std::string(text_);
        e.loc = loc_;
        out_ = &e;
        skip_space();
        if (pos_ == text_.size()) fail(pos_, "the value is empty");
        e.root = parse_sum();
        skip_space();
        if (pos_ < text_.size()) fail(pos_, fmt::format("unexpected '{}'{}", character_at(pos_), thousands_hint(pos_)));
        return e;
    }

private:
    std::string_view text_;
    mutable std::vector<std::size_t> offsets_;  // file offset of each character of text_
    source_loc loc_;
    std::size_t pos_ = 0;
    expression* out_ = nullptr;
    int depth_ = 0;
    static constexpr int max_depth = 200;

    [[noreturn]] void fail(std::size_t at, const std::string& what) const {
        throw input_error::invalid_expression(where(at), what);
    }
    //! The whole UTF-8 character at `at`, so that messages never print half of one.
    [[nodiscard]] std::string_view character_at(std::size_t at) const {
        std::size_t end = at + 1;
        while (end < text_.size() && (static_cast<unsigned char>(text_[end]) & 0xC0) == 0x80) ++end;
        return text_.substr(at, end - at);
    }
    //! For "50,000" or "50 000" stopped at `at`: "; numbers take no thousands separators: write 50000".
    [[nodiscard]] std::string thousands_hint(std::size_t at) const {
        auto digit = [&](std::size_t i) { return i < text_.size() && std::isdigit(static_cast<unsigned char>(text_[i])); };
        std::size_t sep = at;
        if (text_[at] != ',') {
            if (at < 2 || !digit(at) || text_[at - 1] != ' ') return {};
            sep = at - 1;
        }
        const char mark = text_[sep];
        // A separator between digits, followed by a group of exactly three.
        auto group_at = [&](std::size_t i) { return text_[i] == mark && digit(i + 1) && digit(i + 2) && digit(i + 3) && !digit(i + 4); };
        if (sep == 0 || !digit(sep - 1) || !group_at(sep)) return {};
        std::size_t begin = sep;
        while (begin > 0 && (digit(begin - 1) || (begin > 1 && digit(begin - 2) && group_at(begin - 1)))) --begin;
        std::size_t end = sep;
        while (end < text_.size() && (digit(end) || group_at(end) || (text_[end] == '.' && digit(end + 1)))) ++end;
        std::string number;
        for (std::size_t i = begin; i < end; ++i)
            if (text_[i] != mark) number += text_[i];
        return fmt::format("; numbers take no thousands separators: write {}", number);
    }
    [[nodiscard]] source_loc where(std::size_t at) const {
        if (!loc_.known()) return loc_.shifted(static_cast<int>(at));
        // Built once: a formula may be written over several folded lines.
        if (offsets_.empty()) offsets_ = loc_.offsets_within(text_);
        return loc_.at_offset(offsets_[std::min(at, offsets_.size() - 1)]);
    }
    void skip_space() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    }
    bool accept(char c) {
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == c) {
            ++pos_;
            return true;
        }
        return false;
    }
    int add(expr_node node) {
        if (out_->nodes.size() >= max_formula_terms) {
            fail(pos_, fmt::format("the formula has more than {} parts (numbers, names, operators and calls), the most kaya "
                                   "reads in one formula (docs/reference/limits.md); split it into parameters",
                                   detail::thousands(static_cast<long long>(max_formula_terms))));
        }
        out_->nodes.push_back(std::move(node));
        return static_cast<int>(out_->nodes.size()) - 1;
    }
    int binary(expr_op op, int a, int b, std::size_t at) {
        expr_node n;
        n.op = op;
        n.args = {a, b};
        n.loc = where(at);
        return add(std::move(n));
    }

    int parse_sum() {
        int lhs = parse_term();
        for (;;) {
            skip_space();
            const std::size_t at = pos_;
            if (accept('+')) lhs = binary(expr_op::add, lhs, parse_term(), at);
            else if (accept('-')) lhs = binary(expr_op::sub, lhs, parse_term(), at);
            else return lhs;
        }
    }
    int parse_term() {
        int lhs = parse_unary();
        for (;;) {
            skip_space();
            const std::size_t at = pos_;
            if (accept('*')) lhs = binary(expr_op::mul, lhs, parse_unary(), at);
            else if (accept('/')) lhs = binary(expr_op::div, lhs, parse_unary(), at);
            else return lhs;
        }
    }
    int parse_unary() {
        skip_space();
        const std::size_t at = pos_;
        // Every recursion (unary signs, powers, parentheses) passes here; sums and products
        // loop. Deep nesting would exhaust the stack, and a formula that deep is not meant.
        if (++depth_ > max_depth) fail(at, fmt::format("the formula nests more than {} levels deep", max_depth));
        struct leave { int& d; ~leave() { --d; } } guard{depth_};
        if (accept('-')) {
            expr_node n;
            n.op = expr_op::neg;
            n.args = {parse_unary()};
            n.loc = where(at);
            return add(std::move(n));
        }
        if (accept('+')) return parse_unary();
        return parse_power();
    }
    int parse_power() {
        const int base = parse_primary();
        skip_space();
        const std::size_t at = pos_;
        if (accept('^')) return binary(expr_op::pow, base, parse_unary(), at);
        return base;
    }
    int parse_primary() {
        skip_space();
        const std::size_t at = pos_;
        if (pos_ >= text_.size()) fail(pos_, "expected a number, a name or '('");
        const char c = text_[pos_];
        if (c == '(') {
            ++pos_;
            const int inner = parse_sum();
            if (!accept(')')) fail(pos_, "expected ')'");
            return inner;
        }
        for (const std::string_view special : {".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF"}) {
            // YAML's spellings of NaN and infinity: numbers that the compiler rejects as non-finite.
            if (text_.substr(pos_).starts_with(special)) {
                pos_ += special.size();
                expr_node n;
                n.loc = where(at);
                n.value = special[1] == 'n' || special[1] == 'N' ? NAN : INFINITY;
                n.text = std::string(special);
                return add(std::move(n));
            }
        }
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return parse_number();
        if (ident_start(c)) {
            while (pos_ < text_.size() && ident_char(text_[pos_])) ++pos_;
            std::string name(text_.substr(at, pos_ - at));
            skip_space();
            if (pos_ < text_.size() && text_[pos_] == '(') return parse_call(std::move(name), at);
            expr_node n;
            n.op = expr_op::name;
            n.name = std::move(name);
            n.loc = where(at);
            return add(std::move(n));
        }
        fail(at, fmt::format("expected a number, a name or '(', found '{}'", character_at(at)));
    }
    int parse_call(std::string name, std::size_t at) {
        const auto& functions = expression_functions();
        const function_info* info = nullptr;
        std::vector<std::string> names;
        for (const auto& f : functions) {
            names.emplace_back(f.name);
            if (name == f.name) info = &f;
        }
        if (!info) {
            throw input_error::undefined_reference(where(at), "function", name,
                                                   detail::suggest_among(name, names, "functions"));
        }
        ++pos_;  // '('
        expr_node n;
        n.op = expr_op::call;
        n.name = std::move(name);
        n.loc = where(at);
        if (!accept(')')) {
            do n.args.push_back(parse_sum());
            while (accept(','));
            if (!accept(')')) fail(pos_, "expected ',' or ')'");
        }
        if (static_cast<int>(n.args.size()) != info->arity) {
            fail(at, fmt::format("{}() takes {} argument{}, not {}", n.name, info->arity,
                                 info->arity == 1 ? "" : "s", n.args.size()));
        }
        return add(std::move(n));
    }
    int parse_number() {
        const std::size_t at = pos_;
        double value = 0.0;
        const char* begin = text_.data() + pos_;
        const auto [end, ec] = std::from_chars(begin, text_.data() + text_.size(), value);
        if (ec == std::errc::result_out_of_range) value = INFINITY;  // rejected as non-finite when compiled
        else if (ec != std::errc()) fail(at, "malformed number");
        pos_ += static_cast<std::size_t>(end - begin);
        // A unit follows directly or after spaces; it runs to the next space or bracket.
        std::size_t u = pos_;
        while (u < text_.size() && text_[u] == ' ') ++u;
        expr_node n;
        n.op = expr_op::number;
        n.loc = where(at);
        n.value = value;
        if (u < text_.size() && unit_start(text_[u])) {
            std::size_t e = u;
            while (e < text_.size() && unit_char(text_[e])) ++e;
            const std::string_view symbol = text_.substr(u, e - u);
            unit_parse_failure why;
            const auto parsed = parse_unit(symbol, &why);
            if (!parsed) {
                if (!why.symbol.empty() && std::isdigit(static_cast<unsigned char>(why.symbol[0]))) {
                    throw input_error::invalid_expression(
                        where(u + why.offset),
                        fmt::format("'{}' is read as part of the unit '{}'; put spaces around an operator after a unit, as in '1 kWh * 2'",
                                    why.symbol, symbol));
                }
                // "30.84M h": a count's multiplier is not a unit (and M is not m).
                static const std::map<std::string_view, const char*> multipliers{
                    {"k", "e3"}, {"K", "e3"}, {"M", "e6"}, {"G", "e9"}, {"bn", "e9"}, {"T", "e12"}};
                if (const auto x = multipliers.find(why.symbol); x != multipliers.end() && why.offset == 0) {
                    const std::string_view number = text_.substr(at, pos_ - at);
                    const std::string_view rest = text_.substr(e);
                    std::string_view after = rest;
                    while (!after.empty() && after.front() == ' ') after.remove_prefix(1);
                    throw input_error::invalid_expression(
                        where(u), fmt::format("'{}' after a number is not a unit; write the multiplier as an exponent: '{}{}{}{}'", why.symbol,
                                              number, x->second, after.empty() ? "" : " ", after.substr(0, after.find_first_of(" )+-*/,"))));
                }
                if (!why.symbol.empty()) {
                    throw unit_error::unknown_unit(where(u + why.offset), why.symbol,
                                                   why.suggestion);
                }
                throw input_error::invalid_expression(where(u + why.offset), why.message);
            }
            n.value = value * parsed->factor;
            n.dim = parsed->dim;
            n.unit = std::string(symbol);
            pos_ = e;
        }
        n.text = std::string(text_.substr(at, pos_ - at));
        return add(std::move(n));
    }
};

}  // namespace

const std::vector<function_info>& expression_functions() {
    static const std::vector<function_info> functions{
        {"sqrt", 1}, {"exp", 1}, {"log", 1}, {"sin", 1}, {"cos", 1}, {"min", 2}, {"max", 2},
    };
    return functions;
}

std::vector<const expr_node*> expression::references() const {
    std::vector<const expr_node*> out;
    for (const auto& n : nodes)
        if (n.op == expr_op::name) out.push_back(&n);
    return out;
}

expression parse_expression(std::string_view text, const source_loc& loc) {
    return parser(text, loc).parse();
}

}  // namespace kaya

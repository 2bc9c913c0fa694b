// Values: a formula or a distribution, compiled to a node and checked against its field's
// range over every value it can take.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "errors/suggest.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/model/evaluate.hpp"
#include "kaya/units/unit.hpp"
#include "model/compiler.hpp"
#include "model/interval.hpp"

namespace kaya::detail {

int compiler::constant_arg(const located_text& text, const std::string& what) {
    const expression e = parse_expression(text.text, text.loc);
    const int node = build(e);
    if (!m.nodes.is_constant(node)) {
        throw input_error::invalid_value(text.loc, fmt::format("a constant for {}", what),
                                         "a formula over parameters");
    }
    return node;
}

namespace {

// A value in the unit kaya reports its dimension in: "0.945", "1.2 kWh".
std::string format_value(double v, dimension dim) {
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    const display_unit u = display_unit_for(dim);
    return u.named ? fmt::format("{:g} {}", v / u.factor, u.symbol) : fmt::format("{:g}", v / u.factor);
}

// What a field must be: its dimension, and an example where the dimension has no name of
// its own ("in s^3/kg (e.g. 1 m^2*year/kWh)").
std::string expected_text(const field_rule& rule) {
    const std::string dim = describe(rule.dim);
    return rule.example && dim.starts_with("in ") ? fmt::format("{} (e.g. {})", dim, rule.example) : dim;
}

// What a value is, with a hint for a common mistake.
std::string got_text(const field_rule& rule, dimension got) {
    const std::string hint = mismatch_hint(rule.dim, got);
    return hint.empty() ? describe(got) : fmt::format("{}; {}", describe(got), hint);
}

std::string range_text(const field_rule& rule) {
    return fmt::format("{}{}, {}{}", rule.low_open ? '(' : '[', format_value(rule.low, rule.dim),
                       format_value(rule.high, rule.dim), std::isinf(rule.high) ? ')' : ']');
}

}  // namespace

// The unit a value is written in (its nominal's, else its first argument's), so that its
// statistics can be shown as the author wrote them: 50000 query/day, not 0.5787 query/s.
display_unit written_unit(const value_spec& spec, dimension dim) {
    const located_text* text = spec.value ? &*spec.value : spec.args.empty() ? nullptr : &spec.args.front();
    if (text) {
        const expression e = parse_expression(text->text, text->loc);
        if (e.is_literal() && e.nodes[0].dim == dim) {
            if (e.nodes[0].unit.empty()) return {"", 1.0, false};
            if (const auto u = parse_unit(e.nodes[0].unit)) return {e.nodes[0].unit, u->factor};
        }
    }
    return display_unit_for(dim);
}

void compiler::check_range(int node, const std::string& text, const source_loc& loc, const std::string& what,
                           const field_rule& rule) {
    const graph& g = m.nodes;
    const interval r = ranges_.of(g, m.inputs, node);
    if (g.is_constant(node) && !std::isfinite(r.low)) throw model_error::non_finite_value(loc, what);
    if (r.undefined) throw model_error::undefined_values(loc, what);
    const bool below = rule.low_open ? r.low <= rule.low : r.low < rule.low;
    const bool above = r.high > rule.high;
    if (!below && !above) return;
    const dimension dim = g[node].dim;
    const bool only_sign = rule.low == 0.0 && !rule.low_open && !above;
    if (r.low == r.high) {
        if (only_sign) throw model_error::negative_value(loc, what, text);
        throw model_error::value_outside_range(loc, what, text, range_text(rule));
    }
    // The range of an input is exact; that of a formula is a bound, and may be wider.
    if (g[node].op != graph_op::input) {
        throw model_error::formula_range(loc, what, format_value(r.low, dim), format_value(r.high, dim), range_text(rule));
    }
    if (only_sign) throw model_error::can_be_negative(loc, what, format_value(r.low, dim), format_value(r.high, dim));
    throw model_error::range_exceeded(loc, what, format_value(r.low, dim), format_value(r.high, dim), range_text(rule));
}

int compiler::value(const value_spec& spec, const std::string& what, const std::string& key,
                    const field_rule& field, const source_table* sources) {
    const source_table& table = sources ? *sources : m.sources;
    for (const auto& source : spec.sources) {
        if (table.contains(source.text)) continue;
        std::vector<std::string> keys;
        for (const auto& [k, _] : table) keys.push_back(k);
        throw input_error::undefined_reference(source.loc, "source", source.text, suggest_among(source.text, keys, "sources"));
    }
    // A parameter may have any dimension and any value (its uses are checked); a field must
    // have its own dimension, unless it may have any, and lie in its range.
    const bool is_field = field.name != nullptr;
    const bool check_dim = is_field && !field.any_dimension;
    field_rule rule = field;
    if (spec.allow_negative && rule.low <= 0.0) rule.low = -INFINITY;
    graph& g = m.nodes;
    int node = -1;
    if (spec.value) {
        const expression e = parse_expression(spec.value->text, spec.value->loc);
        node = build(e);
        if (check_dim && g[node].dim != rule.dim) {
            throw unit_error::mismatch(spec.value->loc, what, expected_text(rule), got_text(rule, g[node].dim));
        }
        rule.dim = g[node].dim;
        // A parameter's formula is checked where it is used, against that field's range.
        if (is_field || g.is_constant(node)) check_range(node, spec.value->text, spec.value->loc, what, rule);
    }
    if (spec.form == uncertainty_form::none) return node;

    if (node >= 0 && !g.is_constant(node)) {
        throw input_error::invalid_value(spec.value->loc, "a constant value where an uncertainty is given (give the uncertainty to the parameters the formula uses)", "a formula");
    }
    std::vector<int> args;
    for (std::size_t i = 0; i < spec.args.size(); ++i) {
        args.push_back(constant_arg(spec.args[i], fmt::format("the {} of {}", spec.arg_names[i], what)));
    }
    const dimension dim = node >= 0 ? g[node].dim : g[args[0]].dim;
    if (check_dim && dim != rule.dim) {
        throw unit_error::mismatch(spec.args[0].loc, what, expected_text(rule), got_text(rule, dim));
    }
    rule.dim = dim;
    // Arguments that locate the distribution obey the value's range; spreads are positive.
    auto arg_value = [&](std::size_t i, dimension expected, const field_rule* own = nullptr) {
        const std::string arg_what = fmt::format("the {} of {}", spec.arg_names[i], what);
        if (g[args[i]].dim != expected) {
            throw unit_error::mismatch(spec.args[i].loc, arg_what, describe(expected), describe(g[args[i]].dim));
        }
        check_range(args[i], spec.args[i].text, spec.args[i].loc, arg_what, own ? *own : rule);
        return g[args[i]].value;
    };
    const field_rule spread{"", dim, 0.0, INFINITY, true};
    auto ordered = [&](std::size_t lo, std::size_t hi, double a, double b) {
        if (a > b) {
            throw model_error::invalid_range(spec.args[lo].loc, what, spec.arg_names[lo], spec.args[lo].text,
                                             spec.arg_names[hi], spec.args[hi].text);
        }
    };
    distribution dist = distribution::fixed(0.0);
    switch (spec.form) {
        case uncertainty_form::uniform: {
            const double low = arg_value(0, dim), high = arg_value(1, dim);
            ordered(0, 1, low, high);
            dist = distribution::uniform(low, high);
            break;
        }
        case uncertainty_form::triangular: {
            const double low = arg_value(0, dim), mode = arg_value(1, dim), high = arg_value(2, dim);
            ordered(0, 2, low, high);
            ordered(0, 1, low, mode);
            ordered(1, 2, mode, high);
            dist = distribution::triangular(low, mode, high);
            break;
        }
        case uncertainty_form::plus_minus: {
            const double centre = g[node].value;
            // "± 10 %" is relative to the value; "± 40 W" (or "± 0.1" of a number) is absolute.
            const bool relative = g[args[0]].dim.dimensionless() &&
                                  (!dim.dimensionless() || spec.args[0].text.find('%') != std::string::npos);
            const field_rule relative_spread{"", dims::none, 0.0, INFINITY, true};
            const double half = relative ? arg_value(0, dims::none, &relative_spread) * std::abs(centre)
                                         : arg_value(0, dim, &spread);
            dist = distribution::uniform(centre - half, centre + half);
            break;
        }
        case uncertainty_form::normal: {
            const std::size_t sd_index = spec.args.size() - 1;
            const double mean = sd_index == 1 ? arg_value(0, dim) : g[node].value;
            const double sd = arg_value(sd_index, dim, &spread);
            dist = distribution::normal(mean, sd, !spec.allow_negative);
            break;
        }
        case uncertainty_form::lognormal: {
            const std::size_t gsd_index = spec.args.size() - 1;
            const field_rule positive{"", dim, 0.0, INFINITY, true};
            const double median = gsd_index == 1 ? arg_value(0, dim, &positive) : g[node].value;
            if (gsd_index == 0 && median <= 0.0) {
                throw model_error::value_outside_range(spec.value->loc, fmt::format("the median of {}", what),
                                                       spec.value->text, range_text(positive));
            }
            const field_rule gsd_rule{"", dims::none, 1.0, INFINITY, true};
            dist = distribution::lognormal(median, arg_value(gsd_index, dims::none, &gsd_rule));
            break;
        }
        case uncertainty_form::none: break;
    }
    const interval sup = support(dist);
    const double nominal = node >= 0 ? g[node].value : dist.centre();
    if (node >= 0 && (nominal < sup.low || nominal > sup.high)) {
        throw model_error::value_outside_range(spec.value->loc, what, spec.value->text,
                                               fmt::format("[{}, {}]", format_value(sup.low, dim), format_value(sup.high, dim)));
    }
    std::vector<std::string> cited;
    for (const auto& source : spec.sources) cited.push_back(source.text);
    model_input in{key, dist, nominal, dim, written_unit(spec, dim), spec.loc, std::move(cited), spec.note};
    m.inputs.push_back(std::move(in));
    const int input = g.input(static_cast<int>(m.inputs.size()) - 1, dim);
    check_range(input, spec.value ? spec.value->text : "", spec.form_loc, what, rule);
    return input;
}


}  // namespace kaya::detail

// Results per functional unit: what the deployment phases cause per unit they serve (a query,
// a request, 1,000 tokens), and, amortised over a stated number of units, what the whole life
// cycle causes per unit. The equations are in docs/methodology/functional-unit.md.
#include <fmt/format.h>

#include <cctype>
#include <cmath>

#include "kaya/errors/error.hpp"
#include "kaya/model/evaluate.hpp"
#include "model/compiler.hpp"

namespace kaya::detail {

void compiler::add_functional_unit() {
    if (!s_.functional_unit) return;
    const functional_unit_spec& spec = *s_.functional_unit;
    graph& g = m.nodes;
    functional_unit_model fu;
    fu.unit = spec.unit.text;
    fu.name = spec.name;
    fu.loc = spec.loc;
    const std::size_t n = m.indicators.size();
    auto add = [&](int a, int b) { return a < 0 ? b : g.add(a, b); };
    if (spec.unit.text == "trained model") {
        // The life cycle of one trained model: every phase, once.
        for (const auto& [key, f] : {std::pair{"amount", &spec.amount}, std::pair{"lifetime", &spec.lifetime}}) {
            if (*f) throw input_error::invalid_value((*f)->loc, fmt::format("no {} for a functional unit of one trained model", key), "one");
        }
        fu.trained_model = true;
        fu.unit = "trained model";
        fu.amount = g.constant(1.0, dims::none);
        fu.deployment = m.totals;
        for (std::size_t k = 0; k < n; ++k) fu.deployment_gap.push_back(m.has_gap(k));
        m.functional_unit = std::move(fu);
        return;
    }
    // One unit as a quantity: "request" is 1 request, "1000 token" is 1,000 tokens.
    value_spec one;
    one.loc = spec.unit.loc;
    one.value = spec.unit;
    if (!spec.unit.text.empty() && !std::isdigit(static_cast<unsigned char>(spec.unit.text.front()))) one.value->text = "1 " + spec.unit.text;
    const field_rule any{"unit", {}, 0.0, std::numeric_limits<double>::infinity(), true, true};
    const int size = value(one, "the functional unit", "functional_unit.unit", any);
    if (!g.is_constant(size)) throw input_error::invalid_value(spec.unit.loc, "a unit such as request or 1000 token", "a formula");
    // A unit so small or so large that a count of them is not a number kaya can divide by.
    if (const double v = g[size].value; !(std::isnormal(v) && v > 0.0 && v < 1e300)) {
        throw model_error::value_outside_range(spec.unit.loc, "the functional unit", spec.unit.text, "(0, 1e300), not subnormal");
    }
    const dimension dim = g[size].dim;
    // How many the deployment serves: stated, or the deployment phases' queries.
    std::vector<std::size_t> deployment;
    for (std::size_t i = 0; i < m.phases.size(); ++i)
        if (kind_of(m.phases[i].kind).deployment) deployment.push_back(i);
    if (deployment.empty()) {
        throw input_error::missing_alternatives(spec.loc, "a functional unit per query or request",
                                                "a phase of kind 'inference' that serves the units (or unit: trained model)");
    }
    // The deployment phases' queries, summed: the default amount, and a check of a stated one.
    int queries = -1;
    const phase_model* lacking = nullptr;  // the first phase without queries of the unit's kind
    for (const std::size_t i : deployment) {
        const auto q = m.fields.find(fmt::format("phase/{}/queries", m.phases[i].name));
        if (q == m.fields.end() || g[q->second].dim != dim) {
            lacking = &m.phases[i];
            break;
        }
        queries = add(queries, q->second);
    }
    if (lacking) queries = -1;
    int served = queries;
    if (spec.amount) {
        const field_rule rule{"amount", dim, 0.0, std::numeric_limits<double>::infinity(), true};
        served = value(*spec.amount, "amount of the functional unit", "functional_unit.amount", rule);
    } else if (lacking) {
        const auto q = m.fields.find(fmt::format("phase/{}/queries", lacking->name));
        if (q == m.fields.end()) {
            throw input_error::missing_field(spec.loc, "amount", "the functional unit",
                                             fmt::format("phase '{}' states no queries to count them from", lacking->name));
        }
        throw unit_error::mismatch(spec.unit.loc, fmt::format("the functional unit (it counts the queries of phase '{}')", lacking->name),
                                   describe(g[q->second].dim), describe(dim));
    }
    // Counts of units to divide by: from 1e-300 to 1e300 wherever their inputs may go, so that
    // every result per unit is a number.
    auto count = [&](int node, const source_loc& at, const std::string& what) {
        const interval r = ranges_.of(g, m.inputs, node);
        if (!r.undefined && r.low >= 1e-300 && r.high <= 1e300) return;
        throw input_error::invalid_value(at, fmt::format("{} from 1e-300 to 1e300, a count to divide by", what),
                                         r.low == r.high ? fmt::format("{:g}", r.low) : fmt::format("{:g} to {:g}", r.low, r.high));
    };
    fu.amount = g.div(served, size);
    count(fu.amount, spec.amount ? spec.amount->loc : spec.loc,
          spec.amount ? "functional units served (amount / unit)" : "functional units served (the deployment phases' queries / unit)");
    if (spec.lifetime) {
        const field_rule rule{"lifetime", dim, 0.0, std::numeric_limits<double>::infinity(), true};
        fu.lifetime = g.div(value(*spec.lifetime, "lifetime of the functional unit", "functional_unit.lifetime", rule), size);
        count(fu.lifetime, spec.lifetime->loc, "functional units of the lifetime (lifetime / unit)");
    }
    // Stated figures that contradict each other are probably a slip: said, at nominal values.
    const auto nominal = evaluate_point(g, {fu.amount, fu.lifetime < 0 ? fu.amount : fu.lifetime, queries < 0 ? served : queries, size},
                                        m.nominal_inputs());
    if (spec.amount && queries >= 0 && std::abs(nominal[2] / nominal[3] - nominal[0]) > 1e-9 * nominal[0]) {
        warn("amount-differs-from-queries",
             fmt::format("the functional unit's amount is {:g} units, but the deployment phases' queries count {:g}: results per unit "
                         "divide by the amount",
                         nominal[0], nominal[2] / nominal[3]));
    }
    if (fu.lifetime >= 0 && nominal[1] < nominal[0]) {
        warn("lifetime-below-amount",
             fmt::format("the functional unit's lifetime ({:g} units) is less than the amount the deployment phases serve ({:g}): "
                         "the life cycle is amortised over fewer units than one deployment serves",
                         nominal[1], nominal[0]));
    }
    fu.deployment.assign(n, -1);
    fu.deployment_gap.assign(n, false);
    if (fu.lifetime >= 0) fu.lifecycle.assign(n, -1);
    for (std::size_t k = 0; k < n; ++k) {
        int in_deployment = -1, others = -1;
        for (std::size_t i = 0; i < m.phases.size(); ++i) {
            const int x = m.phases[i].outputs[k];
            const bool serves = kind_of(m.phases[i].kind).deployment;
            if (serves && m.gaps[i][k]) fu.deployment_gap[k] = true;
            if (x < 0) continue;  // not assessed: a gap, which makes the sum partial
            (serves ? in_deployment : others) = add(serves ? in_deployment : others, x);
        }
        if (in_deployment < 0) continue;
        fu.deployment[k] = g.div(in_deployment, fu.amount);
        if (fu.lifetime >= 0) fu.lifecycle[k] = others < 0 ? fu.deployment[k] : g.add(fu.deployment[k], g.div(others, fu.lifetime));
    }
    m.functional_unit = std::move(fu);
}

}  // namespace kaya::detail

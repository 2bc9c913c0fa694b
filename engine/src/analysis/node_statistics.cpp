#include "analysis/node_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "design/sampler.hpp"
#include "kaya/model/evaluate.hpp"

namespace kaya::detail {
namespace {

//! Samples of graph nodes, drawn as the Monte Carlo design draws them.
class node_source final : public column_source {
public:
    node_source(const model& m, const std::vector<int>& nodes, const run_options& options)
        : sampler_(m, nodes, options.seed, batch_of(options)),
          values_(sampler_.batch(), static_cast<Eigen::Index>(nodes.size())) {}
    long block() const override { return sampler_.batch(); }
    void produce(long first, long count) override { sampler_.fill(first, count, values_, 0); }
    const double* column(int c) const override { return values_.col(c).data(); }

private:
    node_sampler sampler_;
    Eigen::ArrayXXd values_;
};

//! Whether each node depends on a model input: one that does not is a constant.
std::vector<char> varies(const graph& g) {
    std::vector<char> out(static_cast<std::size_t>(g.size()), 0);
    for (int i = 0; i < g.size(); ++i) {
        const graph_node& n = g[i];
        out[static_cast<std::size_t>(i)] = n.op == graph_op::input || (n.a >= 0 && out[static_cast<std::size_t>(n.a)] != 0) ||
                                           (n.b >= 0 && out[static_cast<std::size_t>(n.b)] != 0);
    }
    return out;
}

//! One step of an increasing map through a constant: x·c, x / c (c > 0), x + c, x − c.
struct monotone_step {
    graph_op op = graph_op::add;
    double constant = 0.0;
    [[nodiscard]] double operator()(double x) const {
        switch (op) {
            case graph_op::mul: return x * constant;
            case graph_op::div: return x / constant;
            case graph_op::sub: return x - constant;
            default: return x + constant;
        }
    }
};

//! The node `node` is an increasing map of, one step up, if any; `variable` as varies().
bool monotone_parent(const graph& g, int node, const std::vector<char>& variable, int& parent, monotone_step& step) {
    const graph_node& n = g[node];
    if (n.a < 0 || n.b < 0) return false;
    const bool a_constant = g[n.a].op == graph_op::constant, b_constant = g[n.b].op == graph_op::constant;
    if (a_constant == b_constant) return false;
    const int x = a_constant ? n.b : n.a;
    const double c = a_constant ? g[n.a].value : g[n.b].value;
    if (!variable[static_cast<std::size_t>(x)] || !std::isfinite(c)) return false;
    switch (n.op) {
        case graph_op::add: break;
        case graph_op::mul:
            if (!(c > 0.0)) return false;
            break;
        case graph_op::sub:
        case graph_op::div:
            if (a_constant || (n.op == graph_op::div && !(c > 0.0))) return false;
            break;
        default: return false;
    }
    parent = x;
    step = {n.op, c};
    return true;
}

struct derivation {
    int root = -1;                     // the node whose order statistics are mapped
    std::vector<monotone_step> steps;  // from the root down
};

derivation derive(const graph& g, int node, const std::vector<char>& variable) {
    derivation d{node, {}};
    int parent = -1;
    monotone_step step;
    while (monotone_parent(g, d.root, variable, parent, step)) {
        d.steps.insert(d.steps.begin(), step);
        d.root = parent;
    }
    return d;
}

}  // namespace

std::vector<column_statistics> node_statistics(const model& m, const std::vector<int>& nodes, const std::vector<char>& centred,
                                               const std::vector<double>& probabilities, const run_options& options) {
    const std::vector<char> variable = varies(m.nodes);
    // The columns sampled: every distinct variable node, and the roots of the derived ones;
    // only roots are ordered.
    std::vector<int> sampled;
    std::vector<char> sampled_centred, ordered;
    auto column_of = [&](int node, char c) {
        for (std::size_t k = 0; k < sampled.size(); ++k)
            if (sampled[k] == node && sampled_centred[k] == c) return static_cast<int>(k);
        sampled.push_back(node);
        sampled_centred.push_back(c);
        ordered.push_back(0);
        return static_cast<int>(sampled.size()) - 1;
    };
    std::vector<int> column(nodes.size(), -1), root_column(nodes.size(), -1);
    std::vector<derivation> derived(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (!variable[static_cast<std::size_t>(nodes[i])]) continue;
        column[i] = column_of(nodes[i], centred.empty() ? 1 : centred[i]);
        derived[i] = derive(m.nodes, nodes[i], variable);
        root_column[i] = derived[i].steps.empty() ? column[i] : column_of(derived[i].root, 1);
        ordered[static_cast<std::size_t>(root_column[i])] = 1;
    }
    std::vector<column_statistics> streamed;
    if (!sampled.empty()) {
        column_request request{static_cast<int>(sampled.size()), options.samples, probabilities, sampled_centred, ordered, options.threads};
        request.source = [&] { return std::make_unique<node_source>(m, sampled, options); };
        request.progress = options.progress;
        streamed = statistics_of_columns(request);
    }
    // A derived node whose samples overflowed where its root's did not has order statistics
    // of its own: it is sampled again, ordered (rare: a sample past 10^308).
    std::vector<int> again;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (column[i] < 0 || derived[i].steps.empty()) continue;
        if (streamed[static_cast<std::size_t>(column[i])].finite != streamed[static_cast<std::size_t>(root_column[i])].finite) again.push_back(static_cast<int>(i));
    }
    if (!again.empty()) {
        std::vector<int> redo;
        for (const int i : again) redo.push_back(nodes[static_cast<std::size_t>(i)]);
        run_options quiet = options;
        quiet.progress = nullptr;
        column_request request{static_cast<int>(redo.size()), options.samples, probabilities, {}, {}, options.threads};
        request.source = [&] { return std::make_unique<node_source>(m, redo, quiet); };
        const std::vector<column_statistics> redone = statistics_of_columns(request);
        for (std::size_t k = 0; k < again.size(); ++k) {
            const auto i = static_cast<std::size_t>(again[k]);
            column_statistics& s = streamed[static_cast<std::size_t>(column[i])];
            s.quantiles = redone[k].quantiles;
            s.order = redone[k].order;
            derived[i].steps.clear();
            root_column[i] = column[i];
        }
    }

    const std::vector<double> nominal = evaluate_point(m.nodes, nodes, m.nominal_inputs());
    std::vector<column_statistics> out;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (column[i] >= 0) {
            column_statistics s = streamed[static_cast<std::size_t>(column[i])];
            if (!derived[i].steps.empty()) {
                const column_statistics& root = streamed[static_cast<std::size_t>(root_column[i])];
                auto mapped = [&](long rank) {
                    const auto at = std::find_if(root.order.begin(), root.order.end(), [&](const auto& o) { return o.first == rank; });
                    double x = at->second;
                    for (const monotone_step& step : derived[i].steps) x = step(x);
                    return x;
                };
                s.quantiles.clear();
                s.order.clear();
                for (const double p : probabilities) s.quantiles.push_back(s.finite > 0 ? type7(p, s.finite, mapped) : NAN);
                for (const auto& [rank, value] : root.order) s.order.emplace_back(rank, mapped(rank));
            }
            out.push_back(std::move(s));
            continue;
        }
        column_statistics s;
        if (std::isfinite(nominal[i])) {
            s.finite = options.samples;
            s.mean = nominal[i];
            s.quantiles.assign(probabilities.size(), nominal[i]);
        } else {
            s.non_finite = options.samples;
            s.quantiles.assign(probabilities.size(), NAN);
        }
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace kaya::detail

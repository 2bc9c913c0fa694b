// Sobol' indices from a Saltelli design (Saltelli et al. 2010, "Variance based sensitivity
// analysis of model output", Computer Physics Communications 181).
//
// The design has N (d + 2) rows, but it is never built. Row by row, A_B^i is A with
// parameter i's inputs taken from B, so f(A_B^i) differs from f(A) only in the nodes
// downstream of those inputs: each block of rows maps A and B through the inverse CDFs
// once, evaluates the whole graph on A (keeping every node) and on B, then for each
// parameter recomputes only its downstream nodes, reading the others from A. The mapping
// costs O(N d); the evaluation O(N (G + sum of the downstream sets)) instead of O(N d G).
// A parameter the output does not depend on has nothing downstream: f(A_B^i) = f(A)
// exactly, its indices are exactly 0, and it is neither evaluated nor bootstrapped.
//
// Every operation is computed by apply_columns, as the evaluator computes it, over columns
// aligned as the evaluator's and blocks of a power of two rows (so each value takes the same
// vectorised or scalar path), and every sum runs over the rows in the order of the
// definition: the indices are those of the straightforward implementation to the bit.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>

#include <fmt/format.h>

#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/analysis/sensitivity.hpp"
#include "kaya/model/evaluate.hpp"
#include "kaya/stats/random.hpp"

namespace kaya {
namespace {

// Rows evaluated together: enough to amortise the dispatch of each operation, few enough
// that the nodes a parameter's recomputation reads stay in cache.
constexpr Eigen::Index block_rows = 256;
// The differences f(A_B^i) - f(A) are stored in panels of this many parameters, one row of
// a panel per design row (64 bytes: a cache line), so that a bootstrap resample gathers
// one line per row for eight parameters at a time.
constexpr int lanes = 8;

// One operation of a straight-line program over the columns of a work array.
struct step {
    graph_op op;
    int dst, a, b;
};

// The programs that evaluate one block of the design. Columns of the work array: A's mapped
// inputs, B's mapped inputs, the constants, every operation on A, then scratch columns that
// the other programs share.
class design_plan {
public:
    design_plan(const model& m, int node, const std::vector<sensitivity_parameter>& params) {
        const graph& g = m.nodes;
        const auto nodes = static_cast<std::size_t>(node) + 1;
        std::vector<char> needed(nodes, 0);
        needed[static_cast<std::size_t>(node)] = 1;
        for (int i = node; i >= 0; --i) {
            if (!needed[static_cast<std::size_t>(i)]) continue;
            for (const int operand : {g[i].a, g[i].b})
                if (operand >= 0) needed[static_cast<std::size_t>(operand)] = 1;
        }
        // Input nodes, then constants, then operations, each in graph order.
        std::vector<int> input_node(m.inputs.size(), -1);
        for (int i = 0; i <= node; ++i) {
            if (needed[static_cast<std::size_t>(i)] && g[i].op == graph_op::input) {
                input_node[static_cast<std::size_t>(g[i].input)] = i;
                inputs_.push_back(g[i].input);
            }
        }
        const int ni = static_cast<int>(inputs_.size());
        home_.assign(nodes, -1);
        b_home_.assign(nodes, -1);
        for (int k = 0; k < ni; ++k) {
            const int i = input_node[static_cast<std::size_t>(inputs_[static_cast<std::size_t>(k)])];
            home_[static_cast<std::size_t>(i)] = k;
            b_home_[static_cast<std::size_t>(i)] = ni + k;
        }
        columns_ = 2 * ni;
        for (int i = 0; i <= node; ++i) {
            if (needed[static_cast<std::size_t>(i)] && g[i].op == graph_op::constant) {
                home_[static_cast<std::size_t>(i)] = columns_++;
                constants_.emplace_back(home_[static_cast<std::size_t>(i)], g[i].value);
            }
        }
        for (int i = 0; i <= node; ++i) {
            const graph_node& n = g[i];
            if (!needed[static_cast<std::size_t>(i)] || n.op == graph_op::input || n.op == graph_op::constant) continue;
            home_[static_cast<std::size_t>(i)] = columns_++;
            a_steps_.push_back({n.op, home_[static_cast<std::size_t>(i)], home_[static_cast<std::size_t>(n.a)],
                                home_[static_cast<std::size_t>(n.b >= 0 ? n.b : n.a)]});
        }
        a_output_ = home_[static_cast<std::size_t>(node)];
        scratch_ = columns_;

        // Which parameter each input belongs to; a parameter is active when one of its
        // inputs is needed.
        std::vector<int> parameter_of(m.inputs.size(), -1);
        for (std::size_t p = 0; p < params.size(); ++p)
            for (const int i : params[p].inputs) parameter_of[static_cast<std::size_t>(i)] = static_cast<int>(p);
        for (int k = 0; k < ni; ++k) input_parameter_.push_back(parameter_of[static_cast<std::size_t>(inputs_[static_cast<std::size_t>(k)])]);

        changed_.assign(nodes, 0);
        location_.assign(nodes, -1);
        last_use_.assign(nodes, -1);
        // B: every input changed.
        std::vector<int> all;
        for (int k = 0; k < ni; ++k) all.push_back(input_node[static_cast<std::size_t>(inputs_[static_cast<std::size_t>(k)])]);
        b_output_ = build_variant(g, node, needed, all, b_steps_);
        // A_B^i for each active parameter.
        for (std::size_t p = 0; p < params.size(); ++p) {
            std::vector<int> changed;
            for (const int i : params[p].inputs)
                if (input_node[static_cast<std::size_t>(i)] >= 0) changed.push_back(input_node[static_cast<std::size_t>(i)]);
            if (changed.empty()) continue;
            active_.push_back(static_cast<int>(p));
            offsets_.push_back(steps_.size());
            outputs_.push_back(build_variant(g, node, needed, changed, steps_));
        }
        offsets_.push_back(steps_.size());
        columns_ = scratch_ + scratch_used_;
    }

    [[nodiscard]] int columns() const noexcept { return columns_; }
    [[nodiscard]] const std::vector<int>& inputs() const noexcept { return inputs_; }  //!< model input indices
    [[nodiscard]] const std::vector<int>& input_parameter() const noexcept { return input_parameter_; }
    [[nodiscard]] const std::vector<std::pair<int, double>>& constants() const noexcept { return constants_; }
    [[nodiscard]] const std::vector<int>& active() const noexcept { return active_; }

    // Each runs its program over the first n rows of `work` (column stride `stride`) and
    // returns the column that holds the output.
    int run_a(double* work, Eigen::Index stride, Eigen::Index n) const { return run(a_steps_.data(), a_steps_.size(), a_output_, work, stride, n); }
    int run_b(double* work, Eigen::Index stride, Eigen::Index n) const { return run(b_steps_.data(), b_steps_.size(), b_output_, work, stride, n); }
    //! A_B^i for the q-th active parameter.
    int run_ab(std::size_t q, double* work, Eigen::Index stride, Eigen::Index n) const {
        return run(steps_.data() + offsets_[q], offsets_[q + 1] - offsets_[q], outputs_[q], work, stride, n);
    }

private:
    static int run(const step* steps, std::size_t count, int output, double* work, Eigen::Index stride, Eigen::Index n) {
        for (std::size_t k = 0; k < count; ++k) {
            const step& s = steps[k];
            apply_columns(s.op, work + s.dst * stride, work + s.a * stride, work + s.b * stride, n);
        }
        return output;
    }

    // The operations downstream of the input nodes `changed`, in graph order, into `out`:
    // changed inputs read B's columns, unchanged nodes A's, and the recomputed operations
    // take scratch columns, each given back after its last use. Returns the output's column.
    int build_variant(const graph& g, int node, const std::vector<char>& needed, const std::vector<int>& changed, std::vector<step>& out) {
        if (changed.empty()) return home_[static_cast<std::size_t>(node)];  // a constant output
        const int from = *std::min_element(changed.begin(), changed.end());
        for (const int i : changed) changed_[static_cast<std::size_t>(i)] = 1;
        std::vector<int> ops;
        for (int i = from; i <= node; ++i) {
            const graph_node& n = g[i];
            if (!needed[static_cast<std::size_t>(i)] || n.op == graph_op::input || n.op == graph_op::constant) continue;
            if (changed_[static_cast<std::size_t>(n.a)] || (n.b >= 0 && changed_[static_cast<std::size_t>(n.b)])) {
                changed_[static_cast<std::size_t>(i)] = 1;
                ops.push_back(i);
            }
        }
        for (std::size_t k = 0; k < ops.size(); ++k) {
            const graph_node& n = g[ops[k]];
            for (const int operand : {n.a, n.b})
                if (operand >= 0) last_use_[static_cast<std::size_t>(operand)] = static_cast<int>(k);
        }
        auto source = [&](int i) {
            if (!changed_[static_cast<std::size_t>(i)]) return home_[static_cast<std::size_t>(i)];
            return g[i].op == graph_op::input ? b_home_[static_cast<std::size_t>(i)] : location_[static_cast<std::size_t>(i)];
        };
        std::vector<int> free_columns;
        int used = 0;
        for (std::size_t k = 0; k < ops.size(); ++k) {
            const int i = ops[k];
            const graph_node& n = g[i];
            int column = 0;
            if (free_columns.empty()) {
                column = scratch_ + used++;
            } else {
                column = free_columns.back();
                free_columns.pop_back();
            }
            out.push_back({n.op, column, source(n.a), source(n.b >= 0 ? n.b : n.a)});
            // Operands are freed after the column is chosen, so the result never overwrites them.
            const int operands[] = {n.a, n.b == n.a ? -1 : n.b};
            for (const int operand : operands) {
                if (operand >= 0 && last_use_[static_cast<std::size_t>(operand)] == static_cast<int>(k) && changed_[static_cast<std::size_t>(operand)] &&
                    g[operand].op != graph_op::input) {
                    free_columns.push_back(location_[static_cast<std::size_t>(operand)]);
                }
            }
            location_[static_cast<std::size_t>(i)] = column;
        }
        scratch_used_ = std::max(scratch_used_, used);
        const int output = source(node);
        for (const int i : changed) changed_[static_cast<std::size_t>(i)] = 0;
        for (const int i : ops) {
            changed_[static_cast<std::size_t>(i)] = 0;
            const graph_node& n = g[i];
            for (const int operand : {n.a, n.b})
                if (operand >= 0) last_use_[static_cast<std::size_t>(operand)] = -1;
        }
        return output;
    }

    std::vector<int> inputs_, input_parameter_;
    std::vector<std::pair<int, double>> constants_;  // column, value
    std::vector<int> home_;    // node -> its column on A
    std::vector<int> b_home_;  // input node -> its column on B
    int columns_ = 0, scratch_ = 0, scratch_used_ = 0;
    std::vector<step> a_steps_, b_steps_;
    int a_output_ = -1, b_output_ = -1;
    std::vector<int> active_;  // parameters with something downstream, ascending
    std::vector<std::size_t> offsets_;
    std::vector<step> steps_;
    std::vector<int> outputs_;
    // Scratch for build_variant.
    std::vector<char> changed_;
    std::vector<int> location_, last_use_;
};

// The rows of one estimate: the design's rows in order, or a bootstrap resample, with the
// statistics of f(A) and f(B) over them and f(B) centred on their mean.
struct row_set {
    // Rows are fetched this far ahead of their use: a resample reads its panel in random order.
    static constexpr std::size_t ahead = 16;
    std::size_t n = 0;
    std::vector<std::uint32_t> rows;  // n rows, then `ahead` zeros
    std::vector<double> centred;      // f(B) - mean, row by row
    double variance = 0.0;

    void set(const std::vector<double>& fa, const std::vector<double>& fb) {
        n = rows.size();
        const double count = static_cast<double>(n);
        double mean = 0.0;
        for (const auto r : rows) mean += fa[r] + fb[r];
        mean /= 2.0 * count;
        variance = 0.0;
        for (const auto r : rows) variance += (fa[r] - mean) * (fa[r] - mean) + (fb[r] - mean) * (fb[r] - mean);
        variance /= 2.0 * count - 1.0;
        centred.resize(n);
        // f(B) centred on the mean: the same expectation, far less variance when the
        // output's mean is large against its spread (as footprints' are).
        for (std::size_t k = 0; k < n; ++k) centred[k] = fb[rows[k]] - mean;
        rows.resize(n + ahead, 0);
    }
};

// Saltelli 2010 for S1 and Jansen 1999 for ST, for the parameters of one panel of
// differences d = f(A_B^i) - f(A), over S row sets at once (more gathers in flight):
//   S1 = sum (f(B) - mean) d / n / V,  ST = sum d^2 / (2 n) / V,
// each sum over its rows in order.
template <int S>
void estimate_panel(const double* panel, const row_set* const* sets, double (*first)[lanes], double (*total)[lanes]) {
    double s1[S][lanes] = {}, st[S][lanes] = {};
    const std::size_t n = sets[0]->n;
    for (std::size_t k = 0; k < n; ++k) {
        for (int s = 0; s < S; ++s) {
#if defined(__GNUC__)
            __builtin_prefetch(panel + static_cast<std::size_t>(sets[s]->rows[k + row_set::ahead]) * lanes);
#endif
            const double* row = panel + static_cast<std::size_t>(sets[s]->rows[k]) * lanes;
            const double c = sets[s]->centred[k];
            for (int j = 0; j < lanes; ++j) {
                s1[s][j] += c * row[j];
                st[s][j] += row[j] * row[j];
            }
        }
    }
    const double rows = static_cast<double>(n);
    for (int s = 0; s < S; ++s) {
        const double variance = sets[s]->variance;
        for (int j = 0; j < lanes; ++j) {
            first[s][j] = variance > 0.0 ? s1[s][j] / rows / variance : 0.0;
            total[s][j] = variance > 0.0 ? st[s][j] / (2.0 * rows) / variance : 0.0;
        }
    }
}

// f(A), f(B) and the differences f(A_B^i) - f(A) for the active parameters, over the N
// rows of the design.
struct design_outputs {
    std::vector<double> fa, fb;
    // Panel p holds, for design row r, f(A_B^i) - f(A) of active parameters 8p to 8p + 7;
    // the lanes past the last active parameter hold 0.
    std::unique_ptr<double[]> delta;
    std::size_t panels = 0;
};

design_outputs evaluate_design(const model& m, const design_plan& plan, Eigen::Index d, long size,
                               const std::function<void(long done, long total)>& progress) {
    const std::vector<int>& active = plan.active();
    const auto rows = static_cast<std::size_t>(size);
    design_outputs out;
    out.panels = (active.size() + lanes - 1) / lanes;
    out.fa.resize(rows);
    out.fb.resize(rows);
    out.delta.reset(new double[out.panels * rows * lanes]);

    // A and B from the Saltelli sequence (kaya/design/design.hpp), block by block, mapped
    // through each input's inverse CDF once.
    saltelli_sequence sequence(static_cast<std::size_t>(d));
    const Eigen::Index block = std::min<Eigen::Index>(block_rows, size);
    Eigen::ArrayXXd work(block, plan.columns());
    for (const auto& [column, value] : plan.constants()) work.col(column).setConstant(value);
    const auto ni = static_cast<int>(plan.inputs().size());
    // The columns (on A) of each parameter's inputs.
    std::vector<std::vector<int>> columns_of(static_cast<std::size_t>(d));
    for (int k = 0; k < ni; ++k) columns_of[static_cast<std::size_t>(plan.input_parameter()[static_cast<std::size_t>(k)])].push_back(k);
    double* const w = work.data();
    std::vector<double> point(static_cast<std::size_t>(2 * d) * 8);
    std::vector<double> differences(lanes * static_cast<std::size_t>(block));
    for (long first = 0; first < size; first += block) {
        const Eigen::Index count = std::min<Eigen::Index>(block, size - first);
        // Eight points at a time, so that each column receives a cache line at once.
        for (Eigen::Index r0 = 0; r0 < count; r0 += 8) {
            const Eigen::Index points = std::min<Eigen::Index>(8, count - r0);
            sequence.next(point.data(), static_cast<std::size_t>(points));
            for (Eigen::Index j = 0; j < 2 * d; ++j) {
                const int offset = j < d ? 0 : ni;
                for (const int k : columns_of[static_cast<std::size_t>(j < d ? j : j - d)])
                    std::copy_n(point.data() + j * 8, points, w + (offset + k) * block + r0);
            }
        }
        for (int k = 0; k < ni; ++k) {
            const distribution& dist = m.inputs[static_cast<std::size_t>(plan.inputs()[static_cast<std::size_t>(k)])].dist;
            dist.quantiles(w + k * block, count);
            dist.quantiles(w + (ni + k) * block, count);
        }
        const double* a = w + plan.run_a(w, block, count) * block;
        std::copy_n(a, count, out.fa.data() + first);
        const double* b = w + plan.run_b(w, block, count) * block;
        std::copy_n(b, count, out.fb.data() + first);
        // f(A_B^i) - f(A), eight parameters at a time, written to their panel row by row.
        for (std::size_t q = 0; q < active.size(); ++q) {
            const double* ab = w + plan.run_ab(q, w, block, count) * block;
            double* lane = differences.data() + (q % lanes) * static_cast<std::size_t>(block);
            for (Eigen::Index r = 0; r < count; ++r) lane[r] = ab[r] - a[r];
            if (q % lanes == lanes - 1 || q + 1 == active.size()) {
                double* panel = out.delta.get() + (q / lanes) * rows * lanes + static_cast<std::size_t>(first) * lanes;
                const std::size_t filled = q % lanes + 1;
                for (Eigen::Index r = 0; r < count; ++r) {
                    for (std::size_t j = 0; j < lanes; ++j) {
                        panel[static_cast<std::size_t>(r) * lanes + j] = j < filled ? differences[j * static_cast<std::size_t>(block) + static_cast<std::size_t>(r)] : 0.0;
                    }
                }
            }
        }
        if (progress) progress((first + count) * (d + 2), size * (d + 2));
    }
    return out;
}

}  // namespace

sobol_result sobol(const model& m, int node, long n, std::uint64_t seed, int bootstrap,
                   const std::function<void(long done, long total)>& progress) {
    const std::vector<sensitivity_parameter> params = uncertain_parameters(m);
    const auto d = static_cast<Eigen::Index>(params.size());
    long size = 1;
    while (size < n) size *= 2;
    sobol_result out;
    out.base_samples = size;
    out.evaluations = size * (d + 2);
    if (d == 0) return out;
    if (static_cast<std::size_t>(d) > saltelli_sequence::max_parameters) {
        throw input_error::invalid_option("sensitivity method", fmt::format("a Sobol' design handles at most {} uncertain parameters, and this "
                                                                  "output has {}; use the tornado method",
                                                                  saltelli_sequence::max_parameters, d));
    }

    const design_plan plan(m, node, params);
    const std::vector<int>& active = plan.active();
    // The differences f(A_B^i) - f(A) are kept for the bootstrap: N per active parameter.
    if (static_cast<std::uint64_t>(size) * active.size() > max_sobol_values) {
        long largest = 1;
        while (static_cast<std::uint64_t>(largest) * 2 * active.size() <= max_sobol_values) largest *= 2;
        throw input_error::invalid_option(
            "sample size", fmt::format("a Sobol' design of N = {} for {} parameters would keep {} values, more than the {} kaya "
                                       "allows (512 MiB); use N = {} or less, or the tornado method",
                                       size, active.size(), static_cast<std::uint64_t>(size) * active.size(), max_sobol_values, largest));
    }
    const design_outputs outputs = evaluate_design(m, plan, d, size, progress);
    const std::vector<double>& fa = outputs.fa;
    const std::vector<double>& fb = outputs.fb;
    const std::size_t panels = outputs.panels;
    const auto rows = static_cast<std::size_t>(size);
    const double* const delta = outputs.delta.get();
    {
        const Eigen::Map<const Eigen::ArrayXd> xa(fa.data(), size), xb(fb.data(), size);
        const double mean = (xa.sum() + xb.sum()) / (2.0 * static_cast<double>(size));
        out.variance = ((xa - mean).square().sum() + (xb - mean).square().sum()) / (2.0 * static_cast<double>(size) - 1.0);
    }

    // Indices by active parameter: the point estimates, then each bootstrap resample's.
    std::vector<double> first(active.size()), total(active.size());
    std::vector<std::vector<double>> boot_first(active.size(), std::vector<double>(static_cast<std::size_t>(std::max(bootstrap, 0))));
    std::vector<std::vector<double>> boot_total = boot_first;
    {
        row_set all;
        all.rows.resize(rows);
        for (std::size_t r = 0; r < rows; ++r) all.rows[r] = static_cast<std::uint32_t>(r);
        all.set(fa, fb);
        const row_set* set = &all;
        for (std::size_t p = 0; p < panels; ++p) {
            double pf[1][lanes], pt[1][lanes];
            estimate_panel<1>(delta + p * rows * lanes, &set, pf, pt);
            for (std::size_t j = 0; j < lanes && p * lanes + j < active.size(); ++j) {
                first[p * lanes + j] = pf[0][j];
                total[p * lanes + j] = pt[0][j];
            }
        }
    }
    // Bootstrap over the design's rows, with reproducible draws. Resamples go by groups, so
    // that each panel comes from memory once per group rather than once per resample, and
    // by pairs within a group.
    const int group = static_cast<int>(std::clamp<long>((1L << 20) / size, 2, 16));
    std::vector<row_set> sets(static_cast<std::size_t>(group));
    std::vector<double> u(rows);
    for (int k0 = 0; k0 < bootstrap; k0 += group) {
        const int count = std::min(group, bootstrap - k0);
        for (int g = 0; g < count; ++g) {
            const int k = k0 + g;
            uniform_draws(stream_key(seed, "sobol-bootstrap"), static_cast<std::uint64_t>(k) * static_cast<std::uint64_t>(size), size, u.data());
            row_set& set = sets[static_cast<std::size_t>(g)];
            set.rows.resize(rows);
            for (std::size_t r = 0; r < rows; ++r) {
                set.rows[r] = static_cast<std::uint32_t>(std::min<long>(static_cast<long>(u[r] * static_cast<double>(size)), size - 1));
            }
            set.set(fa, fb);
        }
        for (std::size_t p = 0; p < panels; ++p) {
            for (int g = 0; g < count; g += 2) {
                const row_set* pair[2] = {&sets[static_cast<std::size_t>(g)], g + 1 < count ? &sets[static_cast<std::size_t>(g) + 1] : nullptr};
                double pf[2][lanes], pt[2][lanes];
                if (pair[1]) estimate_panel<2>(delta + p * rows * lanes, pair, pf, pt);
                else estimate_panel<1>(delta + p * rows * lanes, pair, pf, pt);
                for (int h = 0; h < 2 && g + h < count; ++h) {
                    for (std::size_t j = 0; j < lanes && p * lanes + j < active.size(); ++j) {
                        boot_first[p * lanes + j][static_cast<std::size_t>(k0 + g + h)] = pf[h][j];
                        boot_total[p * lanes + j][static_cast<std::size_t>(k0 + g + h)] = pt[h][j];
                    }
                }
            }
        }
    }

    std::size_t q = 0;
    for (Eigen::Index j = 0; j < d; ++j) {
        const auto k = static_cast<std::size_t>(j);
        sobol_index index{params[k].name, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
        if (q < active.size() && active[q] == static_cast<int>(j)) {
            index.first = first[q];
            index.total = total[q];
            if (bootstrap > 1) {
                index.first_low = quantile(boot_first[q], 0.025);
                index.first_high = quantile(boot_first[q], 0.975);
                index.total_low = quantile(boot_total[q], 0.025);
                index.total_high = quantile(boot_total[q], 0.975);
                out.too_small = out.too_small || index.first_high - index.first_low > 0.1 || index.total_high - index.total_low > 0.1;
            }
            ++q;
        }
        out.indices.push_back(index);
    }
    std::stable_sort(out.indices.begin(), out.indices.end(), [](const sobol_index& x, const sobol_index& y) { return x.total > y.total; });
    return out;
}

}  // namespace kaya

// Sobol' indices from a Saltelli design (Saltelli et al. 2010, "Variance based sensitivity
// analysis of model output", Computer Physics Communications 181).
#include <boost/random/sobol.hpp>

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/analysis/sensitivity.hpp"
#include "kaya/model/evaluate.hpp"
#include "kaya/stats/random.hpp"

namespace kaya {
namespace {

// Evaluates `node` on design rows of unit-interval values, one column per parameter,
// mapped through each input's inverse CDF.
Eigen::ArrayXd evaluate_design(const model& m, int node, const std::vector<sensitivity_parameter>& params,
                               const Eigen::ArrayXXd& unit) {
    const Eigen::Index rows = unit.rows(), batch = std::min<Eigen::Index>(rows, 2048);
    evaluator eval(m.nodes, {node}, batch);
    Eigen::ArrayXXd out(rows, 1);
    const std::vector<double> nominal = m.nominal_inputs();
    for (Eigen::Index first = 0; first < rows; first += batch) {
        const Eigen::Index n = std::min(batch, rows - first);
        // Inputs that are not parameters of the design (none, in practice) stay nominal.
        for (std::size_t i = 0; i < m.inputs.size(); ++i) std::fill_n(eval.input_buffer(static_cast<int>(i)), n, nominal[i]);
        for (std::size_t j = 0; j < params.size(); ++j) {
            for (const int i : params[j].inputs) {
                double* column = eval.input_buffer(i);
                std::copy_n(unit.col(static_cast<Eigen::Index>(j)).data() + first, n, column);
                m.inputs[static_cast<std::size_t>(i)].dist.quantiles(column, n);
            }
        }
        eval.run(n, out, first);
    }
    return out.col(0);
}

struct estimate {
    std::vector<double> first, total;
};

// Saltelli 2010 for S1 and Jansen 1999 for ST, over the rows in `rows`.
estimate estimate_indices(const Eigen::ArrayXd& fa, const Eigen::ArrayXd& fb, const std::vector<Eigen::ArrayXd>& fab,
                          const std::vector<Eigen::Index>& rows) {
    const double n = static_cast<double>(rows.size());
    double mean = 0.0;
    for (const auto r : rows) mean += fa[r] + fb[r];
    mean /= 2.0 * n;
    double variance = 0.0;
    for (const auto r : rows) variance += (fa[r] - mean) * (fa[r] - mean) + (fb[r] - mean) * (fb[r] - mean);
    variance /= 2.0 * n - 1.0;
    estimate e;
    for (const auto& fi : fab) {
        double s1 = 0.0, st = 0.0;
        for (const auto r : rows) {
            // f(B) centred on the mean: the same expectation, far less variance when the
            // output's mean is large against its spread (as footprints' are).
            s1 += (fb[r] - mean) * (fi[r] - fa[r]);
            st += (fa[r] - fi[r]) * (fa[r] - fi[r]);
        }
        e.first.push_back(variance > 0.0 ? s1 / n / variance : 0.0);
        e.total.push_back(variance > 0.0 ? st / (2.0 * n) / variance : 0.0);
    }
    return e;
}

}  // namespace

sobol_result sobol(const model& m, int node, long n, std::uint64_t seed, int bootstrap) {
    const std::vector<sensitivity_parameter> params = uncertain_parameters(m);
    const auto d = static_cast<Eigen::Index>(params.size());
    long size = 1;
    while (size < n) size *= 2;
    sobol_result out;
    out.base_samples = size;
    out.evaluations = size * (d + 2);
    if (d == 0) return out;
    // Boost's Sobol' tables have this many dimensions, and the design needs two per parameter.
    if (2 * static_cast<std::size_t>(d) > boost::random::default_sobol_table::max_dimension) {
        throw input_error::invalid_option("sensitivity method", fmt::format("a Sobol' design handles at most {} uncertain parameters, and this "
                                                                  "output has {}; use the tornado method",
                                                                  boost::random::default_sobol_table::max_dimension / 2, d));
    }

    // A and B: the first and last d coordinates of a 2d-dimensional Sobol' sequence, from
    // its second point on (the first is all zeros), centred in their cells.
    boost::random::sobol qrng(static_cast<std::size_t>(2 * d));
    qrng.seed(1);
    Eigen::ArrayXXd a(size, d), b(size, d);
    constexpr double scale = 1.0 / 9007199254740992.0;  // 2^-53
    for (long r = 0; r < size; ++r) {
        for (Eigen::Index j = 0; j < 2 * d; ++j) {
            const double u = (static_cast<double>(qrng() >> 11) + 0.5) * scale;
            (j < d ? a(r, j) : b(r, j - d)) = u;
        }
    }
    const Eigen::ArrayXd fa = evaluate_design(m, node, params, a);
    const Eigen::ArrayXd fb = evaluate_design(m, node, params, b);
    std::vector<Eigen::ArrayXd> fab;
    for (Eigen::Index j = 0; j < d; ++j) {
        Eigen::ArrayXXd ab = a;
        ab.col(j) = b.col(j);
        fab.push_back(evaluate_design(m, node, params, ab));
    }
    std::vector<Eigen::Index> rows(static_cast<std::size_t>(size));
    for (long r = 0; r < size; ++r) rows[static_cast<std::size_t>(r)] = r;
    const estimate point = estimate_indices(fa, fb, fab, rows);
    {
        const double mean = (fa.sum() + fb.sum()) / (2.0 * static_cast<double>(size));
        out.variance = ((fa - mean).square().sum() + (fb - mean).square().sum()) / (2.0 * static_cast<double>(size) - 1.0);
    }

    // Bootstrap over the design's rows, with reproducible draws.
    std::vector<std::vector<double>> first(static_cast<std::size_t>(d)), total(static_cast<std::size_t>(d));
    std::vector<double> u(static_cast<std::size_t>(size));
    for (int k = 0; k < bootstrap; ++k) {
        uniform_draws(stream_key(seed, "sobol-bootstrap"), static_cast<std::uint64_t>(k) * static_cast<std::uint64_t>(size), size, u.data());
        for (long r = 0; r < size; ++r) {
            rows[static_cast<std::size_t>(r)] = std::min<Eigen::Index>(static_cast<Eigen::Index>(u[static_cast<std::size_t>(r)] * static_cast<double>(size)), size - 1);
        }
        const estimate e = estimate_indices(fa, fb, fab, rows);
        for (Eigen::Index j = 0; j < d; ++j) {
            first[static_cast<std::size_t>(j)].push_back(e.first[static_cast<std::size_t>(j)]);
            total[static_cast<std::size_t>(j)].push_back(e.total[static_cast<std::size_t>(j)]);
        }
    }
    for (Eigen::Index j = 0; j < d; ++j) {
        const auto k = static_cast<std::size_t>(j);
        sobol_index index{params[k].name, point.first[k], 0.0, 0.0, point.total[k], 0.0, 0.0};
        if (bootstrap > 1) {
            index.first_low = quantile(first[k], 0.025);
            index.first_high = quantile(first[k], 0.975);
            index.total_low = quantile(total[k], 0.025);
            index.total_high = quantile(total[k], 0.975);
            out.too_small = out.too_small || index.first_high - index.first_low > 0.1 || index.total_high - index.total_low > 0.1;
        }
        out.indices.push_back(index);
    }
    std::stable_sort(out.indices.begin(), out.indices.end(), [](const sobol_index& x, const sobol_index& y) { return x.total > y.total; });
    return out;
}

}  // namespace kaya

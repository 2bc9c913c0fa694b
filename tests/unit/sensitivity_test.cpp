// Sensitivity analysis against analytic results, and Sobol' indices against their
// definition computed the straightforward way.
#include <doctest/doctest.h>

#include <boost/random/sobol.hpp>

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "kaya/analysis/sensitivity.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/model/evaluate.hpp"
#include "kaya/render/render.hpp"
#include "kaya/stats/random.hpp"
#include "test_support.hpp"

using namespace kaya;

namespace {

model data(const char* name) { return compile(load_scenario(std::string(KAYA_TEST_DATA_DIR) + "/sensitivity/" + name)); }

const sobol_index& index_of(const sobol_result& r, const std::string& name) {
    for (const auto& i : r.indices)
        if (i.name == name) return i;
    throw std::runtime_error("no index " + name);
}

// Sobol' indices as the documentation defines them, without shortcuts: the d + 2 matrices
// A, B and A_B^i built in full, every row of each mapped through the inverse CDFs and
// evaluated, and the estimators summed over the rows; the bootstrap draws its resamples
// from the seed's "sobol-bootstrap" stream, resample k from draw k N on.
std::map<std::string, sobol_index> sobol_by_definition(const model& m, int node, long size, std::uint64_t seed, int bootstrap) {
    const std::vector<sensitivity_parameter> params = uncertain_parameters(m);
    const auto d = static_cast<Eigen::Index>(params.size());
    // A and B: the first and last d coordinates of a 2d-dimensional Sobol' sequence from its
    // second point on, centred in their cells.
    boost::random::sobol qrng(static_cast<std::size_t>(2 * d));
    qrng.seed(1);
    Eigen::ArrayXXd a(size, d), b(size, d);
    for (long r = 0; r < size; ++r)
        for (Eigen::Index j = 0; j < 2 * d; ++j) {
            const double u = (static_cast<double>(qrng() >> 11) + 0.5) / 9007199254740992.0;
            (j < d ? a(r, j) : b(r, j - d)) = u;
        }
    auto f = [&](const Eigen::ArrayXXd& unit) {
        Eigen::ArrayXXd x(size, static_cast<Eigen::Index>(m.inputs.size()));
        for (Eigen::Index j = 0; j < d; ++j)
            for (const int i : params[static_cast<std::size_t>(j)].inputs)
                for (long r = 0; r < size; ++r) x(r, i) = m.inputs[static_cast<std::size_t>(i)].dist.quantile(unit(r, j));
        evaluator e(m.nodes, {node}, size);
        Eigen::ArrayXXd y(size, 1);
        e.run(x, y);
        return Eigen::ArrayXd(y.col(0));
    };
    const Eigen::ArrayXd fa = f(a), fb = f(b);
    std::vector<Eigen::ArrayXd> fab;
    for (Eigen::Index j = 0; j < d; ++j) {
        Eigen::ArrayXXd ab = a;
        ab.col(j) = b.col(j);
        fab.push_back(f(ab));
    }
    // S1 (Saltelli 2010, f(B) centred on the mean) and ST (Jansen 1999) over some rows.
    auto indices = [&](const std::vector<long>& rows, std::size_t j) {
        const double n = static_cast<double>(rows.size());
        double mean = 0.0, variance = 0.0, s1 = 0.0, st = 0.0;
        for (const long r : rows) mean += fa[r] + fb[r];
        mean /= 2.0 * n;
        for (const long r : rows) variance += (fa[r] - mean) * (fa[r] - mean) + (fb[r] - mean) * (fb[r] - mean);
        variance /= 2.0 * n - 1.0;
        for (const long r : rows) {
            s1 += (fb[r] - mean) * (fab[j][r] - fa[r]);
            st += (fa[r] - fab[j][r]) * (fa[r] - fab[j][r]);
        }
        return std::pair{s1 / n / variance, st / (2.0 * n) / variance};
    };
    std::vector<long> all(static_cast<std::size_t>(size));
    for (long r = 0; r < size; ++r) all[static_cast<std::size_t>(r)] = r;
    std::vector<std::vector<long>> resamples;
    std::vector<double> u(static_cast<std::size_t>(size));
    for (int k = 0; k < bootstrap; ++k) {
        uniform_draws(stream_key(seed, "sobol-bootstrap"), static_cast<std::uint64_t>(k * size), size, u.data());
        std::vector<long> rows;
        for (const double x : u) rows.push_back(std::min(static_cast<long>(x * static_cast<double>(size)), size - 1));
        resamples.push_back(rows);
    }
    std::map<std::string, sobol_index> out;
    for (std::size_t j = 0; j < params.size(); ++j) {
        const auto [first, total] = indices(all, j);
        std::vector<double> firsts, totals;
        for (const auto& rows : resamples) {
            const auto [f1, t1] = indices(rows, j);
            firsts.push_back(f1);
            totals.push_back(t1);
        }
        out[params[j].name] = {params[j].name, first, quantile(firsts, 0.025), quantile(firsts, 0.975),
                               total, quantile(totals, 0.025), quantile(totals, 0.975)};
    }
    return out;
}

// A scenario with d dimensionless parameters x0, x1, ... across the four families of
// distribution. Phase j takes x(5j) to x(5j + 3) through products, a quotient, exp, sqrt and
// max, all scaled by (1 + x0 / 10), which makes x0 matter to every phase; x(5j + 4) is used
// nowhere. Besides, the site's water use `w` reaches the water only, and two phases amortise
// GPUs of the same catalogue model, whose embodied footprint is one parameter drawn in two
// places.
std::string many_parameters(int d) {
    std::string text = "name: many\nparameters:\n  w: {value: 0.5 L/kWh, uniform: [0 L/kWh, 1 L/kWh]}\n";
    for (int k = 0; k < d; ++k) {
        switch (k % 4) {
            case 0: text += fmt::format("  x{}: {{value: 0.5, uniform: [0, 1]}}\n", k); break;
            case 1: text += fmt::format("  x{}: {{value: 0.5, triangular: [0, 0.5, 2]}}\n", k); break;
            case 2: text += fmt::format("  x{}: {{value: 1, lognormal: {{gsd: 1.5}}}}\n", k); break;
            case 3: text += fmt::format("  x{}: {{value: 0.5, normal: {{sd: 0.2}}}}\n", k); break;
        }
    }
    text += "sites:\n  unit: {grid_intensity: 1 kgCO2e/kWh, pue: 1, wue: w, water_intensity: 0 L/kWh}\n"
            "hardware:\n"
            "  g1: {model: nvidia-a100-sxm4-80gb, count: 8, lifetime: 4 year, utilisation: 0.8}\n"
            "  g2: {model: nvidia-a100-sxm4-80gb, count: 16, lifetime: 5 year, utilisation: 0.8}\n"
            "phases:\n"
            "  - {name: gpus-1, kind: embodied, hardware: g1, device_hours: 100 h}\n"
            "  - {name: gpus-2, kind: embodied, hardware: g2, device_hours: 300 h}\n";
    for (int j = 0; 5 * j + 3 < d; ++j) {
        text += fmt::format("  - name: p{}\n    kind: idle\n    site: unit\n"
                            "    energy: (x{} * exp(x{} / 4) + sqrt(x{}) / max(x{}, 0.3)) * (1 + x0 / 10) * 1 kWh\n",
                            j, 5 * j, 5 * j + 1, 5 * j + 2, 5 * j + 3);
    }
    return text;
}

}  // namespace

TEST_CASE("sobol: the Ishigami function (a = 7, b = 0.1) at N = 2^14") {
    // Analytic: S1 = 0.314, S2 = 0.442, S3 = 0; ST1 = 0.558, ST2 = 0.442, ST3 = 0.244
    // (Ishigami and Homma 1990; Saltelli et al. 2008, Global Sensitivity Analysis, §4.9).
    const model m = data("ishigami.yaml");
    const sobol_result r = sobol(m, output_node(m, "energy", ""), 1 << 14, 42);
    CHECK(r.evaluations == (1 << 14) * 5);
    const struct { const char* name; double first, total; } expected[] = {
        {"x1", 0.314, 0.558}, {"x2", 0.442, 0.442}, {"x3", 0.000, 0.244}};
    for (const auto& e : expected) {
        CAPTURE(e.name);
        const sobol_index& i = index_of(r, e.name);
        CHECK(std::abs(i.first - e.first) < 0.02);
        CHECK(std::abs(i.total - e.total) < 0.02);
        CHECK(i.first_low <= i.first);
        CHECK(i.first <= i.first_high);
    }
    CHECK_FALSE(r.too_small);
}

TEST_CASE("sobol: a linear additive model has its analytic indices — an unused parameter has none") {
    // y = x1 + 2 x2 + 3 x3 with equal variances: S_i = ST_i = c_i^2 / (1 + 4 + 9).
    const model m = data("linear.yaml");
    const sobol_result r = sobol(m, output_node(m, "energy", ""), 1 << 14, 42);
    const struct { const char* name; double value; } expected[] = {{"x1", 1.0 / 14}, {"x2", 4.0 / 14}, {"x3", 9.0 / 14}};
    for (const auto& e : expected) {
        CAPTURE(e.name);
        CHECK(std::abs(index_of(r, e.name).first - e.value) < 0.01);
        CHECK(std::abs(index_of(r, e.name).total - e.value) < 0.01);
    }
    // The output does not depend on it: f(A_B^i) = f(A) row by row.
    const sobol_index& unused = index_of(r, "unused");
    CHECK(unused.first == 0.0);
    CHECK(unused.total == 0.0);
    CHECK(unused.first_low == 0.0);
    CHECK(unused.total_high == 0.0);
}

TEST_CASE("sobol: with 300 parameters, the indices and intervals are those of the definition") {
    // Of the 302 parameters, 241 reach the carbon (one of them through two inputs) and 61 do
    // not; x0 reaches every phase. The indices are compared with the design built and
    // evaluated in full (sobol_by_definition) at N = 64, over 40 bootstrap resamples.
    const model m = test::compile_text(many_parameters(300), "many.yaml");
    const int node = output_node(m, "gwp", "");
    const sobol_result fast = sobol(m, node, 64, 7, 40);
    const std::map<std::string, sobol_index> expected = sobol_by_definition(m, node, 64, 7, 40);
    CHECK(fast.evaluations == 64 * 304);
    REQUIRE(fast.indices.size() == 302);
    int zero = 0;
    for (const sobol_index& i : fast.indices) {
        CAPTURE(i.name);
        const sobol_index& e = expected.at(i.name);
        CHECK(i.first == doctest::Approx(e.first).epsilon(1e-12));
        CHECK(i.first_low == doctest::Approx(e.first_low).epsilon(1e-12));
        CHECK(i.first_high == doctest::Approx(e.first_high).epsilon(1e-12));
        CHECK(i.total == doctest::Approx(e.total).epsilon(1e-12));
        CHECK(i.total_low == doctest::Approx(e.total_low).epsilon(1e-12));
        CHECK(i.total_high == doctest::Approx(e.total_high).epsilon(1e-12));
        if (i.total == 0.0) ++zero;
    }
    CHECK(zero == 61);
    CHECK(index_of(fast, "w").total == 0.0);
    CHECK(index_of(fast, "catalog.hardware.nvidia-a100-sxm4-80gb.embodied").total > 0.0);
    CHECK(fast.indices[0].name == "x0");
}

TEST_CASE("sobol: progress is reported per block of design rows, up to N (d + 2), and changes nothing") {
    const model m = data("linear.yaml");
    const int node = output_node(m, "energy", "");
    std::vector<std::pair<long, long>> calls;
    const sobol_result with = sobol(m, node, 1024, 5, 200, [&](long done, long total) { calls.emplace_back(done, total); });
    const sobol_result without = sobol(m, node, 1024, 5);
    REQUIRE_FALSE(calls.empty());
    CHECK(calls.back() == std::pair{1024L * 6, 1024L * 6});
    CHECK(std::is_sorted(calls.begin(), calls.end()));
    for (std::size_t k = 0; k < with.indices.size(); ++k) {
        CHECK(with.indices[k].first == without.indices[k].first);
        CHECK(with.indices[k].total_high == without.indices[k].total_high);
    }
}

TEST_CASE("sobol: the same seed gives the same indices") {
    const model m = data("linear.yaml");
    const sobol_result a = sobol(m, output_node(m, "energy", ""), 1024, 5);
    const sobol_result b = sobol(m, output_node(m, "energy", ""), 1000, 5);  // rounded up to 1024
    REQUIRE(a.indices.size() == b.indices.size());
    for (std::size_t k = 0; k < a.indices.size(); ++k) {
        CHECK(a.indices[k].first == b.indices[k].first);
        CHECK(a.indices[k].total_high == b.indices[k].total_high);
    }
}

TEST_CASE("tornado: each parameter from its p05 to its p95, ranked by swing") {
    const model m = data("linear.yaml");
    const tornado_result r = tornado(m, output_node(m, "energy", ""));
    REQUIRE(r.bars.size() == 4);
    // y at nominal (all 0.5) is 3 kWh; x3 moves from 0.05 to 0.95: a swing of 3 × 0.9 = 2.7 kWh.
    CHECK(r.nominal / 3.6e6 == doctest::Approx(3.0));
    CHECK(r.bars[0].name == "x3");
    CHECK(r.bars[0].swing / 3.6e6 == doctest::Approx(2.7));
    CHECK(r.bars[1].name == "x2");
    CHECK(r.bars[3].name == "unused");
    CHECK(r.bars[3].swing == 0.0);
}

TEST_CASE("sensitivity: BLOOM's total carbon is driven by the grid, the hardware's lifetime and the servers' footprint") {
    const model m = test::compile_file("scenarios/bloom-176b.yaml");
    const sobol_result r = sobol(m, output_node(m, "gwp", ""), 1 << 12, 42);
    REQUIRE(r.indices.size() >= 3);
    CHECK(r.indices[0].name == "grid_fr");
    CHECK(r.indices[1].name == "lifetime");
    CHECK(r.indices[2].name == "catalog.hardware.hpe-apollo-6500-gen10-plus.embodied");
    CHECK_THROWS_AS((void)output_node(m, "gwp", "trainig"), input_error);
    CHECK(output_node(m, "gwp", "training") == m.phases[3].output(*m.indicator_index("gwp")));
}

TEST_CASE("tornado: parameters are shown in the unit the scenario wrote them in, with that unit") {
    // A new user's serving phase: 50,000 queries a day at 0.3 Wh each. Base units would show
    // 0.5787 query/s and 1,080 J/query, with no unit.
    const model m = test::compile_text(std::string("name: t\nparameters:\n"
                                                   "  queries_per_day: 50000 query/day ± 10 %\n"
                                                   "  wh_per_query: 0.3 Wh/query ± 20 %\n"
                                                   "  share: 85 % ± 5 %\n") +
                                       test::plain_site +
                                       "phases:\n  - name: serve\n    kind: inference\n    site: s\n"
                                       "    queries: queries_per_day * 365 day * share\n    energy_per_query: wh_per_query\n");
    const tornado_result t = tornado(m, output_node(m, "energy", ""));
    auto bar = [&](const std::string& name) -> const tornado_bar& {
        for (const auto& b : t.bars)
            if (b.name == name) return b;
        throw std::runtime_error("no bar " + name);
    };
    CHECK(bar("queries_per_day").unit.symbol == "query/day");
    CHECK(bar("queries_per_day").low_value / bar("queries_per_day").unit.factor == test::within(45500.0, 1e-9));
    CHECK(bar("wh_per_query").unit.symbol == "Wh/query");
    CHECK(bar("wh_per_query").high_value / bar("wh_per_query").unit.factor == test::within(0.354, 1e-9));
    CHECK(bar("share").unit.symbol == "%");
    CHECK(bar("share").low_value / bar("share").unit.factor == test::within(81.175, 1e-9));

    const sensitivity_target target{"t", "", "energy", "energy", "kWh", 1.0 / 3.6e6};
    const std::string table = render_tornado_table(target, t);
    CHECK(table.find("45,500 query/day") != std::string::npos);
    CHECK(table.find("0.2460 Wh/query") != std::string::npos);
    const std::string json = render_sensitivity_json(target, &t, nullptr);
    CHECK(json.find("\"name\": \"wh_per_query\", \"unit\": \"Wh/query\", \"p05\": 0.246") != std::string::npos);
    CHECK(render_sensitivity_csv(target, &t, nullptr).find("queries_per_day,query/day,45500") != std::string::npos);
}

TEST_CASE("units: every dimension is displayed in a unit, never in a description") {
    for (const dimension d : {dims::energy / dims::query, dims::query / dims::time, dims::carbon / dims::token,
                              dims::energy * dims::energy, dims::mass}) {
        const display_unit u = display_unit_for(d);
        CAPTURE(u.symbol);
        CHECK(u.named);
        CHECK(u.symbol.find(' ') == std::string::npos);
    }
}

TEST_CASE("review: a stage asked for as a phase is named as a stage") {
    const model m = test::compile_file("scenarios/bloom-176b.yaml");
    CHECK_THROWS_WITH_AS((void)output_node(m, "gwp", "deployment"),
                         "kaya: error: phase: no phase 'deployment' in scenario 'bloom-176b'; its phases: embodied-gpus, embodied-servers, "
                         "idle, training, inference; 'deployment' is a stage: analyse it as a stage [invalid-option]",
                         input_error);
}

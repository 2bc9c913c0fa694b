#include "bloom_baseline.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/stats/random.hpp"

namespace kaya::bench {
namespace {

// SplitMix64 over a counter, exactly as kaya::uniform_draws (stats/random.cpp).
constexpr std::uint64_t golden_gamma = 0x9E3779B97F4A7C15ULL;

inline double uniform(std::uint64_t state) noexcept {
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    constexpr double scale = 1.0 / 9007199254740992.0;  // 2^-53
    return (static_cast<double>(z >> 11) + 0.5) * scale;
}

// The scenario's constants, in base units (s, J).
constexpr double hour = 3600.0;
constexpr double kwh = 3.6e6;
constexpr double gpu_hours = 1082990.0 * hour;
constexpr double gpus_per_node = 8.0;
constexpr double idle_energy = 256646.0 * kwh;
constexpr double logged_days = 18.0 * 86400.0;
// Off-site water intensities from the grids catalogue (FRA and USA, EcoLogits), in m3/J.
constexpr double litre_per_kwh = 1e-3 / kwh;
constexpr double water_intensity_jean_zay = 3.6737 * litre_per_kwh;
constexpr double water_intensity_gcp = 3.1321 * litre_per_kwh;

}  // namespace

const std::array<const char*, bloom_baseline::input_count> bloom_baseline::keys{
    "gpu_power",
    "grid_fr",
    "pue_jean_zay",
    "lifetime",
    "utilisation",
    "catalog.hardware.nvidia-a100-sxm4-80gb.embodied",
    "catalog.hardware.hpe-apollo-6500-gen10-plus.embodied",
    "site.jean-zay.wue",
    "site.gcp-us-central1.grid_intensity",
    "site.gcp-us-central1.pue",
    "catalog.datacentres.gcp-us-central1.wue",
    "logged_energy",
};

bloom_baseline::bloom_baseline(const model& m) {
    if (m.inputs.size() != input_count || m.phases.size() != 5) {
        throw std::runtime_error("bloom_baseline: the model is not the BLOOM scenario it was written for");
    }
    // Stages are optional: none, or two (whatever their names): phases 0-3, then phase 4.
    if (!m.stages.empty()) {
        const auto& ph = m.phases;
        const bool ok = m.stages.size() == 2 && m.stages[0].name == ph[0].stage && m.stages[1].name == ph[4].stage &&
                        ph[1].stage == ph[0].stage && ph[2].stage == ph[0].stage && ph[3].stage == ph[0].stage &&
                        ph[4].stage != ph[0].stage;
        if (!ok) throw std::runtime_error("bloom_baseline: the model's stages are not phases 0-3 and phase 4");
        with_stages_ = true;
    }
    for (const char* key : keys) {
        const auto it = std::find_if(m.inputs.begin(), m.inputs.end(), [&](const model_input& in) { return in.key == key; });
        if (it == m.inputs.end()) throw std::runtime_error(std::string("bloom_baseline: no input '") + key + "'");
        dists_.push_back(it->dist);
    }
}

Eigen::ArrayXXd bloom_baseline::sample_outputs(long samples, std::uint64_t seed) const {
    Eigen::ArrayXXd out;
    sample_outputs(samples, seed, out);
    return out;
}

void bloom_baseline::sample_outputs(long samples, std::uint64_t seed, Eigen::ArrayXXd& out) const {
    std::array<std::uint64_t, input_count> stream{};
    for (int k = 0; k < input_count; ++k) stream[k] = stream_key(seed, keys[k]);

    const Eigen::Index n = samples;
    const int columns = with_stages_ ? 24 : 18;
    out.resize(n, columns);
    double* col[24];
    for (int c = 0; c < columns; ++c) col[c] = out.col(c).data();
    // The totals follow the phases, or the stages when there are any.
    double** total = col + (with_stages_ ? 21 : 15);

    for (Eigen::Index i = 0; i < n; ++i) {
        // Draw i of each input's stream: SplitMix64 of key + (i + 1)·γ, through the quantile.
        const std::uint64_t step = (static_cast<std::uint64_t>(i) + 1) * golden_gamma;
        double x[input_count];
        for (int k = 0; k < input_count; ++k) x[k] = dists_[k].quantile(uniform(stream[k] + step));

        // embodied-gpus and embodied-servers: share = device_hours / (lifetime × utilisation).
        const double life_use = x[lifetime] * x[utilisation];
        const double gwp0 = x[embodied_gpu] * (gpu_hours / life_use);
        const double gwp1 = x[embodied_node] * ((gpu_hours / gpus_per_node) / life_use);

        // idle at Jean Zay: it_energy is the measured energy, and the phase's own PUE is 1
        // (the energy was measured at facility level).
        const double energy2 = idle_energy;
        const double gwp2 = energy2 * x[grid_fr];
        const double water2 = idle_energy * x[wue_jean_zay] + energy2 * water_intensity_jean_zay;

        // training at Jean Zay: it_energy = device_hours × power.
        const double it3 = gpu_hours * x[gpu_power];
        const double energy3 = it3 * x[pue_jean_zay];
        const double gwp3 = energy3 * x[grid_fr];
        const double water3 = it3 * x[wue_jean_zay] + energy3 * water_intensity_jean_zay;

        // inference on GCP us-central1.
        // it_energy = power × duration, power = logged energy / logged days (as the scenario writes it).
        const double it4 = (x[inference_energy] / logged_days) * logged_days;
        const double energy4 = it4 * x[pue_gcp];
        const double gwp4 = energy4 * x[grid_gcp];
        const double water4 = it4 * x[wue_gcp] + energy4 * water_intensity_gcp;

        col[0][i] = gwp0, col[1][i] = 0.0, col[2][i] = 0.0;
        col[3][i] = gwp1, col[4][i] = 0.0, col[5][i] = 0.0;
        col[6][i] = gwp2, col[7][i] = energy2, col[8][i] = water2;
        col[9][i] = gwp3, col[10][i] = energy3, col[11][i] = water3;
        col[12][i] = gwp4, col[13][i] = energy4, col[14][i] = water4;
        // Stage and total sums, in phase order as the compiler adds them (the embodied
        // phases' energy and water are constant zeros, folded away).
        if (with_stages_) {
            col[15][i] = ((gwp0 + gwp1) + gwp2) + gwp3, col[16][i] = energy2 + energy3, col[17][i] = water2 + water3;
            col[18][i] = gwp4, col[19][i] = energy4, col[20][i] = water4;
        }
        total[0][i] = (((gwp0 + gwp1) + gwp2) + gwp3) + gwp4;
        total[1][i] = (energy2 + energy3) + energy4;
        total[2][i] = (water2 + water3) + water4;
    }
}

double max_relative_difference(const model& m, long samples, std::uint64_t seed) {
    const Eigen::ArrayXXd all = kaya::sample_outputs(m, {samples, seed});
    const Eigen::ArrayXXd base = bloom_baseline(m).sample_outputs(samples, seed);
    // The hand-written loop computes carbon, energy and water; the engine's columns for them
    // are found by name, in the loop's order (phases, stages, totals).
    const output_columns layout = output_layout(m);
    std::vector<Eigen::Index> picked;
    auto pick = [&](const std::vector<int>& columns) {
        for (const char* key : {"gwp", "energy", "water"}) picked.push_back(columns[*m.indicator_index(key)]);
    };
    for (const auto& p : layout.phases) pick(p);
    for (const auto& st : layout.stages) pick(st);
    pick(layout.totals);
    // The embodied phases' water is not assessed (no source gives it for BLOOM's hardware);
    // the loop writes 0 there, and leaves it out of its sums as the engine does.
    Eigen::ArrayXXd engine(all.rows(), static_cast<Eigen::Index>(picked.size()));
    for (std::size_t c = 0; c < picked.size(); ++c) {
        if (picked[c] < 0) engine.col(static_cast<Eigen::Index>(c)).setZero();
        else engine.col(static_cast<Eigen::Index>(c)) = all.col(picked[c]);
    }
    if (engine.rows() != base.rows() || engine.cols() != base.cols()) return INFINITY;
    double worst = 0.0;
    for (Eigen::Index c = 0; c < engine.cols(); ++c) {
        for (Eigen::Index r = 0; r < engine.rows(); ++r) {
            const double a = engine(r, c), b = base(r, c);
            const double scale = std::max(std::abs(a), std::abs(b));
            const double d = scale == 0.0 ? 0.0 : std::abs(a - b) / scale;
            if (!(d <= worst)) worst = d;  // NaN propagates as a failure
        }
    }
    return worst;
}

}  // namespace kaya::bench

// The BLOOM scenario (scenarios/bloom-176b.yaml) as one hand-written, fused C++ loop: the
// reference kaya's whole-process throughput is measured against (bench/reference/compare.py).
//
//   g++ -O2 -std=c++20 -o bloom_loop bench/reference/bloom_loop.cpp
//   ./bloom_loop SAMPLES [SEED]      # JSON on standard output
//
// It is what a careful person writes by hand, with no library: every sample of every output
// is stored, then each column's mean and its 5th, 50th and 95th percentiles are taken
// (type 7, as NumPy's default) with std::nth_element. It uses kaya's random streams
// (SplitMix64 over a counter, one stream per parameter name), so for the outputs it computes
// its numbers are kaya's. It computes three of kaya's categories (carbon, energy, water) for
// each phase, stage and the total: 24 columns, where `kaya run` reports nine categories,
// the functional unit and deployment parity (48 distinct sampled columns).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr std::uint64_t golden_gamma = 0x9E3779B97F4A7C15ULL;

std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// kaya's stream of a named parameter (engine/src/stats/random.cpp).
std::uint64_t stream_key(std::uint64_t seed, std::string_view name) {
    std::uint64_t h = 0xCBF29CE484222325ULL;
    for (const char c : name) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001B3ULL;
    }
    return mix(h ^ mix(seed + golden_gamma));
}

double uniform01(std::uint64_t key, std::uint64_t i) {
    return (static_cast<double>(mix(key + (i + 1) * golden_gamma) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

double uniform(double u, double a, double b) { return a + u * (b - a); }

double triangular(double u, double a, double m, double b) {
    const double width = b - a;
    if (width <= 0.0) return a;
    return u < (m - a) / width ? a + std::sqrt(u * (width * (m - a))) : b - std::sqrt((1.0 - u) * (width * (b - m)));
}

double quantile(std::vector<double>& v, double p) {
    const double h = p * static_cast<double>(v.size() - 1);
    const auto lo = static_cast<std::size_t>(h);
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
    const double x_lo = v[lo];
    if (lo + 1 >= v.size()) return x_lo;
    const double x_hi = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
    return x_lo + (h - static_cast<double>(lo)) * (x_hi - x_lo);
}

// Base units: s, J, kg, m3.
constexpr double hour = 3600.0, day = 86400.0, year = 365.25 * day, kwh = 3.6e6;
constexpr double per_kwh_g = 1e-3 / kwh;  // gCO2e/kWh -> kg/J
constexpr double litre_per_kwh = 1e-3 / kwh;

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bloom_loop SAMPLES [SEED]\n");
        return 2;
    }
    const long n = std::atol(argv[1]);
    const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 42;
    if (n < 1) return 2;
    const char* names[] = {"gpu_power", "grid_fr", "pue_jean_zay", "lifetime", "utilisation",
                           "catalog.hardware.nvidia-a100-sxm4-80gb.embodied", "catalog.hardware.hpe-apollo-6500-gen10-plus.embodied",
                           "site.jean-zay.wue", "site.gcp-us-central1.grid_intensity", "site.gcp-us-central1.pue",
                           "catalog.datacentres.gcp-us-central1.wue", "logged_energy"};
    std::uint64_t key[12];
    for (int k = 0; k < 12; ++k) key[k] = stream_key(seed, names[k]);

    const double gpu_hours = 1082990.0 * hour, node_hours = gpu_hours / 8.0;
    const double idle_energy = 256646.0 * kwh, logged_days = 18.0 * day;
    const double water_fr = 3.6737 * litre_per_kwh, water_us = 3.1321 * litre_per_kwh;  // off site, grids catalogue

    const char* column_names[24] = {
        "embodied-gpus gwp", "embodied-gpus energy", "embodied-gpus water", "embodied-servers gwp", "embodied-servers energy",
        "embodied-servers water", "idle gwp", "idle energy", "idle water", "training gwp", "training energy", "training water",
        "inference gwp", "inference energy", "inference water", "training stage gwp", "training stage energy",
        "training stage water", "deployment stage gwp", "deployment stage energy", "deployment stage water", "total gwp",
        "total energy", "total water"};
    std::vector<std::vector<double>> col(24, std::vector<double>(static_cast<std::size_t>(n)));
    for (long i = 0; i < n; ++i) {
        double u[12];
        for (int k = 0; k < 12; ++k) u[k] = uniform01(key[k], static_cast<std::uint64_t>(i));
        const double power = triangular(u[0], 280.0, 400.0, 400.0);
        const double grid_fr = uniform(u[1], 51.0, 69.0) * per_kwh_g;
        const double pue_fr = triangular(u[2], 1.0, 1.0, 1.2);
        const double lifetime = triangular(u[3], 3.0 * year, 6.0 * year, 6.0 * year);
        const double utilisation = uniform(u[4], 0.70, 0.95);
        const double embodied_gpu = triangular(u[5], 143.0, 150.0, 273.0);
        const double embodied_node = triangular(u[6], 2343.79, 2500.0, 5700.0);
        const double wue_fr = uniform(u[7], 0.0, 0.55) * litre_per_kwh;
        const double grid_us = uniform(u[8], 294.0, 430.0) * per_kwh_g;
        const double pue_us = triangular(u[9], 1.0, 1.0, 1.11);
        const double wue_us = uniform(u[10], 0.01, 1.9) * litre_per_kwh;
        const double logged = uniform(u[11], 820.0, 914.0) * kwh;

        const double life_use = lifetime * utilisation;
        const double gwp0 = embodied_gpu * (gpu_hours / life_use);
        const double gwp1 = embodied_node * (node_hours / life_use);
        const double energy2 = idle_energy, gwp2 = energy2 * grid_fr;
        const double water2 = idle_energy * wue_fr + energy2 * water_fr;
        const double it3 = gpu_hours * power, energy3 = it3 * pue_fr, gwp3 = energy3 * grid_fr;
        const double water3 = it3 * wue_fr + energy3 * water_fr;
        const double it4 = logged / logged_days * logged_days, energy4 = it4 * pue_us, gwp4 = energy4 * grid_us;
        const double water4 = it4 * wue_us + energy4 * water_us;
        const double row[24] = {gwp0, 0.0, 0.0, gwp1, 0.0, 0.0, gwp2, energy2, water2, gwp3, energy3, water3, gwp4, energy4, water4,
                                gwp0 + gwp1 + gwp2 + gwp3, energy2 + energy3, water2 + water3, gwp4, energy4, water4,
                                gwp0 + gwp1 + gwp2 + gwp3 + gwp4, energy2 + energy3 + energy4, water2 + water3 + water4};
        for (int c = 0; c < 24; ++c) col[static_cast<std::size_t>(c)][static_cast<std::size_t>(i)] = row[c];
    }

    std::string json = "{\"samples\": " + std::to_string(n) + ", \"outputs\": {";
    for (int c = 0; c < 24; ++c) {
        std::vector<double>& v = col[static_cast<std::size_t>(c)];
        double sum = 0.0;
        for (const double x : v) sum += x;
        char buffer[256];
        const double mean = sum / static_cast<double>(n);
        const double p05 = quantile(v, 0.05), p50 = quantile(v, 0.50), p95 = quantile(v, 0.95);
        std::snprintf(buffer, sizeof buffer, "%s\"%s\": {\"mean\": %.17g, \"p05\": %.17g, \"p50\": %.17g, \"p95\": %.17g}", c ? ", " : "",
                      column_names[c], mean, p05, p50, p95);
        json += buffer;
    }
    json += "}}\n";
    std::fputs(json.c_str(), stdout);
    return 0;
}

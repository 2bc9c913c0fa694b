// Spot checks: built-in catalogue values against the rows of the upstream data they come
// from (paths under shared/data/; row = line in the file, header lines included). The
// regeneration test (catalogues-regenerate) checks the generator as a whole.
#include <doctest/doctest.h>

#include "kaya/catalog/catalog.hpp"
#include "kaya/scenario/expression.hpp"
#include "kaya/units/unit.hpp"

using namespace kaya;

namespace {

const value_spec& field(catalog_kind kind, const char* id, const char* name) {
    const catalog_entry* e = catalog::builtin().find(kind, id);
    REQUIRE_MESSAGE(e != nullptr, "no catalogue entry ", id);
    REQUIRE_MESSAGE(e->fields.contains(name), id, " has no ", name);
    return e->fields.at(name);
}

// A literal's value in `unit`.
double in(const std::string& text, const char* unit) {
    const expression e = parse_expression(text, {});
    REQUIRE(e.is_literal());
    if (*unit == '\0') return e.nodes[0].value;  // a plain number
    const auto u = parse_unit(unit);
    REQUIRE(u);
    return e.nodes[0].value / u->factor;
}

double value(catalog_kind kind, const char* id, const char* name, const char* unit) {
    return in(field(kind, id, name).value->text, unit);
}

double range_end(catalog_kind kind, const char* id, const char* name, const char* unit, bool high) {
    const value_spec& v = field(kind, id, name);
    REQUIRE(!v.args.empty());
    return in((high ? v.args.back() : v.args.front()).text, unit);
}

constexpr auto grids = catalog_kind::grids;
constexpr auto hardware = catalog_kind::hardware;
constexpr auto datacentres = catalog_kind::datacentres;
constexpr double lbs_per_mwh = 0.45359237;  // gCO2/kWh per lbs/MWh

}  // namespace

TEST_CASE("catalogue values: grids") {
    // codecarbon/private_infra/global_energy_mix.json, FRA carbon_intensity (2023)
    CHECK(value(grids, "FRA", "grid_intensity", "gCO2e/kWh") == doctest::Approx(56.039));
    // ecologits/electricity_mixes.csv row 19: FRA gwp 0.04418 kg/kWh, wue 3.6737 L/kWh
    CHECK(range_end(grids, "FRA", "grid_intensity", "gCO2e/kWh", false) == doctest::Approx(44.18));
    CHECK(value(grids, "FRA", "water_intensity", "L/kWh") == doctest::Approx(3.6737));
    // ecologits/electricity_mixes.csv row 50: USA wue 3.1321 L/kWh
    CHECK(value(grids, "USA", "water_intensity", "L/kWh") == doctest::Approx(3.1321));
    // codecarbon/private_infra/2016/usa_emissions.json: california 452.541 lbs/MWh, virginia 813.802
    CHECK(value(grids, "US-CA", "grid_intensity", "gCO2e/kWh") == doctest::Approx(452.541 * lbs_per_mwh));
    CHECK(value(grids, "US-VA", "grid_intensity", "gCO2e/kWh") == doctest::Approx(813.802 * lbs_per_mwh));
    // green-algorithms/CI_aggregated.csv row 113: US-VA 308
    CHECK(range_end(grids, "US-VA", "grid_intensity", "gCO2e/kWh", false) == doctest::Approx(308));
    // green-algorithms/CI_aggregated.csv row 63: CA-QC 1.5
    CHECK(range_end(grids, "CA-QC", "grid_intensity", "gCO2e/kWh", false) == doctest::Approx(1.5));
    // codecarbon/private_infra/nordic_emissions.json: SE3 18.0 (2024)
    CHECK(value(grids, "SE3", "grid_intensity", "gCO2e/kWh") == doctest::Approx(18));
    // codecarbon/private_infra/carbon_intensity_per_source.json: world_average 475, natural_gas 743
    CHECK(value(grids, "world", "grid_intensity", "gCO2e/kWh") == doctest::Approx(475));
    CHECK(value(grids, "source-natural-gas", "grid_intensity", "gCO2e/kWh") == doctest::Approx(743));
    // codecarbon/cloud/impact.csv rows 33 and 23: us-central1 430, europe-west9 34
    CHECK(value(grids, "gcp-us-central1", "grid_intensity", "gCO2e/kWh") == doctest::Approx(430));
    CHECK(value(grids, "gcp-europe-west9", "grid_intensity", "gCO2e/kWh") == doctest::Approx(34));
    // mlco2-impact/impact.csv row 24: aws us-east-1 367.8;
    // ccf-coefficients/data/grid-emissions-factors-aws.csv row 2: 0.000415755 tCO2e/kWh
    CHECK(value(grids, "aws-us-east-1", "grid_intensity", "gCO2e/kWh") == doctest::Approx(367.8));
    CHECK(range_end(grids, "aws-us-east-1", "grid_intensity", "gCO2e/kWh", true) == doctest::Approx(415.755));
}

TEST_CASE("catalogue values: Canadian provinces from their mix and per-source factors") {
    // codecarbon/private_infra/2023/canada_energy_mix.json (quebec) × carbon_intensity_per_source.json,
    // biomass and other at the world average 475: see docs/reference/catalogues.md.
    const double quebec = (0.2 * 743 + 0.3 * 816 + 0.7 * 475 + 0.01 * 48 + 6.7 * 26 + 92.1 * 26) / 100.01;
    CHECK(value(grids, "CA-QC", "grid_intensity", "gCO2e/kWh") == doctest::Approx(quebec).epsilon(1e-4));
}

TEST_CASE("catalogue values: data centres") {
    // green-algorithms/defaults_PUE.csv: gcp 1.12, Unknown 1.56; EcoLogits provider table: Google 1.09
    CHECK(value(datacentres, "gcp", "pue", "") == doctest::Approx(1.12));
    CHECK(range_end(datacentres, "gcp", "pue", "", false) == doctest::Approx(1.09));
    CHECK(value(datacentres, "industry-average", "pue", "") == doctest::Approx(1.56));
    // green-algorithms/cloudProviders_datacenters.csv row 7: us-central1 1.11
    CHECK(value(datacentres, "gcp-us-central1", "pue", "") == doctest::Approx(1.11));
    // EcoLogits provider table (SOURCES.md §6): OpenAI/Azure WUE 0.569 L/kWh
    CHECK(value(datacentres, "azure", "wue", "L/kWh") == doctest::Approx(0.569));
}

TEST_CASE("catalogue values: hardware") {
    // mlco2-impact/gpus.csv rows 2, 5 and 6: H100 SXM 700 W, A100 SXM4 400 W, A10G 24 GB (shifted row)
    CHECK(value(hardware, "nvidia-h100-sxm", "power", "W") == doctest::Approx(700));
    CHECK(value(hardware, "nvidia-a100-sxm4-80gb", "power", "W") == doctest::Approx(400));
    CHECK(value(hardware, "nvidia-a10g", "memory", "GB") == doctest::Approx(24));
    // green-algorithms/TDP_gpu.csv row 24: TPU v4 170 W
    CHECK(value(hardware, "google-tpu-v4", "power", "W") == doctest::Approx(170));
    // ccf-coefficients/output/coefficients-aws-embodied.csv row 265: p4d.24xlarge 4676.79 of which 1200 for GPUs
    CHECK(value(hardware, "aws-p4d-24xlarge-host", "embodied", "kgCO2e") == doctest::Approx(4676.79 - 1200));
    // BLOOM §4.1: HPE Apollo 6500 Gen10 Plus, 2,500 kgCO2e without GPUs
    CHECK(value(hardware, "hpe-apollo-6500-gen10-plus", "embodied", "kgCO2e") == doctest::Approx(2500));
    // An accelerator's embodied footprint spans die-only (LLMCarbon 14.65) to ADEME's LCA (273), via NVIDIA's 164
    CHECK(value(hardware, "nvidia-h100-sxm", "embodied", "kgCO2e") == doctest::Approx(164));
    CHECK(range_end(hardware, "nvidia-h100-sxm", "embodied", "kgCO2e", false) == doctest::Approx(14.65));
    CHECK(range_end(hardware, "nvidia-h100-sxm", "embodied", "kgCO2e", true) == doctest::Approx(273));
    // codecarbon/hardware/cpu_dataset_builder/amd_cpu_server_dataset.csv row 2: EPYC 9965, 500 W
    CHECK(value(hardware, "cpu-amd-epyc-9965", "power", "W") == doctest::Approx(500));
    // green-algorithms/TDP_cpu.csv row 88: Xeon Gold 6148, 150 W
    CHECK(value(hardware, "cpu-intel-xeon-gold-6148", "power", "W") == doctest::Approx(150));
}

TEST_CASE("catalogue: every built-in value cites a source that its file defines") {
    std::size_t values = 0;
    for (const catalog_entry* e : catalog::builtin().list(std::nullopt)) {
        for (const auto& [name, v] : e->fields) {
            ++values;
            CHECK(!v.sources.empty());
            for (const auto& s : v.sources) CHECK(e->sources->contains(s.text));
        }
    }
    CHECK(values > 1000);
}

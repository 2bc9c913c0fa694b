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
    // green-algorithms/CI_aggregated.csv rows 72 and 113: US-CA 216.43, US-VA 308 (data from 2020);
    // codecarbon/private_infra/2016/usa_emissions.json: california 452.541 lbs/MWh, virginia 813.802 (2016)
    CHECK(value(grids, "US-CA", "grid_intensity", "gCO2e/kWh") == doctest::Approx(216.43));
    CHECK(value(grids, "US-VA", "grid_intensity", "gCO2e/kWh") == doctest::Approx(308));
    CHECK(range_end(grids, "US-VA", "grid_intensity", "gCO2e/kWh", true) == doctest::Approx(813.802 * lbs_per_mwh));
    // green-algorithms/CI_aggregated.csv row 63: CA-QC 1.5
    CHECK(range_end(grids, "CA-QC", "grid_intensity", "gCO2e/kWh", false) == doctest::Approx(1.5));
    // codecarbon/private_infra/nordic_emissions.json: SE3 18.0, a static factor labelled 2024, widens the
    // range; the nominal is Sweden's (global_energy_mix.json SWE 40.695, 2023)
    CHECK(value(grids, "SE3", "grid_intensity", "gCO2e/kWh") == doctest::Approx(40.695));
    CHECK(range_end(grids, "SE3", "grid_intensity", "gCO2e/kWh", false) == doctest::Approx(18));
    // codecarbon/private_infra/carbon_intensity_per_source.json: world_average 475, natural_gas 743
    CHECK(value(grids, "world", "grid_intensity", "gCO2e/kWh") == doctest::Approx(475));
    CHECK(value(grids, "source-natural-gas", "grid_intensity", "gCO2e/kWh") == doctest::Approx(743));
    // codecarbon/cloud/impact.csv rows 33 and 23: us-central1 430, europe-west9 34
    CHECK(value(grids, "gcp-us-central1", "grid_intensity", "gCO2e/kWh") == doctest::Approx(430));
    CHECK(value(grids, "gcp-europe-west9", "grid_intensity", "gCO2e/kWh") == doctest::Approx(34));
}

// Issue 10, item 3: a grid intensity's nominal is the newest annual average that a cited source
// gives; a cloud region with no published annual figure of its own takes the grid it draws from
// (US state, Canadian province, Australian state, else country). Older, undated or sub-annual
// figures are cited and widen the range, but never set the nominal.

TEST_CASE("grid nominal: AWS eu-central-1 is Germany's 2023 grid, not a one-hour reading of 2019") {
    const value_spec& v = field(grids, "aws-eu-central-1", "grid_intensity");
    // codecarbon/private_infra/global_energy_mix.json, DEU carbon_intensity 380.95 (2023)
    CHECK(value(grids, "aws-eu-central-1", "grid_intensity", "gCO2e/kWh") == doctest::Approx(380.95));
    CHECK(value(grids, "aws-eu-central-1", "grid_intensity", "gCO2e/kWh") ==
          doctest::Approx(value(grids, "DEU", "grid_intensity", "gCO2e/kWh")));
    CHECK(v.year == "2023");
    REQUIRE(!v.sources.empty());
    CHECK(v.sources.front().text == "owid-energy");
    // mlco2-impact/impact.csv row 37: 615, "measured on July 2, 2019 between 8 and 9 PM"
    CHECK(range_end(grids, "aws-eu-central-1", "grid_intensity", "gCO2e/kWh", true) == doctest::Approx(615));
    // ccf-coefficients/data/grid-emissions-factors-aws.csv row 19: 0.000338 tCO2e/kWh (EEA, year not stated)
    CHECK(range_end(grids, "aws-eu-central-1", "grid_intensity", "gCO2e/kWh", false) == doctest::Approx(338));
}

TEST_CASE("grid nominal: a US cloud region takes its state's newest annual figure") {
    // mlco2-impact/impact.csv row 24: us-east-1 in Ashburn (Virginia), 367.8 from "eGRID" (edition not
    // stated); green-algorithms/CI_aggregated.csv row 113: US-VA 308 (data from 2020)
    const value_spec& v = field(grids, "aws-us-east-1", "grid_intensity");
    CHECK(value(grids, "aws-us-east-1", "grid_intensity", "gCO2e/kWh") == doctest::Approx(308));
    CHECK(v.year == "2020");
    REQUIRE(!v.sources.empty());
    CHECK(v.sources.front().text == "green-algorithms-ci");
    // ccf-coefficients/data/grid-emissions-factors-aws.csv row 2: 0.000415755 tCO2e/kWh (SERC)
    CHECK(range_end(grids, "aws-us-east-1", "grid_intensity", "gCO2e/kWh", false) == doctest::Approx(308));
    CHECK(range_end(grids, "aws-us-east-1", "grid_intensity", "gCO2e/kWh", true) == doctest::Approx(415.755));
}

TEST_CASE("grid nominal: AWS eu-west-2 is the UK's 2023 grid, its 623 g an undated second opinion") {
    // global_energy_mix.json GBR 237.589 (2023); mlco2-impact/impact.csv row 39: 623 (year not stated)
    CHECK(value(grids, "aws-eu-west-2", "grid_intensity", "gCO2e/kWh") == doctest::Approx(237.589));
    CHECK(field(grids, "aws-eu-west-2", "grid_intensity").year == "2023");
    CHECK(range_end(grids, "aws-eu-west-2", "grid_intensity", "gCO2e/kWh", true) == doctest::Approx(623));
}

TEST_CASE("grid nominal: Azure regions take their country's or state's grid") {
    // mlco2-impact/impact.csv row 54: westeurope (Amsterdam) 569, year not stated;
    // global_energy_mix.json NLD 267.622 (2023)
    CHECK(value(grids, "azure-westeurope", "grid_intensity", "gCO2e/kWh") == doctest::Approx(267.622));
    CHECK(field(grids, "azure-westeurope", "grid_intensity").year == "2023");
    CHECK(range_end(grids, "azure-westeurope", "grid_intensity", "gCO2e/kWh", true) == doctest::Approx(569));
    // mlco2-impact/impact.csv row 47: centralus (Iowa) 736.6 "eGRID (seem to be in the SRMW grid)";
    // green-algorithms/CI_aggregated.csv row 80: US-IA 293.85 (data from 2020)
    CHECK(value(grids, "azure-centralus", "grid_intensity", "gCO2e/kWh") == doctest::Approx(293.85));
    CHECK(value(grids, "azure-centralus", "grid_intensity", "gCO2e/kWh") ==
          doctest::Approx(value(grids, "US-IA", "grid_intensity", "gCO2e/kWh")));
    CHECK(field(grids, "azure-centralus", "grid_intensity").year == "2020");
    CHECK(range_end(grids, "azure-centralus", "grid_intensity", "gCO2e/kWh", true) == doctest::Approx(736.6));
}

TEST_CASE("grid nominal: a Google Cloud region keeps Google's own 2023 annual figure") {
    // codecarbon/cloud/impact.csv row 19: europe-west3 345, equal to Google's data/yearly/2023.csv;
    // not Germany's 380.95, and not ML CO2 Impact's 615 (row 12, year not stated)
    const value_spec& v = field(grids, "gcp-europe-west3", "grid_intensity");
    CHECK(value(grids, "gcp-europe-west3", "grid_intensity", "gCO2e/kWh") == doctest::Approx(345));
    CHECK(v.year == "2023");
    REQUIRE(!v.sources.empty());
    CHECK(v.sources.front().text == "codecarbon-gcp");
    CHECK(range_end(grids, "gcp-europe-west3", "grid_intensity", "gCO2e/kWh", true) == doctest::Approx(615));
    // codecarbon/cloud/impact.csv row 3: asia-east1 451 (2023); mlco2-impact/impact.csv row 2: 557, one hour
    CHECK(value(grids, "gcp-asia-east1", "grid_intensity", "gCO2e/kWh") == doctest::Approx(451));
    CHECK(field(grids, "gcp-asia-east1", "grid_intensity").year == "2023");
    CHECK(range_end(grids, "gcp-asia-east1", "grid_intensity", "gCO2e/kWh", true) == doctest::Approx(557));
}

TEST_CASE("grid nominal: every grid's nominal has a year, lies in its range, and is no single-hour reading") {
    std::size_t checked = 0;
    for (const catalog_entry* e : catalog::builtin().list(grids)) {
        CAPTURE(e->id);
        const auto it = e->fields.find("grid_intensity");
        REQUIRE(it != e->fields.end());
        const value_spec& v = it->second;
        REQUIRE(!v.sources.empty());
        ++checked;
        const double nominal = in(v.value->text, "gCO2e/kWh");
        if (!v.args.empty()) {
            CHECK(in(v.args.front().text, "gCO2e/kWh") <= nominal);
            CHECK(nominal <= in(v.args.back().text, "gCO2e/kWh"));
        }
        if (e->id.starts_with("source-")) {
            // a lifecycle factor per technology, not a grid average: its note says it has no year
            CHECK(v.year.empty());
            CHECK(v.note.find("no data year") != std::string::npos);
            continue;
        }
        CHECK_MESSAGE(v.year.size() == 4, "the nominal needs the year it describes");
        // ML CO2 Impact sets a nominal only where a row is a dated 12-month average (its CoreWeave
        // rows); its other rows are undated or, for aws eu-central-1 and gcp asia-east1, one hour.
        if (v.sources.front().text == "mlco2-impact") CHECK(e->id.starts_with("coreweave-"));
    }
    CHECK(checked > 400);
    // mlco2-impact/impact.csv rows 2 and 37: the one-hour readings of 2 July 2019
    CHECK(value(grids, "gcp-asia-east1", "grid_intensity", "gCO2e/kWh") != doctest::Approx(557));
    CHECK(value(grids, "aws-eu-central-1", "grid_intensity", "gCO2e/kWh") != doctest::Approx(615));
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

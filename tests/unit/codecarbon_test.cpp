// CodeCarbon's emissions.csv as CodeCarbon writes it: columns by header name (1.x and 2.x
// column sets), cumulative rows per run (a run is its latest row), broken rows refused at
// their line. Fixtures written for these tests in CodeCarbon's documented format.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/measure/codecarbon.hpp"
#include "kaya/model/evaluate.hpp"
#include "test_support.hpp"

using namespace kaya;

namespace {

std::shared_ptr<const source_file> text(std::string t) { return std::make_shared<const source_file>("e.csv", std::move(t)); }

std::string message_of(const std::shared_ptr<const source_file>& f, const codecarbon_selection& s = {}) {
    try {
        (void)read_codecarbon(f, s, false);
    } catch (const error& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

TEST_CASE("codecarbon: a 2.x file, each run its latest cumulative row, summed over runs") {
    const codecarbon_measurement m = read_codecarbon(test::measured_fixture("codecarbon-v2.csv"), {}, false);
    REQUIRE(m.runs.size() == 3);
    // run-a flushed twice: 0.1522 kWh over 1,800 s is its measurement, not 0.0761 + 0.1522.
    CHECK(m.runs[0].id == "run-a");
    CHECK(m.runs[0].rows == 2);
    CHECK(m.runs[0].energy == 0.1522);
    CHECK(*m.runs[0].gpu_energy == 0.125);
    CHECK(m.runs[0].line == 3);
    CHECK(m.runs[0].country_iso_code == "FRA");
    // 0.1522 + 0.3045 + 0.0091 kWh; 1,800 + 3,600 + 600 s.
    CHECK(m.energy() == doctest::Approx(0.4658).epsilon(1e-12));
    CHECK(m.duration() == 6000.0);
    CHECK(m.rows_read == 4);
    // Selected by project: the two fine-tuning runs.
    const codecarbon_measurement f = read_codecarbon(test::measured_fixture("codecarbon-v2.csv"), {{{"project_name", "finetune"}}, "", ""}, false);
    CHECK(f.runs.size() == 2);
    CHECK(f.energy() == doctest::Approx(0.4567).epsilon(1e-12));
    // And by a time window on the timestamp: 2 March only.
    const codecarbon_measurement d = read_codecarbon(test::measured_fixture("codecarbon-v2.csv"), {{}, "2024-03-02", "2024-03-03"}, false);
    CHECK(d.energy() == doctest::Approx(0.3136).epsilon(1e-12));
}

TEST_CASE("codecarbon: a 1.x file has no run_id: a run is a project's rows while its duration does not fall") {
    const codecarbon_measurement m = read_codecarbon(test::measured_fixture("codecarbon-v1.csv"), {}, false);
    REQUIRE(m.runs.size() == 2);  // 60 s then 120 s is one run; 30 s starts another
    CHECK(m.runs[0].energy == 0.02);
    CHECK(m.runs[0].rows == 2);
    CHECK(!m.runs[0].gpu_energy);  // 1.x has no parts
    CHECK(m.energy() == doctest::Approx(0.025));
    CHECK(m.duration() == 150.0);
}

TEST_CASE("codecarbon: broken rows are refused at their line, or skipped and listed, never added") {
    const std::string head = "timestamp,project_name,run_id,duration,energy_consumed\n";
    // Two processes appending at once can interleave a line.
    const auto interleaved = text(head + "2024-01-01T00:00:00,p,r1,10,0.5\n2024-01-01T00:00:10,p,r2,2024-01-01T00:00:11,p,r2,5,0.1\n");
    CHECK(message_of(interleaved) ==
          "e.csv:3:1: error: expected a CodeCarbon row, got 8 fields where the header has 5 (a broken row is never added; let kaya skip "
          "broken rows to leave it out) [invalid-value]\n"
          "> 3 | 2024-01-01T00:00:10,p,r2,2024-01-01T00:00:11,p,r2,5,0.1\n"
          "    | ^");
    const codecarbon_measurement skipped = read_codecarbon(interleaved, {}, true);
    CHECK(skipped.energy() == 0.5);
    REQUIRE(skipped.rejected.size() == 1);
    CHECK(skipped.rejected[0].line == 3);
    CHECK(message_of(text(head + "2024-01-01T00:00:00,p,r1,10,lots\n")).starts_with(
        "e.csv:2:29: error: expected a CodeCarbon row, got energy_consumed 'lots' is not a number of kWh at least 0"));
    CHECK(message_of(text("timestamp,project_name,duration\n2024,p,1\n")).starts_with(
        "e.csv:1:1: error: the CodeCarbon file's header is missing the required field 'energy_consumed'"));
    CHECK(message_of(test::measured_fixture("codecarbon-v2.csv"), {{{"project_name", "pretrain"}}, "", ""}).find(
              "expected a selection that keeps at least one CodeCarbon row, got none of 4 rows") != std::string::npos);
    CHECK(message_of(text("")).find("got an empty file") != std::string::npos);
}

TEST_CASE("codecarbon: BLOOM's deployment measured, 864.25 kWh over 18 days, 340.5 kgCO2e at 394 g") {
    // 18 days of the BLOOM API, a run a day flushed twice, written in CodeCarbon 2.x's format
    // with the paper's totals (Luccioni et al. 2022, §4.4): the sum of each run's latest row.
    std::ifstream in(std::string(KAYA_SOURCE_DIR) + "/scenarios/bloom-176b.yaml");
    std::stringstream t;
    t << in.rdbuf();
    std::string yaml = t.str();
    const auto at = yaml.find("    power: logged_energy / logged_days\n    duration: logged_days\n");
    REQUIRE(at != std::string::npos);
    yaml.replace(at, 66, "    measured: {codecarbon: bloom-api-emissions.csv, select: {project_name: bloom-api}}\n");
    const model m = compile(parse_scenario(yaml, std::string(KAYA_SOURCE_DIR) + "/tests/data/measured/bloom.yaml"));
    CHECK(test::nominal(m, "inference", "energy") / 3.6e6 == doctest::Approx(864.25));
    CHECK(test::nominal(m, "inference", "gwp") == doctest::Approx(340.5).epsilon(1e-3));  // 864.25 kWh × 394 g
    const phase_model& p = m.phases.back();
    CHECK(evaluate_point(m.nodes, {p.duration}, m.nominal_inputs())[0] / 86400 == doctest::Approx(18.0));
    bool step = false;
    for (const auto& s : p.steps)
        step = step || s.equation == "Σ (gpu_energy × f_gpu + cpu_energy × f_cpu + ram_energy × f_ram) / pue of 18 CodeCarbon runs in "
                                     "bloom-api-emissions.csv (36 of 36 rows)";
    CHECK(step);
    REQUIRE(m.measurements.size() == 1);
    CHECK(m.measurements[0].what == "18 runs, 36 of 36 rows");
    CHECK(m.measurements[0].location == "USA, iowa (gcp us-central1)");
    CHECK(*m.measurements[0].reported_carbon == doctest::Approx(340.514));  // the fixture's emissions column, at CodeCarbon's factor
    CHECK(m.measurements[0].estimate == -1);
    for (const auto& w : m.warnings) CHECK(w.code != "measured-site-differs");  // measured in us-central1, the site's region
    // A file that is not there, and one outside the scenario's folder tree, are refused at the name.
    CHECK_THROWS_WITH_AS((void)compile(parse_scenario(yaml, std::string(KAYA_SOURCE_DIR) + "/scenarios/bloom-176b.yaml")),
                         doctest::Contains("undefined CodeCarbon file 'bloom-api-emissions.csv'"), input_error);
    std::string outside = yaml;
    outside.replace(outside.find("codecarbon: bloom-api-emissions.csv"), 35, "codecarbon: ../../../../../../etc/passwd");
    CHECK_THROWS_WITH_AS((void)compile(parse_scenario(outside, std::string(KAYA_SOURCE_DIR) + "/tests/data/measured/bloom.yaml")),
                         doctest::Contains("expected a CodeCarbon file inside the scenario's folder, or in a folder the user allows"), input_error);
}

namespace {

// BLOOM's deployment from the fixture, with `edit` applied to the measured phase.
model bloom_measured(const std::string& measured, const std::string& before = "") {
    std::ifstream in(std::string(KAYA_SOURCE_DIR) + "/scenarios/bloom-176b.yaml");
    std::stringstream t;
    t << in.rdbuf();
    std::string yaml = t.str();
    const auto at = yaml.find("    power: logged_energy / logged_days\n    duration: logged_days\n");
    yaml.replace(at, 66, before + "    measured: " + measured + "\n");
    return compile(parse_scenario(yaml, std::string(KAYA_SOURCE_DIR) + "/tests/data/measured/bloom.yaml"));
}

}  // namespace

TEST_CASE("codecarbon: each part carries the uncertainty of how CodeCarbon obtained it") {
    // Per day: GPU 43.2 kWh (NVML, ±5 %), CPU 3.36 kWh (RAPL ±10 %, or constant mode 0.4 – 2 ×),
    // RAM 1.44 kWh (modelled, 0.5 – 1.5 ×), each triangular about 1; 18 days.
    const model counters = bloom_measured("{codecarbon: bloom-api-emissions.csv}");
    const run_result a = run_monte_carlo(counters, {.samples = 20000, .seed = 3});
    const summary& e = a.measurements[0].energy;
    CHECK(e.nominal / 3.6e6 == doctest::Approx(864.25));
    // GPU part 777.6 kWh: a triangular ±5 % has sd 777.6 × 0.05 / √6 = 15.9 kWh, which dominates.
    CHECK((e.p95 - e.p05) / 3.6e6 == doctest::Approx(56).epsilon(0.1));
    const model constant = bloom_measured("{codecarbon: bloom-api-emissions.csv, cpu: constant}");
    const run_result b = run_monte_carlo(constant, {.samples = 20000, .seed = 3});
    CHECK(b.measurements[0].what == "18 runs, 36 of 36 rows, CPU in constant mode");
    CHECK(b.measurements[0].energy.p95 - b.measurements[0].energy.p05 > 1.2 * (e.p95 - e.p05));
    CHECK(b.measurements[0].energy.nominal == e.nominal);
    CHECK_THROWS_WITH_AS((void)bloom_measured("{codecarbon: bloom-api-emissions.csv, cpu: rapl}"),
                         doctest::Contains("expected 'counters' (RAPL) or 'constant' (half the CPU's TDP), got rapl"), input_error);
}

TEST_CASE("codecarbon: a file without the parts (1.x) takes the CPU's uncertainty on the whole") {
    const model m = bloom_measured("{codecarbon: codecarbon-v1.csv}");
    const run_result r = run_monte_carlo(m, {.samples = 20000, .seed = 3});
    const summary& e = r.measurements[0].energy;
    CHECK(e.p05 / e.nominal == doctest::Approx(1 - 0.1 * (1 - std::sqrt(0.1))).epsilon(0.005));  // triangular(0.9, 1, 1.1)'s p05
}

TEST_CASE("codecarbon: a site that is not where the runs were measured is a warning") {
    // The v2 fixture was measured in France; BLOOM's deployment site is us-central1 (USA).
    const model m = bloom_measured("{codecarbon: codecarbon-v2.csv, select: {project_name: finetune}}");
    const auto w = std::find_if(m.warnings.begin(), m.warnings.end(), [](const model_warning& x) { return x.code == "measured-site-differs"; });
    REQUIRE(w != m.warnings.end());
    CHECK(w->message == "phase 'inference' is at site 'gcp-us-central1' (grid 'gcp-us-central1': USA, us-central1), but its CodeCarbon file "
                        "codecarbon-v2.csv was measured in FRA");
}

TEST_CASE("codecarbon: a measurement beside the phase's estimate is compared, not added") {
    const model m = bloom_measured("{codecarbon: bloom-api-emissions.csv}", "    power: 2.5 kW\n    duration: 18 day\n");
    CHECK(test::nominal(m, "inference", "energy") / 3.6e6 == doctest::Approx(864.25));  // the measurement counts
    const run_result r = run_monte_carlo(m, {.samples = 5000, .seed = 1});
    const measurement_result& x = r.measurements[0];
    REQUIRE(x.estimate);
    CHECK(x.estimate->nominal / 3.6e6 == doctest::Approx(2.5 * 18 * 24));  // 1,080 kWh
    CHECK(*x.ratio == doctest::Approx(864.25 / 1080));
    CHECK(x.estimate_equation == "power × duration");
    CHECK(!x.within);  // the estimate states no range, so it cannot hold the measurement
    CHECK(!*x.estimate_within);
    // With an uncertain power, the measurement falls within the estimate's p05 – p95.
    const model u = bloom_measured("{codecarbon: bloom-api-emissions.csv}", "    power: {value: 2 kW, uniform: [1.5 kW, 2.5 kW]}\n    duration: 18 day\n");
    const run_result ru = run_monte_carlo(u, {.samples = 5000, .seed = 1});
    CHECK(*ru.measurements[0].within);
}

TEST_CASE("codecarbon: several files are one measurement, a run in two of them counted once") {
    const double one = test::nominal(bloom_measured("{codecarbon: codecarbon-v2.csv}"), "inference", "energy");
    const double other = test::nominal(bloom_measured("{codecarbon: codecarbon-v1.csv}"), "inference", "energy");
    const model both = bloom_measured("{codecarbon: [codecarbon-v2.csv, codecarbon-v1.csv]}");
    CHECK(test::nominal(both, "inference", "energy") == doctest::Approx(one + other));
    CHECK(both.measurements[0].file == "codecarbon-v2.csv, codecarbon-v1.csv");
    // The same runs again (a file copied beside itself) add nothing.
    CHECK(test::nominal(bloom_measured("{codecarbon: [codecarbon-v2.csv, codecarbon-v2.csv]}"), "inference", "energy") == doctest::Approx(one));
    CHECK_THROWS_WITH_AS((void)bloom_measured("{codecarbon: []}"), doctest::Contains("expected at least one CodeCarbon file, got an empty list"), input_error);
    CHECK_THROWS_WITH_AS((void)bloom_measured("{sacct: [a.txt], cluster: c.yaml}"), doctest::Contains("expected a measurement file"), input_error);
}

// Regressions from an adversarial review (issue 14): each once counted energy wrongly.
TEST_CASE("codecarbon: 1.x runs are told apart by when they started, not by a falling duration") {
    const std::string head = "timestamp,experiment_id,project_name,duration,energy_consumed\n";
    // Three daily runs of one hour: 1.x wrote a row when a run stopped, so each row is a run.
    const auto m = read_codecarbon(text(head + "2021-06-01T11:00:00,e,p,3600,1\n2021-06-02T11:00:00,e,p,3600,1\n2021-06-03T11:00:00,e,p,3700,1\n"), {}, false);
    CHECK(m.runs.size() == 3);
    CHECK(m.energy() == 3.0);
    // Flushes of one run share its start (timestamp − duration).
    const auto f = read_codecarbon(text(head + "2021-06-01T10:01:00,e,p,60,0.1\n2021-06-01T10:02:00,e,p,120,0.2\n"), {}, false);
    CHECK(f.runs.size() == 1);
    CHECK(f.energy() == 0.2);
    CHECK(f.runs[0].label == "p/e (line 2)");
    // An empty run_id is no run_id: rows are not all one run.
    const auto e = read_codecarbon(text("timestamp,project_name,run_id,duration,energy_consumed\n2024-01-01T10:00:00,p,,60,1\n2024-01-02T10:00:00,p,,60,2\n"), {}, false);
    CHECK(e.energy() == 3.0);
}

TEST_CASE("codecarbon: files of two machines are two measurements — a copied file is one") {
    const std::string head = "timestamp,experiment_id,project_name,duration,energy_consumed\n";
    codecarbon_measurement a = read_codecarbon(text(head + "2021-06-01T10:01:00,e,p,60,0.01\n"), {}, false);
    a.merge(read_codecarbon(text(head + "2021-06-01T10:01:00,e,p,60,0.03\n"), {}, false));  // another machine, same default experiment_id
    CHECK(a.energy() == doctest::Approx(0.04));
    codecarbon_measurement b = read_codecarbon(text(head + "2021-06-01T10:01:00,e,p,60,0.01\n"), {}, false);
    b.merge(read_codecarbon(text(head + "2021-06-01T10:01:00,e,p,60,0.01\n"), {}, false));
    CHECK(b.energy() == doctest::Approx(0.01));
}

TEST_CASE("codecarbon: the duration is the wall-clock time the runs cover") {
    const std::string head = "timestamp,project_name,run_id,duration,energy_consumed\n";
    // Two processes over the same day, and a third the next day for half a day.
    const auto m = read_codecarbon(text(head + "2024-01-01T23:59:59,p,gpu0,86400,1\n2024-01-01T23:59:59,p,gpu1,86400,1\n2024-01-02T12:00:00,p,x,43200,1\n"),
                                   {}, false);
    CHECK(m.duration() == 3 * 86400.0 - 43200);
    CHECK(m.span() == doctest::Approx(86400 + 43200 + 1));  // 2023-12-31T23:59:59 – 2024-01-02T12:00:00
}

TEST_CASE("codecarbon: rows that cannot be measurements are refused at their line") {
    const std::string head = "timestamp,project_name,run_id,duration,cpu_energy,gpu_energy,ram_energy,energy_consumed,pue\n";
    CHECK(message_of(text(head + "2024-01-01T10:00:00,p,r,60,0.1,0.1,0.1,0.3,0.01\n")).find("e.csv:2:44: error: expected a CodeCarbon row, got pue '0.01' is below 1") == 0);
    CHECK(message_of(text(head + "2024-01-01T10:00:00,p,r,60,-0.1,0.1,0.1,0.3,1\n")).find("got cpu_energy '-0.1' is negative") != std::string::npos);
    CHECK(message_of(text(head + "2024-01-01T10:00:00,p,r,60,0.1,0.5,0.1,0.3,1\n")).find("got the parts add up to 0.7 kWh, more than energy_consumed '0.3'") !=
          std::string::npos);
    // Skipped rows are not counted as used.
    const auto m = read_codecarbon(text(head + "2024-01-01T10:00:00,p,r,60,0.1,0.1,0.1,0.3,1\n2024-01-01T10:00:00,p,s,60,0.1,0.1,0.1,0.3,0.5\n"), {}, true);
    CHECK(m.rows_read == 2);
    CHECK(m.rows_selected == 1);
    CHECK(m.rejected.size() == 1);
    // Control characters would reach a terminal.
    CHECK(message_of(text(head + "2024-01-01T10:00:00,p\x1b[31m,r,60,0.1,0.1,0.1,0.3,1\n")).find("e.csv:2:22: error: expected CSV text (UTF-8, without control characters)") == 0);
}

TEST_CASE("codecarbon: a header with a byte-order mark, and a window compared as times") {
    const auto m = read_codecarbon(text("\xEF\xBB\xBFtimestamp,project_name,run_id,duration,energy_consumed\n2024-03-02T09:00:00,p,a,60,1\n2024-03-02T11:00:00,p,b,60,2\n"),
                                   {{{"project_name", "p"}}, "2024-03-02 10:00:00", "2024-03-03"}, false);
    CHECK(m.energy() == 2.0);
    CHECK(message_of(text("timestamp,duration,energy_consumed\n2024-03-02T09:00:00,60,1\n"), {{}, "yesterday", ""})
              .find("expected a timestamp (ISO 8601: 2024-03-01 or 2024-03-01T09:00:00) for the window, got yesterday") != std::string::npos);
}

// Slurm job accounting (sacct --parsable2) into GPU-hours, node-hours and energy per group,
// and BLOOM's whole-project table made from it the paper's way: one phase per job-name
// group. The fixture (tests/data/measured/jean-zay-sacct.txt) and cluster description are
// written for these tests; the table below is worked out by hand.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/measure/sacct.hpp"
#include "kaya/model/evaluate.hpp"
#include "test_support.hpp"

using namespace kaya;

namespace {

const std::string dir = std::string(KAYA_SOURCE_DIR) + "/tests/data/measured/";

sacct_accounting read(const std::string& text, const sacct_rule& rule = {}, bool skip = false) {
    std::istringstream in(text);
    return read_sacct(in, "jobs.txt", rule, skip);
}

std::string message_of(const std::string& text, const sacct_rule& rule = {}) {
    try {
        (void)read(text, rule);
    } catch (const error& e) {
        return e.what();
    }
    return "accepted";
}

const sacct_usage& usage(const sacct_accounting& a, const std::string& group, const std::string& partition) {
    for (const auto& u : a.usage)
        if (u.group == group && u.partition == partition) return u;
    FAIL("no usage for " << group << " on " << partition);
    return a.usage.front();
}

const std::string head = "JobID|JobName|Partition|AllocTRES|Elapsed|State|NNodes\n";

}  // namespace

TEST_CASE("sacct: the fixture grouped by job name gives the hand-computed GPU-hours and node-hours") {
    // | group               | partition | jobs | GPU-hours              | node-hours drawn           |
    // | bloom-train         | gpu_p5    | 2    | 8×10 + 32×20 = 720     | 720 / 8 = 90               |
    // | bloom-eval          | gpu_p5    | 2    | 4×2 + 2×1 = 10         | 10 / 8 = 1.25              |
    // | bloom-eval          | cpu_p1    | 1    | 0                      | 1 node × 1 = 1             |
    // | tokenize            | cpu_p1    | 1    | 0                      | 2 nodes × 5 = 10           |
    // | failed or cancelled | gpu_p5    | 2    | 4×1 + 8×0.5 = 8        | 8 / 8 = 1                  |
    // The PENDING job 1007 ran 0 s; 1001.batch, 1001.0 and 1002.extern are steps, not jobs.
    std::ifstream in(dir + "jean-zay-sacct.txt");
    const sacct_accounting a = read_sacct(in, "jean-zay-sacct.txt", {{}, "JobName"}, false);
    CHECK(a.rows_read == 12);
    CHECK(a.steps == 3);
    CHECK(a.jobs_selected == 9);
    REQUIRE(a.usage.size() == 5);
    CHECK(a.usage.back().group == failed_group);  // failed and cancelled jobs last, a group of their own
    CHECK(usage(a, "bloom-train", "gpu_p5").gpu_seconds / 3600 == 720.0);
    CHECK(usage(a, "bloom-train", "gpu_p5").jobs == 2);
    CHECK(usage(a, "bloom-eval", "gpu_p5").gpu_seconds / 3600 == 10.0);
    CHECK(usage(a, "bloom-eval", "gpu_p5").jobs == 3);  // with the pending job, which ran 0 s
    CHECK(usage(a, "bloom-eval", "cpu_p1").node_seconds / 3600 == 1.0);
    CHECK(usage(a, "tokenize", "cpu_p1").node_seconds / 3600 == 10.0);
    CHECK(usage(a, failed_group, "gpu_p5").gpu_seconds / 3600 == 8.0);
    const cluster_partition gpu{"gpu_p5", {}, "", 8, {}};
    const cluster_partition cpu{"cpu_p1", {}, "", std::nullopt, {}};
    CHECK(node_equivalent_seconds(usage(a, "bloom-train", "gpu_p5"), gpu) / 3600 == 90.0);
    CHECK(node_equivalent_seconds(usage(a, "tokenize", "cpu_p1"), cpu) / 3600 == 10.0);
    // From the first start (tokenize, 2022-03-10T00:00) to the last end (2022-03-14T01:00).
    CHECK(a.span / 3600 == 97.0);
}

TEST_CASE("sacct: BLOOM's whole-project table, one phase per group: kWh and tCO2e by hand") {
    // IT energy = node-hours × node power (gpu_p5 4 kW, cpu_p1 0.4 kW); at the meter × PUE 1.2;
    // carbon × 57 gCO2e/kWh (the cluster and site of the fixture):
    // | phase               | IT kWh                 | kWh at the meter | kgCO2e    |
    // | training            | 90 × 4 = 360           | 432              | 24.624    |
    // | evaluation          | 1.25 × 4 + 1 × 0.4 = 5.4 | 6.48           | 0.36936   |
    // | data preparation    | 10 × 0.4 = 4           | 4.8              | 0.2736    |
    // | failed or cancelled | 1 × 4 = 4              | 4.8              | 0.2736    |
    // | total               | 373.4                  | 448.08           | 25.54056  |
    const model m = test::compile_file("tests/data/measured/whole-project.yaml");
    const std::vector<std::pair<std::string, double>> kwh{{"training", 432.0}, {"evaluation", 6.48}, {"data preparation", 4.8}, {"failed or cancelled", 4.8}};
    for (const auto& row : kwh) {
        const std::string& phase = row.first;  // not a structured binding: clang 14 cannot capture one
        const double expected = row.second;
        CAPTURE(phase);
        CHECK(test::nominal(m, phase, "energy") / 3.6e6 == doctest::Approx(expected).epsilon(1e-12));
        CHECK(test::nominal(m, phase, "gwp") == doctest::Approx(expected * 0.057).epsilon(1e-12));
    }
    const run_result r = run_monte_carlo(m, {.samples = 100, .seed = 1});
    const auto e = r.indicator_index("energy");
    CHECK(r.total[*e].nominal / 3.6e6 == doctest::Approx(448.08));
    CHECK(r.total[*r.carbon()].nominal / 1000 == doctest::Approx(0.02554056));  // tCO2e
    REQUIRE(r.measurements.size() == 4);
    CHECK(r.measurements[0].what == "2 jobs on 1 partition, 720 GPU-hours");
    CHECK(r.measurements[1].what == "3 jobs on 2 partitions, 10 GPU-hours");
    CHECK(r.measurements[0].energy.nominal / 3.6e6 == doctest::Approx(360.0));
    CHECK(test::warnings_except(m, "not-assessed").empty());  // the cluster is in FRA, as the site's grid
}

TEST_CASE("sacct: jobs — not their steps — arrays and heterogeneous components — Elapsed as sacct prints it") {
    const sacct_accounting a = read(head +
                                    "7|a|p|cpu=1,gres/gpu:v100=2,gres/gpu:a100=1|1-00:00:00|COMPLETED|1\n"  // typed only: 3 GPUs, 24 h
                                    "7.batch|batch|p|cpu=1|1-00:00:00|COMPLETED|1\n"
                                    "8_3|a|p|gres/gpu=2,gres/gpu:a100=2|01:30:00|COMPLETED|1\n"  // untyped preferred: 2, not 4
                                    "9+1|a|p|cpu=4|05:00|CANCELLED by 501|2\n");  // MM:SS, 2 nodes
    CHECK(a.steps == 1);
    CHECK(a.jobs_selected == 3);
    CHECK(usage(a, "", "p").gpu_seconds == 3 * 86400.0 + 2 * 5400.0);
    CHECK(usage(a, failed_group, "p").node_seconds == 2 * 300.0);
    // Selections: wildcards and alternatives.
    CHECK(read(head + "1|bloom-a|p||1:00|COMPLETED|1\n2|bloom-b|p||1:00|COMPLETED|1\n3|opt|p||1:00|COMPLETED|1\n", {{{"JobName", "bloom-*|op?"}}, ""})
              .jobs_selected == 3);
    CHECK(read(head + "1|bloom-a|p||1:00|COMPLETED|1\n3|opt|p||1:00|COMPLETED|1\n", {{{"JobName", "bloom-?"}}, ""}).jobs_selected == 1);
}

TEST_CASE("sacct: bad input is a located error, or skipped and listed, never added") {
    CHECK(message_of(head + "1|a|p||2:00:00|COMPLETED|1\n2|a|p||2 h|COMPLETED|1\n") ==
          "jobs.txt:3:8: error: expected a sacct row, got Elapsed '2 h' is not [D-]HH:MM:SS (a broken row is never added; let kaya skip "
          "broken rows to leave it out) [invalid-value]\n"
          "> 3 | 2|a|p||2 h|COMPLETED|1\n"
          "    |        ^");
    CHECK(message_of(head + "1|a|p|gres/gpu=x|1:00|COMPLETED|1\n").find("jobs.txt:2:7: error: expected a sacct row, got AllocTRES 'gres/gpu=x'") == 0);
    CHECK(message_of(head + "1|a|p||1:00\n").find("jobs.txt:2:1: error: expected a sacct row, got 5 fields where the header has 7") == 0);
    const sacct_accounting skipped = read(head + "1|a|p||1:00|COMPLETED|1\n2|a|p||1:00\n", {}, true);
    REQUIRE(skipped.rejected.size() == 1);
    CHECK(skipped.rejected[0].line == 3);
    CHECK(skipped.jobs_selected == 1);
    CHECK(message_of("JobID,JobName,Elapsed\n1,a,1:00\n").find("expected a sacct header with fields separated by '|'") != std::string::npos);
    CHECK(message_of("JobID|Elapsed\n1|1:00\n").find("jobs.txt:1:1: error: the sacct header is missing the required field 'Partition'") == 0);
    CHECK(message_of("JobID|Partition\n1|p\n").find("the sacct header is missing the required field 'Elapsed'; sacct --format must include ElapsedRaw or Elapsed") != std::string::npos);
    CHECK(message_of(head + "1|a|p||1:00|COMPLETED|1\n", {{{"JobName", "opt-*"}}, ""}) ==
          "jobs.txt:1:1: error: expected a selection that keeps at least one job, got none of 1 rows (0 of them job steps) [invalid-value]\n"
          "> 1 | JobID|JobName|Partition|AllocTRES|Elapsed|State|NNodes\n"
          "    | ^");
    CHECK(message_of(head, {{{"Account", "x"}}, ""}).find("expected a column 'Account' to select jobs by") != std::string::npos);
    CHECK(message_of("").find("expected a sacct header line") != std::string::npos);
    // Times too long to be a job's are refused before they are multiplied (no overflow).
    CHECK(message_of(head + "1|a|p||9223372036854775807-00:00:00|COMPLETED|1\n").find("is not [D-]HH:MM:SS") != std::string::npos);
    CHECK(message_of(head + "1|a|p||9999999999999999:00|COMPLETED|1\n").find("is not [D-]HH:MM:SS") != std::string::npos);
    // A line longer than kaya reads is refused, not held.
    CHECK(message_of(head + std::string(max_measurement_line + 10, 'x')).find("jobs.txt:2:1: error: expected a line of at most 65536 bytes") == 0);
}

TEST_CASE("sacct: a partition the cluster does not describe, and a file outside the scenario's folder, are refused") {
    std::ifstream in(dir + "whole-project.yaml");
    std::stringstream t;
    t << in.rdbuf();
    std::string yaml = t.str();
    const std::string path = dir + "whole-project-edit.yaml";
    std::string no_cpu = yaml;
    no_cpu.replace(no_cpu.find("cluster: jean-zay.cluster.yaml, select: {JobName: tokenize"), 30, "cluster: gpu-only.cluster.yaml");
    CHECK_THROWS_WITH_AS((void)compile(parse_scenario(no_cpu, path)),
                         doctest::Contains("error: undefined partition in the cluster description 'cpu_p1'"), input_error);
    std::string outside = yaml;
    outside.replace(outside.find("sacct: jean-zay-sacct.txt"), 25, "sacct: ../../../../etc/passwd");
    CHECK_THROWS_WITH_AS((void)compile(parse_scenario(outside, path)), doctest::Contains("expected a sacct file inside the scenario's folder"), input_error);
}

// Regressions from an adversarial review (issue 14).
TEST_CASE("sacct: a job that allocated no GPU on a GPU partition draws its whole nodes") {
    const sacct_accounting a = read("JobID|Partition|ElapsedRaw|NNodes\n1|gpu_p5|3600|2\n");  // no AllocTRES at all
    const cluster_partition gpu{"gpu_p5", {}, "", 8, {}};
    CHECK(node_equivalent_seconds(a.usage[0], gpu) == 2 * 3600.0);
    const sacct_accounting b = read(head + "1|a|gpu_p5|cpu=4,node=1|1:00:00|COMPLETED|1\n2|a|gpu_p5|gres/gpu=4|1:00:00|COMPLETED|1\n");
    CHECK(node_equivalent_seconds(b.usage[0], gpu) == 3600.0 + 4 * 3600.0 / 8);
}

TEST_CASE("sacct: counts and times beyond any machine's are refused, as are long lines and control characters") {
    CHECK(message_of(head + "1|a|p||1:00|COMPLETED|9223372036854775807\n").find("NNodes '9223372036854775807' is not a whole number of nodes up to 10000000") !=
          std::string::npos);
    CHECK(message_of(head + "1|a|p|gres/gpu=9223372036854775807|1:00|COMPLETED|1\n").find("has a GPU count that is not a whole number") != std::string::npos);
    // Slurm's day formats read hours after the day count: 1-02:03 is 26 h 3 min.
    CHECK(read(head + "1|a|p||1-02:03|COMPLETED|1\n").usage[0].elapsed == (26 * 60 + 3) * 60.0);
    CHECK(read(head + "1|a|p||2-00|COMPLETED|1\n").usage[0].elapsed == 48 * 3600.0);
    CHECK(message_of(head + "1|a|p||00:99:99|COMPLETED|1\n").find("is not [D-]HH:MM:SS") != std::string::npos);
    // A long line within the first block of the file, not only across blocks.
    CHECK(message_of(head + "1|" + std::string(70'000, 'a') + "|p||1:00|COMPLETED|1\n").find("jobs.txt:2:1: error: expected a line of at most 65536 bytes") == 0);
    CHECK(message_of(head + "1|a\x1b[2J|p||1:00|COMPLETED|1\n").find("jobs.txt:2:4: error: expected sacct text (UTF-8, without control characters)") == 0);
    CHECK(read("\xEF\xBB\xBF" + head + "1|a|p||1:00|COMPLETED|1\n").jobs_selected == 1);  // a byte-order mark
}

TEST_CASE("sacct: jobs that two phases' selections both take are a warning, not silently counted twice") {
    std::ifstream in(dir + "whole-project.yaml");
    std::stringstream t;
    t << in.rdbuf();
    const std::string yaml = t.str() +
                             "  - name: everything\n    kind: operational\n    site: jean-zay\n"
                             "    measured: {sacct: jean-zay-sacct.txt, cluster: jean-zay.cluster.yaml}\n";
    const model m = compile(parse_scenario(yaml, dir + "whole-project-edit.yaml"));
    const auto w = test::warnings_except(m, "not-assessed");
    REQUIRE(w.size() == 4);  // each earlier phase's jobs are among everything's
    CHECK(w[0].code == "measured-twice");
    CHECK(w[0].message == "phases 'training' and 'everything' both take 2 of the same rows of jean-zay-sacct.txt (runs or jobs): their energy is "
                          "counted in each; select them apart");
    CHECK(test::warnings_except(test::compile_file("tests/data/measured/whole-project.yaml"), "not-assessed").empty());
}

// Reports: contents, self-containment, atomic writing (the exports are in exports_test.cpp).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "kaya/analysis/compare.hpp"
#include "kaya/analysis/sensitivity.hpp"
#include "kaya/analysis/sweep.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/render/render.hpp"
#include "kaya/report/report.hpp"
#include "test_support.hpp"

using namespace kaya;
namespace fs = std::filesystem;

namespace {

scenario bloom() { return load_scenario(std::string(KAYA_SOURCE_DIR) + "/scenarios/bloom-176b.yaml"); }
const report_options options{{2000, 42}, {}, "test"};

const std::string& file(const std::vector<report_file>& files, const std::string& name) {
    for (const auto& f : files)
        if (f.name == name) return f.content;
    throw std::runtime_error("no " + name);
}

}  // namespace

TEST_CASE("report: the files and sections of a lifecycle report") {
    const auto files = lifecycle_report(bloom(), options);
    for (const char* name : {"report.html", "report.md", "results.json", "results.csv", "carbon-by-phase.svg", "energy-by-phase.svg",
                             "water-by-phase.svg", "carbon-distribution.svg", "carbon-tornado.svg"}) {
        CAPTURE(name);
        CHECK_NOTHROW((void)file(files, name));
    }
    const std::string& html = file(files, "report.html");
    for (const char* section : {"Summary", "Breakdown by phase", "Distribution of the total", "Which assumptions matter", "Assumptions",
                                "Values from the catalogues", "Warnings", "Sources", "Methodology", "Provenance", "Deployment parity",
                                "Everyday equivalents", "scenario SHA-1"}) {
        CAPTURE(section);
        CHECK(html.find(section) != std::string::npos);
    }
    SUBCASE("self-contained: no script, no resource fetched from anywhere") {
        CHECK(html.find("<script") == std::string::npos);
        CHECK(html.find("src=\"http") == std::string::npos);
        CHECK(html.find("href=\"http") == std::string::npos);
        CHECK(html.find("@import") == std::string::npos);
        CHECK(html.find("<svg") != std::string::npos);
    }
    SUBCASE("Markdown links its figures, which are files beside it") {
        CHECK(file(files, "report.md").find("](carbon-by-phase.svg)") != std::string::npos);
    }
    SUBCASE("the results follow the run contract") {
        CHECK(file(files, "results.json").find("\"scenario\": \"bloom-176b\"") != std::string::npos);
        CHECK(file(files, "results.csv").rfind("record,phase,stage,kind,criterion,unit,nominal,mean,p05,p50,p95", 0) == 0);
    }
}

TEST_CASE("report: a comparison report") {
    std::vector<scenario> scenarios{load_scenario(std::string(KAYA_SOURCE_DIR) + "/scenarios/gpt3-175b.yaml"), bloom()};
    const auto files = comparison_report(scenarios, options);
    // The pair reads "B against A" and its probability P(A < B), as in every other rendering:
    // GPT-3 is above BLOOM in every sample and every criterion, so P is 0, never 1.
    for (const char* name : {"report.html", "report.md"}) {
        CAPTURE(name);
        const std::string& text = file(files, name);
        CHECK(text.find("bloom-176b against gpt3-175b") != std::string::npos);
        CHECK(text.find("P(gpt3-175b &lt; bloom-176b) = 0.000") != std::string::npos);
        CHECK(text.find("= 1.000") == std::string::npos);
    }
    CHECK(file(files, "results.json").find("\"pairs\"") != std::string::npos);
}

TEST_CASE("report: the folder is written all at once, or not at all") {
    const fs::path base = fs::temp_directory_path() / "kaya-report-test";
    fs::remove_all(base);
    fs::create_directories(base);
    write_directory((base / "out").string(), {{"report.html", "first"}});
    CHECK(fs::exists(base / "out" / "report.html"));
    SUBCASE("a new report replaces the old one whole") {
        write_directory((base / "out/").string(), {{"report.md", "second"}});
        CHECK_FALSE(fs::exists(base / "out" / "report.html"));
        CHECK(fs::exists(base / "out" / "report.md"));
    }
    SUBCASE("a failure leaves the old report and no staging folder") {
        // A file name that cannot be created: the write fails after the staging folder exists.
        CHECK_THROWS_AS(write_directory((base / "out").string(), {{"report.md", "x"}, {"no/such/folder.svg", "y"}}), input_error);
        CHECK(fs::exists(base / "out" / "report.html"));
        int entries = 0;
        for ([[maybe_unused]] const auto& e : fs::directory_iterator(base)) ++entries;
        CHECK(entries == 1);
    }
    SUBCASE("a folder holding anything but a report is never replaced") {
        std::ofstream(base / "out" / "thesis.tex") << "mine";
        CHECK_THROWS_AS(write_directory((base / "out").string(), {{"report.md", "x"}}), input_error);
        CHECK(fs::exists(base / "out" / "thesis.tex"));
    }
    SUBCASE("nor the current folder") {
        CHECK_THROWS_AS(write_directory(".", {{"report.md", "x"}}), input_error);
    }
    fs::remove_all(base);
}

TEST_CASE("report: a value that names an uncertain parameter is shown as uncertain, with its sampled range") {
    // BLOOM's hardware lifetime is `lifetime`, a parameter of 6 years triangular [3, 6, 6]: the
    // hardware field reads "exact" as written, but it is as uncertain as the parameter.
    const auto files = lifecycle_report(bloom(), options);
    const std::string& md = file(files, "report.md");
    const auto at = md.find("| hardware a100-80gb lifetime | lifetime | from lifetime | ");
    REQUIRE(at != std::string::npos);
    CHECK(md.find(" year |", at) < md.find('\n', at));
    // The catalogue table shows each value's sampled range and year.
    CHECK(md.find("| embodied of hardware 'a100-80gb' | 150.0 | 149.7 – 244.7 | kgCO2e |") != std::string::npos);
}

TEST_CASE("report: the breakdown gives each phase's stage") {
    const auto files = lifecycle_report(bloom(), options);
    const std::string& md = file(files, "report.md");
    CHECK(md.find("| embodied-gpus | embodied | training |") != std::string::npos);
    CHECK(md.find("| inference | inference | deployment |") != std::string::npos);
}

TEST_CASE("tables: fit the width they are given, and stay wide without one") {
    // Characters, not bytes: "–" is one character in three bytes.
    auto widest = [](const std::string& text) {
        std::size_t widest = 0, line = 0;
        for (const char c : text) {
            if (c == '\n') {
                widest = std::max(widest, line);
                line = 0;
            } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
                ++line;
            }
        }
        return std::max(widest, line);
    };
    const model bloom_model = test::compile_file("scenarios/bloom-176b.yaml");
    const run_result r = run_monte_carlo(bloom_model, {500, 1});
    CHECK(widest(render_table(r)) > 150);  // the wide layout, as files and pipes get it
    CHECK(widest(render_table(r, 80)) <= 80);
    const comparison c = compare({test::compile_file("scenarios/gpt3-175b.yaml"), test::compile_file("scenarios/opt-175b.yaml"), bloom_model},
                                 {500, 1});
    CHECK(widest(render_compare_table(c)) > 150);
    CHECK(widest(render_compare_table(c, 80)) <= 80);
    const tornado_result t = tornado(bloom_model, bloom_model.total(criterion::gwp));
    const sensitivity_target target{"bloom-176b", "", "gwp", "carbon", "kgCO2e", 1.0};
    CHECK(widest(render_tornado_table(target, t, 80)) <= 80);
    const sobol_result s = sobol(bloom_model, bloom_model.total(criterion::gwp), 256, 1, 20);
    CHECK(widest(render_sobol_table(target, s, 80)) <= 80);
    const sweep_result w = sweep(bloom(), {parse_axis("grid_fr=20 gCO2e/kWh,57 gCO2e/kWh", catalog::builtin())}, {}, {200, 1});
    CHECK(widest(render_sweep_table(w)) > 100);
    CHECK(widest(render_sweep_table(w, 80)) <= 80);
}

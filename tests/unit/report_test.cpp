// Reports: contents, self-containment, atomic writing (the exports are in exports_test.cpp).
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <iterator>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "kaya/analysis/compare.hpp"
#include "kaya/analysis/sensitivity.hpp"
#include "kaya/analysis/sweep.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/render/render.hpp"
#include "kaya/report/report.hpp"
#include "report/charts.hpp"
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
    // GPT-3 is above BLOOM in every sample for carbon, energy, water and PE, so P is 0; only
    // ADPe is the other way (BLOOM amortises its GPUs' manufacture, GPT-3's scenario does not).
    for (const char* name : {"report.html", "report.md"}) {
        CAPTURE(name);
        const std::string& text = file(files, name);
        CHECK(text.find("bloom-176b against gpt3-175b") != std::string::npos);
        CHECK(text.find("P(gpt3-175b &lt; bloom-176b) = 0.000") != std::string::npos);
        const auto one = text.find("= 1.000");
        REQUIRE(one != std::string::npos);
        CHECK(text.find("= 1.000", one + 1) == std::string::npos);
        CHECK(text.rfind("adpe", one) > text.rfind("water", one));
    }
    CHECK(file(files, "results.json").find("\"pairs\"") != std::string::npos);
}

TEST_CASE("report: the folder is written all at once, or not at all") {
    const fs::path base = fs::temp_directory_path() / "kaya-report-test";
    fs::remove_all(base);
    fs::create_directories(base);
    auto entries = [&] {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(base)) names.push_back(e.path().filename().string());
        return names;
    };
    write_directory((base / "out").string(), {{"report.html", "first"}});
    CHECK(fs::exists(base / "out" / "report.html"));
    SUBCASE("the folder carries a marker that lists what kaya wrote") {
        std::ifstream marker(base / "out" / ".kaya-report");
        const std::string text((std::istreambuf_iterator<char>(marker)), std::istreambuf_iterator<char>());
        CHECK(text.ends_with("\nreport.html\n"));
    }
    SUBCASE("a new report replaces the old one whole, and leaves no staging folder") {
        write_directory((base / "out/").string(), {{"report.md", "second"}});
        CHECK_FALSE(fs::exists(base / "out" / "report.html"));
        CHECK(fs::exists(base / "out" / "report.md"));
        CHECK(entries() == std::vector<std::string>{"out"});
    }
    SUBCASE("a failure leaves the old report and no staging folder") {
        // A file name that cannot be created: the write fails after the staging folder exists.
        CHECK_THROWS_AS(write_directory((base / "out").string(), {{"report.md", "x"}, {"no/such/folder.svg", "y"}}), environment_error);
        CHECK(fs::exists(base / "out" / "report.html"));
        CHECK(entries() == std::vector<std::string>{"out"});
    }
    SUBCASE("a folder holding a file kaya did not write is never replaced") {
        std::ofstream(base / "out" / "thesis.tex") << "mine";
        CHECK_THROWS_WITH_AS(write_directory((base / "out").string(), {{"report.md", "x"}}),
                             doctest::Contains("it holds a file that kaya did not write (thesis.tex)"), input_error);
        CHECK(fs::exists(base / "out" / "thesis.tex"));
    }
    SUBCASE("nor a folder without the marker, even if it holds only files named like a report's") {
        fs::create_directories(base / "figures");
        for (const char* name : {"report.md", "chart.svg"}) std::ofstream(base / "figures" / name) << "mine";
        CHECK_THROWS_WITH_AS(write_directory((base / "figures").string(), {{"report.md", "x"}}),
                             doctest::Contains("it holds files and no .kaya-report, so kaya did not write it"), input_error);
        CHECK(fs::exists(base / "figures" / "chart.svg"));
    }
    SUBCASE("nor a marker kaya did not write") {
        std::ofstream(base / "out" / ".kaya-report", std::ios::trunc) << "report.html\n";
        CHECK_THROWS_AS(write_directory((base / "out").string(), {{"report.md", "x"}}), input_error);
    }
    SUBCASE("staging folders of a killed run are removed; those of a running one are not") {
        // Process 999999999 cannot exist (Linux's pid_max is at most 2^22).
        for (const char* name : {".out.tmp-999999999-0000abcd", ".out.old-0000abcd", ".out.tmp-0000abcd"}) {
            fs::create_directories(base / name);
            std::ofstream(base / name / "report.md") << "stale";
        }
        const std::string running = fmt::format(".out.tmp-{}-0000abcd", ::getpid());
        fs::create_directories(base / running);
        const std::string other = ".outer.tmp-999999999-0000abcd";  // another report's
        fs::create_directories(base / other);
        write_directory((base / "out").string(), {{"report.md", "second"}});
        auto names = entries();
        std::sort(names.begin(), names.end());
        CHECK(names == std::vector<std::string>{running, other, "out"});
    }
    SUBCASE("nor a symbolic link, even to a report folder") {
        fs::create_directory_symlink(base / "out", base / "link");
        CHECK_THROWS_WITH_AS(write_directory((base / "link").string(), {{"report.md", "x"}}),
                             doctest::Contains("is a symbolic link; name the folder itself"), input_error);
        CHECK(fs::exists(base / "out" / "report.html"));
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
    const tornado_result t = tornado(bloom_model, bloom_model.total(*bloom_model.indicator_index("gwp")));
    const sensitivity_target target{"bloom-176b", "", "gwp", "carbon", "kgCO2e", 1.0};
    CHECK(widest(render_tornado_table(target, t, 80)) <= 80);
    const sobol_result s = sobol(bloom_model, bloom_model.total(*bloom_model.indicator_index("gwp")), 256, 1, 20);
    CHECK(widest(render_sobol_table(target, s, 80)) <= 80);
    const sweep_result w = sweep(bloom(), {parse_axis("grid_fr=20 gCO2e/kWh,57 gCO2e/kWh", catalog::builtin())}, {}, {200, 1});
    CHECK(widest(render_sweep_table(w)) > 100);
    CHECK(widest(render_sweep_table(w, 80)) <= 80);
}

namespace {

// A scenario of `n` idle and training phases, named PREFIX-1 to PREFIX-n, with energies 1..n MWh.
scenario many_phases(const std::string& name, const std::string& prefix, int n) {
    std::string text = "kaya: 1\nname: " + name +
                       "\nsites:\n  s: {grid_intensity: 100 gCO2e/kWh, pue: 1.1, wue: 0.5 L/kWh, water_intensity: 2 L/kWh}\nphases:\n";
    for (int i = 1; i <= n; ++i) {
        text += "  - {name: " + prefix + "-" + std::to_string(i) + ", kind: " + (i % 2 ? "idle" : "training") +
                ", site: s, energy: " + std::to_string(i) + " MWh}\n";
    }
    return parse_scenario(text, name + ".yaml");
}

// Every bar segment's colour and legend entry: the legend is the tooltip's text before ': ',
// less a bracketed list of merged phases.
std::multimap<std::string, std::string> segment_colours(const std::string& svg) {
    static const std::regex segment(R"re(fill="(#[0-9A-Fa-f]{6})"><title>([^<]*?)(?: \[[^\]]*\])?: )re");
    std::multimap<std::string, std::string> out;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), segment); it != std::sregex_iterator(); ++it) {
        out.emplace((*it)[1].str(), (*it)[2].str());
    }
    return out;
}

// One colour per legend entry and one legend entry per colour, in the bars and the legend.
void check_distinct_colours(const std::string& svg) {
    std::map<std::string, std::set<std::string>> by_colour, by_name;
    for (const auto& [colour, name] : segment_colours(svg)) by_colour[colour].insert(name), by_name[name].insert(colour);
    REQUIRE(!by_colour.empty());
    // Named copies: clang 14 cannot capture a structured binding.
    for (const auto& entry : by_colour) {
        const std::string& colour = entry.first;
        CAPTURE(colour);
        CHECK(entry.second.size() == 1);
    }
    for (const auto& entry : by_name) {
        const std::string& name = entry.first;
        CAPTURE(name);
        CHECK(entry.second.size() == 1);
    }
    static const std::regex legend(R"re(height="12" fill="(#[0-9A-Fa-f]{6})"/><text [^>]*>([^<]*)</text>)re");
    std::set<std::string> colours, names;
    int entries = 0;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), legend); it != std::sregex_iterator(); ++it, ++entries) {
        colours.insert((*it)[1].str());
        names.insert((*it)[2].str());
    }
    CHECK(colours.size() == static_cast<std::size_t>(entries));
    CHECK(names.size() == by_name.size());
}

}  // namespace

TEST_CASE("report: no two segments of a chart share a colour, even with 12 phases or more") {
    SUBCASE("a lifecycle report of 12 phases") {
        const auto files = lifecycle_report(many_phases("twelve", "run", 12), options);
        for (const std::string chart : {"carbon-by-phase.svg", "energy-by-phase.svg", "water-by-phase.svg"}) {
            CAPTURE(chart);
            check_distinct_colours(file(files, chart));
        }
        // Twelve phases of two kinds are drawn as two groups, and the chart says so.
        const std::string& svg = file(files, "energy-by-phase.svg");
        CHECK(svg.find("12 phases, more than 8 colours tell apart: grouped by kind") != std::string::npos);
        CHECK(svg.find("<title>idle (6 phases) [run-1, run-3, run-5, run-7, run-9, run-11]: 39,600 kWh</title>") != std::string::npos);
    }
    SUBCASE("a comparison of two scenarios of 7 phases each, 14 phases in one chart") {
        const auto files = comparison_report({many_phases("a", "alpha", 7), many_phases("b", "beta", 7)}, options);
        for (const std::string chart : {"carbon-by-scenario.svg", "energy-by-scenario.svg", "water-by-scenario.svg"}) {
            CAPTURE(chart);
            check_distinct_colours(file(files, chart));
        }
    }
    SUBCASE("a report of few phases draws each phase") {
        const auto files = lifecycle_report(bloom(), options);  // kept: svg refers into it (ASan found the dangling one)
        const std::string& svg = file(files, "carbon-by-phase.svg");
        check_distinct_colours(svg);
        CHECK(svg.find("colours tell apart") == std::string::npos);
        CHECK(segment_colours(svg).size() == 5);
    }
}

TEST_CASE("chart: segments without groups beyond eight keep the seven largest, the rest as 'other'") {
    detail::stacked_row row{"total", {}, 0.0, 0.0};
    for (int i = 1; i <= 12; ++i) row.segments.push_back({"p" + std::to_string(i), static_cast<double>(i), ""});
    const std::string svg = detail::stacked_bars_svg("twelve", "kg", {row});
    check_distinct_colours(svg);
    CHECK(svg.find("12 phases, more than 8 colours tell apart: the smallest are merged into 'other'") != std::string::npos);
    CHECK(svg.find("<title>other [p1, p2, p3, p4, p5]: 15.00 kg</title>") != std::string::npos);
    CHECK(svg.find("<title>p12: 12.00 kg</title>") != std::string::npos);
    CHECK(svg.find("p11") < svg.find("other ["));
}

namespace {

std::string catalog_data(const std::string& name) { return std::string(KAYA_TEST_DATA_DIR) + "/catalog/" + name; }

// The rows of the Markdown table of everyday equivalents: "| N | per | factor | source |".
std::vector<std::string> equivalent_rows(const std::string& md) {
    const std::size_t from = md.find("| as much carbon as |");
    REQUIRE(from != std::string::npos);
    std::vector<std::string> rows;
    std::size_t at = md.find('\n', md.find('\n', from) + 1) + 1;  // after the header and its rule
    while (at < md.size() && md[at] == '|') {
        const std::size_t end = md.find('\n', at);
        rows.push_back(md.substr(at, end - at));
        at = end + 1;
    }
    return rows;
}

}  // namespace

TEST_CASE("report: the way to variance-based indices names the scenario's own file") {
    const auto files = lifecycle_report(bloom(), options);
    const std::string path = std::string(KAYA_SOURCE_DIR) + "/scenarios/bloom-176b.yaml";
    CHECK(file(files, "report.md").find("sensitivity analysis of the same file (kaya sensitivity " + path + ").") != std::string::npos);
    CHECK(file(files, "report.md").find("SCENARIO") == std::string::npos);
    SUBCASE("a path a shell would split is quoted") {
        const auto spaced = lifecycle_report(parse_scenario(test::plain_site + std::string("name: x\nphases:\n  - {name: p, kind: idle, site: s, energy: 1 kWh}\n"),
                                                            "my runs/it's.yaml"),
                                             options);
        CHECK(file(spaced, "report.html").find("(kaya sensitivity 'my runs/it'\\''s.yaml').") != std::string::npos);
    }
}

TEST_CASE("report: a scenario that cites no sources says so under its Sources heading") {
    const std::string md = file(lifecycle_report(many_phases("plain", "run", 2), options), "report.md");
    CHECK(md.find("### Sources\n\nNone cited: the scenario gives no sources.\n") != std::string::npos);
    SUBCASE("and points to the catalogue's when it uses catalogue values") {
        const auto files = lifecycle_report(parse_scenario("name: fr\nsites:\n  paris: {grid: FRA, pue: 1.2, wue: 0 L/kWh}\n"
                                                           "phases:\n  - {name: p, kind: idle, site: paris, energy: 1000 kWh}\n",
                                                           "fr.yaml"),
                                            options);
        CHECK(file(files, "report.md").find("### Sources\n\nNone cited by the scenario itself; the catalogue values above give theirs.\n") !=
              std::string::npos);
    }
}

TEST_CASE("report: three everyday equivalents, chosen by the catalogue's report_order") {
    const auto rows = equivalent_rows(file(lifecycle_report(bloom(), options), "report.md"));
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].find("| km driven by an average European car | 0.175 kgCO2e |") != std::string::npos);
    CHECK(rows[1].find("| one passenger's flight from New York to San Francisco | 570 kgCO2e |") != std::string::npos);
    CHECK(rows[2].find("| hour of Netflix video streaming | 0.036 kgCO2e |") != std::string::npos);
}

TEST_CASE("report: everyday equivalents come from the scenario's catalogues, not the built-in one alone") {
    // 1000 kWh at 100 gCO2e/kWh: 100 kgCO2e, 2,000 km at the user's 0.05 kgCO2e/km.
    auto check = [](const std::vector<report_file>& files) {
        const auto rows = equivalent_rows(file(files, "report.md"));
        REQUIRE(rows.size() == 4);
        CHECK(rows[0] == "| 2,000 | km driven by a small electric car | 0.05 kgCO2e | Test figures for kaya's report tests |");
        CHECK(rows[3] == "| 4,000 | litre of water boiled in an electric kettle | 0.025 kgCO2e | Test figures for kaya's report tests |");
    };
    SUBCASE("imported by the scenario") { check(lifecycle_report(load_scenario(catalog_data("imports-equivalents.yaml")), options)); }
    SUBCASE("a user's entry without report_order takes the built-in one it replaces out of reports") {
        report_options with = options;
        with.catalogues = {catalog_data("user-equivalents-unranked.yaml")};
        const auto rows = equivalent_rows(file(lifecycle_report(bloom(), with), "report.md"));
        REQUIRE(rows.size() == 2);
        CHECK(rows[0].find("New York to San Francisco") != std::string::npos);
        CHECK(rows[1].find("Netflix") != std::string::npos);
    }
    SUBCASE("given with the options") {
        report_options with = options;
        with.catalogues = {catalog_data("user-equivalents.yaml")};
        check(lifecycle_report(parse_scenario(test::plain_site + std::string("name: x\nphases:\n  - {name: p, kind: idle, site: s, energy: 1000 kWh}\n"),
                                              "x.yaml"),
                               with));
    }
}

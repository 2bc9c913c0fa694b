// Hostile and clumsy input: every one gets a located error in bounded time and memory, and
// no file outside what the user allows is read or quoted (issue 11).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "kaya/catalog/catalog.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/render/render.hpp"
#include "kaya/scenario/override.hpp"
#include "test_support.hpp"

using namespace kaya;

namespace {

std::string data(const std::string& name) { return std::string(KAYA_TEST_DATA_DIR) + "/hardening/" + name; }

std::string message_of(auto&& f) {
    try {
        f();
    } catch (const error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("yaml: a stray ',' is a located syntax error, not an endless run of empty documents") {
    // yaml-cpp 0.7's LoadAll appends null documents forever on these (jbeder/yaml-cpp#1040).
    CHECK(message_of([] { (void)parse_scenario(",", "comma.yaml"); }) ==
          "comma.yaml:1:1: error: malformed YAML: unexpected ',' where a scenario should start [yaml-syntax]\n> 1 | ,\n    | ^");
    CHECK(message_of([] { (void)parse_scenario(",# x", "comma.yaml"); }).rfind("comma.yaml:1:1: error: malformed YAML", 0) == 0);
    CHECK(message_of([] { (void)parse_scenario("- 1\n,", "list.yaml"); }).rfind("list.yaml:2:1: error: malformed YAML: unexpected ','", 0) == 0);
    SUBCASE("everywhere YAML enters: a catalogue, an override value") {
        catalog c;
        CHECK(message_of([&] { c.add_text(",", "user.yaml", "user.yaml"); }).rfind("user.yaml:1:1: error: malformed YAML", 0) == 0);
        scenario s = test::compile_file("scenarios/bloom-176b.yaml").file ? load_scenario(std::string(KAYA_SOURCE_DIR) + "/scenarios/bloom-176b.yaml")
                                                                          : scenario{};
        CHECK(message_of([&] { apply_override(s, "grid_fr=,", "override"); }).rfind("override grid_fr:1:1: error: malformed YAML", 0) == 0);
        // A second document in a value was silently ignored.
        CHECK(message_of([&] { apply_override(s, "grid_fr=57 gCO2e/kWh\n---\nx: 1", "override"); }) ==
              "override grid_fr:2:1: error: expected one YAML document holding a value, got a second document [invalid-value]\n"
              "> 2 | ---\n    | ^");
    }
}

TEST_CASE("imports: stay inside the scenario's folder tree unless the user allows another folder") {
    const scenario parent = load_scenario(data("inner/imports-parent.yaml"));
    CHECK(message_of([&] { (void)compile(parent); }) ==
          data("inner/imports-parent.yaml") +
              ":3:11: error: expected a catalogue file inside the scenario's folder, or in a folder the user allows, got "
              "'../outside.yaml', outside them [invalid-value]\n> 3 | imports: [../outside.yaml]\n    |           ^");
    // An absolute path is refused before anything is read: /etc/passwd is never quoted.
    const std::string absolute = message_of([] { (void)compile(load_scenario(data("inner/imports-absolute.yaml"))); });
    CHECK(absolute.find("outside them [invalid-value]") != std::string::npos);
    CHECK(absolute.find("root:") == std::string::npos);
    // Allowed by the user, the same import is read.
    scenario allowed = parent;
    allowed.import_folders = {data("")};
    CHECK(test::nominal(compile(allowed), "p", criterion::gwp) == doctest::Approx(1e-3));
}

TEST_CASE("files: only regular files of bounded size are read") {
    CHECK(message_of([] { (void)load_scenario("/dev/zero"); }) ==
          "kaya: error: cannot read '/dev/zero': it is not a regular file, so not a scenario [file-not-found]");
    catalog c;
    CHECK(message_of([&] { c.add_file("/dev/zero"); }).find("it is not a regular file, so not a catalogue") != std::string::npos);
    CHECK(message_of([&] { c.add_file(std::string(KAYA_TEST_DATA_DIR)); }).find("it is a folder, not a catalogue") != std::string::npos);
    const std::filesystem::path big = std::filesystem::temp_directory_path() / "kaya-hardening-big.yaml";
    {
        std::ofstream out(big);
        out << "# " << std::string(5u << 20, 'x') << "\n";
    }
    CHECK(message_of([&] { (void)load_scenario(big.string()); }).find("more than the 4194304 bytes kaya reads as a scenario") !=
          std::string::npos);
    std::filesystem::remove(big);
}

TEST_CASE("text: NUL bytes and bytes that are not UTF-8 are located errors") {
    CHECK(message_of([] { (void)parse_scenario(std::string("name: a\0b\n", 10), "nul.yaml"); }) ==
          "nul.yaml:1:8: error: malformed YAML: a NUL byte; YAML text holds none (is this a binary file?) [yaml-syntax]\n"
          "> 1 | name: a\\x00b\n    |        ^");
    CHECK(message_of([] { (void)parse_scenario("name: caf\xE9\n", "latin1.yaml"); }) ==
          "latin1.yaml:1:10: error: malformed YAML: the byte 0xE9 is not UTF-8; save the file as UTF-8 [yaml-syntax]\n"
          "> 1 | name: caf\\xE9\n    |          ^");
    catalog c;
    CHECK(message_of([&] { c.add_text(std::string("kaya-catalog: 1\0", 16), "nul.yaml", "nul.yaml"); })
              .find("a NUL byte") != std::string::npos);
}

TEST_CASE("excerpts: a formula over folded lines points at its real line and column, never past a line's end") {
    // The error is on the second line of a folded plain scalar: 'kwh' at line 14, column 17.
    const std::string text = std::string("name: t\n") + test::plain_site +
                             "phases:\n  - name: p\n    kind: idle\n    site: s\n    energy: 1 kWh +\n      2 kWh + 3 kwh\n";
    const std::string folded = message_of([&] { (void)test::compile_text(text, "folded.yaml"); });
    CHECK(folded == "folded.yaml:14:17: error: unknown unit 'kwh'; did you mean 'kWh'? [unknown-unit]\n"
                    "> 14 |       2 kWh + 3 kwh\n     |                 ^");
    // A folded scalar longer than the excerpt window, with the error past its first line: the
    // excerpt printer once read past the end of the line.
    std::string long_formula = "    energy: >\n      1 kWh";
    for (int i = 0; i < 30; ++i) long_formula += " + 1 kWh";
    long_formula += "\n      + 2 kwh\n";
    const std::string long_text = std::string("name: t\n") + test::plain_site + "phases:\n  - name: p\n    kind: idle\n    site: s\n" + long_formula;
    const std::string message = message_of([&] { (void)test::compile_text(long_text, "long.yaml"); });
    CHECK(message.rfind("long.yaml:15:11: error: unknown unit 'kwh'", 0) == 0);
}

#include "model/compiler.hpp"
#include "kaya/units/unit.hpp"

TEST_CASE("ranges: every field of every phase kind is checked over every value it can take") {
    // `(d - 3.5) * 1 UNIT` with d in [2, 4] can be negative: each field must refuse it. The
    // fields come from the kinds' own table, so a new field is covered (or fails here).
    const std::map<std::string, std::vector<std::vector<std::string>>> complete{
        {"embodied", {{"device_hours"}, {"duration"}}},
        {"idle", {{"energy", "pue"}, {"power", "duration", "pue"}}},
        {"training", {{"energy", "pue"}, {"device_hours", "power", "pue"}, {"duration", "power", "pue"}}},
        {"inference", {{"energy", "pue"}, {"queries", "energy_per_query", "pue"}, {"power", "duration", "pue"}}},
    };
    auto unit_of = [](const detail::field_rule& r) -> std::string {
        if (std::string(r.name) == "queries") return "query";
        if (std::string(r.name) == "energy_per_query") return "Wh/query";
        return display_unit_for(r.dim).symbol;
    };
    int checked = 0;
    for (const auto& kind : detail::phase_kinds()) {
        REQUIRE(complete.contains(kind.name));
        for (const auto& rule : kind.fields) {
            const std::string kind_name = kind.name, field_name = rule.name;
            CAPTURE(kind_name);
            CAPTURE(field_name);
            const auto& sets = complete.at(kind.name);
            const auto set = std::find_if(sets.begin(), sets.end(), [&](const auto& fs) {
                return std::find(fs.begin(), fs.end(), std::string(rule.name)) != fs.end();
            });
            REQUIRE(set != sets.end());  // a field no complete phase uses: extend `complete`
            std::string phase = std::string("  - name: p\n    kind: ") + kind.name + "\n";
            if (kind_name != "embodied") phase += "    site: s\n";
            if (kind_name == "embodied" || kind_name == "training") phase += "    hardware: h\n";
            for (const auto& field : *set) {
                const auto r = std::find_if(kind.fields.begin(), kind.fields.end(), [&](const auto& x) { return field == x.name; });
                const std::string value = field == rule.name ? "(d - 3.5) * 1 " + unit_of(*r)
                                          : field == "pue"   ? "1.1"
                                                             : "2 " + unit_of(*r);
                phase += "    " + field + ": " + value + "\n";
            }
            const std::string text = std::string("name: t\nparameters:\n  d: {value: 3.7, uniform: [2, 4]}\n") + test::plain_site +
                                     "hardware:\n  h: {count: 1, embodied: 100 kgCO2e, lifetime: 4 year, utilisation: 1, power: 300 W}\n"
                                     "phases:\n" + phase;
            CAPTURE(text);
            CHECK_THROWS_AS(test::compile_text(text), model_error);
            ++checked;
        }
    }
    CHECK(checked == 17);  // every field of the four kinds
}

#include "render/text.hpp"

TEST_CASE("csv: a name that a spreadsheet would run as a formula is neutralised (OWASP)") {
    CHECK(detail::csv_field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
    CHECK(detail::csv_field("+1") == "\"'+1\"");
    CHECK(detail::csv_field("-cmd") == "\"'-cmd\"");
    CHECK(detail::csv_field("@SUM(A1)") == "\"'@SUM(A1)\"");
    CHECK(detail::csv_field("\tx") == "\"'\tx\"");
    CHECK(detail::csv_field("embodied-gpus") == "embodied-gpus");  // a dash inside is harmless
    // Through a real renderer: a phase named like a formula.
    const model m = test::compile_text(std::string("name: t\n") + test::plain_site +
                                       "phases:\n  - {name: \"=1+1\", kind: idle, site: s, energy: 1 kWh}\n");
    CHECK(render_csv(run_monte_carlo(m, {10, 1})).find("\nphase,\"'=1+1\",,idle,gwp,") != std::string::npos);
}

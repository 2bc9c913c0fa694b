// Hostile and clumsy input: every one gets a located error in bounded time and memory, and
// no file outside what the user allows is read or quoted (issue 11).
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <limits>

#include "kaya/analysis/sensitivity.hpp"
#include "kaya/model/evaluate.hpp"
#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/catalog/catalog.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/render/render.hpp"
#include "kaya/report/report.hpp"
#include "kaya/scenario/override.hpp"
#include "kaya/scenario/scenario.hpp"
#include "render/text.hpp"
#include "test_support.hpp"
#include "text/utf8.hpp"

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
    CHECK(test::nominal(compile(allowed), "p", "gwp") == doctest::Approx(1e-3));
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

TEST_CASE("paths: a name with a NUL byte is refused, never read or written cut short at it (review of issue 16)") {
    using namespace std::string_literals;
    const std::string cut = std::string(KAYA_SOURCE_DIR) + "/scenarios/bloom-176b.yaml\0.txt"s;
    CHECK(message_of([&] { (void)load_scenario(cut); }).find("the name holds a NUL byte") != std::string::npos);
    catalog c;
    CHECK(message_of([&] { c.add_file("models/x.yaml\0"s); }).find("the name holds a NUL byte") != std::string::npos);
    CHECK(message_of([] { (void)parse_scenario("name: x\n", "a\0b"s); }) ==
          "kaya: error: cannot read 'a\\0b': the name holds a NUL byte, which no file's name can [file-not-found]");
    // Text given directly is bounded as a file is.
    CHECK(message_of([] { (void)parse_scenario("# " + std::string(5u << 20, 'x'), "big.yaml"); }).find("more than the 4194304 bytes") !=
          std::string::npos);
    // The report's staging folder would have been ".victim" itself, removed on failure.
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / "kaya-nul-test";
    std::filesystem::create_directories(dir / ".victim");
    std::ofstream(dir / ".victim" / "work.txt") << "keep me";
    CHECK(message_of([&] { write_directory((dir / "victim").string() + "\0"s, {{"a.txt", "x"}}); }).find("NUL byte") != std::string::npos);
    CHECK(std::filesystem::exists(dir / ".victim" / "work.txt"));
    std::filesystem::remove_all(dir);
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

TEST_CASE("text: an escape that decodes to a control character or to a byte outside UTF-8 is a located error") {
    CHECK(message_of([] { (void)parse_scenario("name: \"a\\e[2J\"\n", "esc.yaml"); }) ==
          "esc.yaml:1:7: error: malformed YAML: an escape in this text decodes to the control character U+001B, which no text of "
          "kaya's holds; leave it out [yaml-syntax]\n> 1 | name: \"a\\e[2J\"\n    |       ^");
    for (const char* escape : {"\\0", "\\x07", "\\x85", "\\u2028", "\\N", "\\_", "\\L"}) {
        CAPTURE(escape);
        const std::string text = std::string("kaya: 1\nname: ok\nsites: {\"s") + escape + "\": {grid_intensity: 1 gCO2e/kWh}}\n";
        CHECK(message_of([&] { (void)parse_scenario(text, "escape.yaml"); }).rfind("escape.yaml:3:9: error: malformed YAML: an escape", 0) == 0);
    }
    // A raw control character, not only an escaped one.
    CHECK(message_of([] { (void)parse_scenario("name: a\x1b[2Jb\n", "raw.yaml"); }).rfind(
              "raw.yaml:1:8: error: malformed YAML: the control character U+001B; a text of kaya's holds none [yaml-syntax]", 0) == 0);
}

TEST_CASE("messages: a control character or a byte outside UTF-8 is shown escaped, and what() holds the whole message") {
    const input_error e = input_error::invalid_expression({}, std::string("unexpected '\0' and '\x1b' and '\xff' and '\n'", 38));
    CHECK(e.message() == "invalid expression: unexpected '\\x00' and '\\x1B' and '\\xFF' and '\\x0A'");
    CHECK(std::string(e.what()).find("'\\x0A' [invalid-expression]") != std::string::npos);
    // A NUL typed into a formula given on the command line.
    scenario s = parse_scenario(std::string("kaya: 1\nname: t\nparameters: {x: 1 kWh}\n") + test::plain_site +
                                    "phases:\n  - {name: p, kind: idle, site: s, energy: x}\n", "t.yaml");
    CHECK(message_of([&] { apply_override(s, std::string("x=1\0", 5), "--set"); }).find("\\x00") != std::string::npos);
}

TEST_CASE("writers: no control character or byte outside UTF-8 reaches any output") {
    static const char bytes[] = "a\0b" "\x1b[2J" "\x07" "c" "\xC2\x85" "d" "\xE2\x80\xA8" "e" "\xFF" "\tf\ng";
    const std::string hostile(bytes, sizeof bytes - 1);
    CHECK(detail::json_quoted(hostile) == "\"a\\u0000b\\u001b[2J\\u0007c\\u0085d\\u2028e\\ufffd\\tf\\ng\"");
    CHECK(detail::one_line(hostile) == "a b [2J c d e\xEF\xBF\xBD f g");
    CHECK(detail::printable(hostile) == "a b [2J c d e\xEF\xBF\xBD f\ng");
    CHECK(detail::escaped_for_message(hostile) == "a\\x00b\\x1B[2J\\x07c\\x85d\\u2028e\\xFF\\x09f\\x0Ag");
    // Through the renderers: a run whose names hold them (as the library's callers may build one).
    model m = test::compile_text(std::string("name: t\n") + test::plain_site + "phases:\n  - {name: p, kind: idle, site: s, energy: 1 kWh}\n");
    run_result r = run_monte_carlo(m, {10, 1});
    r.scenario = hostile;
    r.phases[0].name = hostile;
    for (const std::string& out : {render_table(r), render_json(r), render_csv(r)}) {
        CAPTURE(out);
        CHECK(!detail::first_unprintable(out));
        CHECK(out.find('\t') == std::string::npos);
    }
}

TEST_CASE("numbers: a footprint beyond any long long is shown, not undefined (a fuzz finding)") {
    // 8.9e25 GPUs: llround() of the footprint overflowed, and negating LLONG_MIN is undefined.
    CHECK(detail::cell(8.888888888888889e28) == "8.889e+28");
    CHECK(detail::cell(-1e300) == "-1.000e+300");
    CHECK(detail::cell(999'999'999'999'999.0) == "999,999,999,999,999");
    CHECK(detail::thousands(std::numeric_limits<long long>::min()) == "-9,223,372,036,854,775,808");
}

TEST_CASE("limits: formulas, models and Sobol' designs have bounds, each a located error (docs/reference/limits.md)") {
    auto sum_of = [](int parts) {  // "a+a+...+a" of `parts` parts
        std::string text = "a";
        for (int i = 1; i < (parts + 1) / 2; ++i) text += "+a";
        return text;
    };
    const std::string head = std::string("kaya: 1\nname: big\nparameters:\n  a: 1 kWh ± 10 %\n");
    const std::string tail = std::string(test::plain_site) + "phases:\n  - {name: p, kind: idle, site: s, energy: b0}\n";
    SUBCASE("a formula of more than 100,000 parts") {
        const std::string text = head + "  b0: " + sum_of(100'001) + "\n" + tail;
        CHECK(message_of([&] { (void)test::compile_text(text); }).find(
                  "error: invalid expression: the formula has more than 100,000 parts (numbers, names, operators and calls), the most "
                  "kaya reads in one formula (docs/reference/limits.md); split it into parameters [invalid-expression]") !=
              std::string::npos);
    }
    SUBCASE("a model of more than 500,000 nodes") {
        std::string text = head;
        for (int k = 0; k < 11; ++k) text += fmt::format("  b{}: {}\n", k, sum_of(99'999));
        const std::string message = message_of([&] { (void)test::compile_text(text + tail); });
        CHECK(message.find(":14:7: error: invalid expression: this formula takes the model past 500,000 nodes") != std::string::npos);
    }
    SUBCASE("a Sobol' design of more than 2^26 values") {
        std::string text = "kaya: 1\nname: wide\nparameters:\n";
        std::string energy;
        for (int k = 0; k < 1100; ++k) {
            text += fmt::format("  p{}: 1 kWh ± 10 %\n", k);
            energy += (k == 0 ? "" : " + ") + fmt::format("p{}", k);
        }
        text += std::string(test::plain_site) + "phases:\n  - {name: p, kind: idle, site: s, energy: " + energy + "}\n";
        const model m = test::compile_text(text);
        CHECK(message_of([&] { (void)sobol(m, m.total(*m.indicator_index("gwp")), 1L << 16, 1); }) ==
              "kaya: error: sample size: a Sobol' design of N = 65536 for 1100 parameters would keep 72089600 values, more than "
              "the 67108864 kaya allows (512 MiB); use N = 32768 or less, or the tornado method [invalid-option]");
    }
}

TEST_CASE("memory: an input no output needs costs no column and no draws") {
    std::string text = "kaya: 1\nname: unused\nparameters:\n";
    for (int k = 0; k < 1000; ++k) text += fmt::format("  unused{}: 1 kWh ± 10 %\n", k);
    text += std::string("  used: 1 kWh ± 10 %\n") + test::plain_site + "phases:\n  - {name: p, kind: idle, site: s, energy: used}\n";
    const model m = test::compile_text(text);
    const evaluator e(m.nodes, {m.total(*m.indicator_index("gwp"))}, 2048);
    int used = 0;
    for (std::size_t k = 0; k < m.inputs.size(); ++k) used += e.uses_input(static_cast<int>(k)) ? 1 : 0;
    CHECK(used == 1);
    // Results do not depend on whether the unused inputs are drawn.
    const model alone = test::compile_text(std::string("kaya: 1\nname: unused\nparameters:\n  used: 1 kWh ± 10 %\n") + test::plain_site +
                                           "phases:\n  - {name: p, kind: idle, site: s, energy: used}\n");
    CHECK(run_monte_carlo(m, {500, 3}).total[0].mean == run_monte_carlo(alone, {500, 3}).total[0].mean);
}

TEST_CASE("memory: a graph of many live columns evaluates in shorter batches, with the same results") {
    std::string text = "kaya: 1\nname: wide\nparameters:\n";
    std::string energy;
    for (int k = 0; k < 5000; ++k) {
        text += fmt::format("  p{}: 1 kWh ± 10 %\n", k);
        energy += (k == 0 ? "" : " + ") + fmt::format("p{}", k);
    }
    text += std::string(test::plain_site) + "phases:\n  - {name: p, kind: idle, site: s, energy: " + energy + "}\n";
    const model m = test::compile_text(text);
    const evaluator e(m.nodes, {m.total(*m.indicator_index("gwp"))}, 2048);
    // 5,000 input columns, a few constants and the scratch column in 2^23 values.
    CHECK(e.batch() <= evaluator::max_work_values / 5000);
    CHECK(e.batch() >= evaluator::max_work_values / 5010);
    CHECK(run_monte_carlo(m, {3000, 3, 2048}).total[0].mean == run_monte_carlo(m, {3000, 3, 64}).total[0].mean);
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
        {"inference",
         {{"energy", "pue"}, {"queries", "energy_per_query", "host_energy_per_query", "pue"}, {"power", "duration", "host_power", "idle_reserve", "pue"}}},
        {"operational", {{"energy", "pue"}, {"device_hours", "power", "pue"}, {"power", "duration", "pue"}}},
    };
    auto unit_of = [](const detail::field_rule& r) -> std::string {
        if (std::string(r.name) == "queries") return "query";
        if (std::string(r.name) == "energy_per_query" || std::string(r.name) == "host_energy_per_query") return "Wh/query";
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
    CHECK(checked == 25);  // every field of the four kinds
}


TEST_CASE("csv: a name that a spreadsheet would run as a formula is neutralised (OWASP)") {
    CHECK(detail::csv_field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
    CHECK(detail::csv_field("+1") == "\"'+1\"");
    CHECK(detail::csv_field("-cmd") == "\"'-cmd\"");
    CHECK(detail::csv_field("@SUM(A1)") == "\"'@SUM(A1)\"");
    CHECK(detail::csv_field("\tx") == "\"' x\"");  // a field is one line: a tab or line break is a space
    CHECK(detail::csv_field("\r=1+1") == "\"' =1+1\"");
    CHECK(detail::csv_field("a\nb") == "a b");
    CHECK(detail::csv_field("embodied-gpus") == "embodied-gpus");  // a dash inside is harmless
    // Through a real renderer: a phase named like a formula.
    const model m = test::compile_text(std::string("name: t\n") + test::plain_site +
                                       "phases:\n  - {name: \"=1+1\", kind: idle, site: s, energy: 1 kWh}\n");
    CHECK(render_csv(run_monte_carlo(m, {10, 1})).find("\nphase,\"'=1+1\",,idle,gwp,") != std::string::npos);
}

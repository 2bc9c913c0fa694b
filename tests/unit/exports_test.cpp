// Exports: the Hugging Face model card's co2_eq_emissions block and the LaTeX table.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "kaya/errors/error.hpp"
#include "kaya/report/report.hpp"
#include "test_support.hpp"

using namespace kaya;

namespace {

std::string data(const std::string& name) { return std::string(KAYA_TEST_DATA_DIR) + "/exports/" + name; }
scenario reference(const std::string& name) { return load_scenario(std::string(KAYA_SOURCE_DIR) + "/scenarios/" + name + ".yaml"); }
const report_options options{{500, 42}, {}, "test"};
// The made-up country, cloud regions, data centres and accelerator of tests/data/exports.
const report_options zedland{{500, 42}, {data("regions.yaml"), data("centres.yaml"), data("devices.yaml")}, "test"};

// One training run at site `s` on hardware `h`, both written in YAML flow style.
scenario one_run(const std::string& site, const std::string& hardware = "{model: zed-z1, count: 8}") {
    return parse_scenario("name: run\nhardware:\n  h: " + hardware + "\nsites:\n  s: " + site +
                              "\nphases:\n  - {name: t, kind: training, site: s, hardware: h, duration: 10 hour}\n",
                          data("inline.yaml"));
}

// Hugging Face's documented co2_eq_emissions fields (huggingface.co/docs/hub/model-cards-co2).
const std::set<std::string> documented{"emissions", "source", "training_type", "geographical_location", "hardware_used"};

// The block parsed as YAML, after checking that it is one mapping, co2_eq_emissions, of
// documented keys only, with emissions a plain number and training_type a documented value.
YAML::Node parsed(const std::string& block) {
    const YAML::Node doc = YAML::Load(block);
    REQUIRE(doc.IsMap());
    REQUIRE(doc.size() == 1);
    const YAML::Node card = doc["co2_eq_emissions"];
    REQUIRE(card.IsMap());
    for (const auto& kv : card) {
        CAPTURE(kv.first.as<std::string>());
        CHECK(documented.count(kv.first.as<std::string>()) == 1);
        CHECK(kv.second.IsScalar());
    }
    CHECK(card["emissions"].Tag() == "?");  // plain, so a number, not a quoted string
    CHECK(card["emissions"].as<double>() >= 0.0);
    const auto type = card["training_type"].as<std::string>();
    CHECK((type == "pre-training" || type == "fine-tuning"));
    return card;
}

std::string field(const YAML::Node& card, const char* key) { return card[key] ? card[key].as<std::string>() : "(absent)"; }

std::string card_field(const scenario& s, const char* key) { return field(parsed(model_card_block(s, zedland, training_type::pre_training)), key); }

// The lines of `text`.
std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace

TEST_CASE("model card: the block has Hugging Face's documented fields, emissions in grams") {
    const YAML::Node card = parsed(model_card_block(reference("bloom-176b"), options, training_type::pre_training));
    // BLOOM's dynamic training: 433,196 kWh × 57 gCO2e/kWh = 24,692,172 g.
    CHECK(card["emissions"].as<double>() == 24692172.0);
    CHECK(field(card, "training_type") == "pre-training");
    CHECK(field(card, "source").rfind("kaya test estimate from scenario 'bloom-176b'; Estimating the Carbon Footprint of BLOOM", 0) == 0);
    CHECK(field(card, "geographical_location") == "Jean Zay (IDRIS), France");
    CHECK(field(card, "hardware_used") == "384 x NVIDIA A100 SXM4 80GB");
    SUBCASE("fine-tuning") {
        CHECK(field(parsed(model_card_block(reference("bloom-176b"), options, training_type::fine_tuning)), "training_type") == "fine-tuning");
    }
}

TEST_CASE("model card: training_type takes only the values Hugging Face documents") {
    CHECK(parse_training_type("pre-training") == training_type::pre_training);
    CHECK(parse_training_type("fine-tuning") == training_type::fine_tuning);
    for (const auto& name : training_type_names()) CHECK(training_type_name(parse_training_type(name)) == name);
    // The library's message names the model card's field, never a command-line flag.
    CHECK_THROWS_WITH_AS((void)parse_training_type("pretraining"),
                         "kaya: error: training type: expected 'pre-training' or 'fine-tuning', the values Hugging Face "
                         "documents, got 'pretraining' [invalid-option]",
                         input_error);
    CHECK_THROWS_AS((void)parse_training_type("Pre-training"), input_error);
    CHECK_THROWS_AS((void)parse_training_type(""), input_error);
}

TEST_CASE("model card: hardware_used names the hardware as the scenario or the catalogue does, never by its local id") {
    SUBCASE("the catalogue model's name when the scenario gives none") {
        CHECK(card_field(one_run("{grid: ZZZ, pue: 1, wue: 0 L/kWh}"), "hardware_used") == "8 x Zed Accelerator Z1");
    }
    SUBCASE("the scenario's own name first") {
        CHECK(card_field(one_run("{grid: ZZZ, pue: 1, wue: 0 L/kWh}", "{name: Our Z1 boards, model: zed-z1, count: 8}"), "hardware_used") ==
              "8 x Our Z1 boards");
    }
    SUBCASE("the id only when nothing names it") {
        CHECK(card_field(one_run("{grid: ZZZ, pue: 1, wue: 0 L/kWh}", "{count: 2, power: 300 W}"), "hardware_used") == "2 x h");
    }
}

TEST_CASE("model card: geographical_location is a place, as granular as the scenario or the catalogue gives it") {
    SUBCASE("the site's location, then its name") {
        CHECK(card_field(one_run("{name: Our rack, location: 'Quebec, Canada', grid: zz-east1, pue: 1, wue: 0 L/kWh}"),
                         "geographical_location") == "Quebec, Canada");
        CHECK(card_field(one_run("{name: 'Brooklyn, NY, USA', grid: zz-east1, pue: 1, wue: 0 L/kWh}"), "geographical_location") ==
              "Brooklyn, NY, USA");
    }
    SUBCASE("a cloud region: the grid's name, and the country in words") {
        CHECK(card_field(one_run("{grid: zz-east1, pue: 1, wue: 0 L/kWh}"), "geographical_location") ==
              "Zedcloud zz-east1 (Port Town), Zedland");
    }
    SUBCASE("the country once, when the name already gives it") {
        CHECK(card_field(one_run("{grid: zz-west1, pue: 1, wue: 0 L/kWh}"), "geographical_location") ==
              "Zedcloud zz-west1 (Hill Town, Zedland)");
        CHECK(card_field(one_run("{grid: ZZZ, pue: 1, wue: 0 L/kWh}"), "geographical_location") == "Zedland");
    }
    SUBCASE("a country the catalogue has no grid for keeps its code") {
        CHECK(card_field(one_run("{grid: zz-north1, pue: 1, wue: 0 L/kWh}"), "geographical_location") == "Zedcloud zz-north1, XYZ");
    }
    SUBCASE("a data centre: its location, else its grid's place") {
        CHECK(card_field(one_run("{datacentre: zz-harbour}"), "geographical_location") == "Harbour district, Port Town, Zedland");
        CHECK(card_field(one_run("{datacentre: zz-east1}"), "geographical_location") == "Zedcloud zz-east1 (Port Town), Zedland");
    }
    SUBCASE("a data centre without a grid: its name") {
        CHECK(card_field(one_run("{datacentre: zz-fleet, grid_intensity: 10 gCO2e/kWh, water_intensity: 0 L/kWh}"),
                         "geographical_location") == "Zedcloud fleet average");
    }
    SUBCASE("nothing that names a place: the field is left out, and the comment says why") {
        const std::string block = model_card_block(
            one_run("{grid_intensity: 10 gCO2e/kWh, pue: 1, wue: 0 L/kWh, water_intensity: 0 L/kWh}"), zedland, training_type::pre_training);
        CHECK(field(parsed(block), "geographical_location") == "(absent)");
        CHECK(block.find("# no geographical_location: site \"s\" names no place (give it a location)\n") != std::string::npos);
    }
}

TEST_CASE("model card: no name can add a key or change a value (a hostile corpus)") {
    const std::vector<std::string> corpus{
        "key: value", "x\ninjected: 1", "x\n  injected: 1", "\"", "'", "''", "\\", "\\n", "\\\"", "# comment", "a #b", "- item",
        "? q", ": c", "{a: 1}", "[1, 2]", "&anchor *alias", "!tag x", "!!str", "|\n  block", "> folded", "---", "...\n---",
        "%YAML 1.2", "@at", "`tick`", "tab\there", "cr\rlf\r\n", std::string("nul\0byte", 8), "\x01\x07\x1b\x7f",
        "nel\xc2\x85next", "ls\xe2\x80\xa8ps\xe2\x80\xa9", "bom\xef\xbb\xbf", "c1\xc2\x80\xc2\x9f", "Montr\xc3\xa9" "al, Qu\xc3\xa9" "bec",
        "\xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x99\x82", "  leading and trailing  ", "null", "~", "true", "123", "0x1F", "1e3", "=",
        "<<: *a", "\"\n# \"", "end\\", std::string(300, '#')};
    for (const auto& text : corpus) {
        CAPTURE(text);
        scenario s = one_run("{name: placeholder, grid: ZZZ, pue: 1, wue: 0 L/kWh}", "{name: placeholder, model: zed-z1, count: 8}");
        s.name = text;
        s.sites[0].text["name"] = text;
        s.hardware[0].text["name"] = text;
        s.sources.push_back({"h", {}, {{"title", text}}});
        const std::string block = model_card_block(s, zedland, training_type::fine_tuning);
        const YAML::Node card = parsed(block);
        CHECK(card.size() == 5);
        CHECK(field(card, "geographical_location") == text);
        CHECK(field(card, "hardware_used") == "8 x " + text);
        CHECK(field(card, "source") == "kaya test estimate from scenario '" + text + "'; " + text);
        CHECK(field(card, "training_type") == "fine-tuning");
        // Every line is a key of the block or a comment.
        for (const auto& line : lines_of(block)) {
            CAPTURE(line);
            CHECK((line == "co2_eq_emissions:" || line.rfind("  ", 0) == 0 || line.rfind("# ", 0) == 0));
        }
    }
    SUBCASE("bytes that are not UTF-8 read back as U+FFFD, one each") {
        const std::string r = "\xef\xbf\xbd";
        for (const auto& [text, expected] : std::vector<std::pair<std::string, std::string>>{
                 {"\xff", r}, {"a\xc3", "a" + r}, {"\xe0\x80\x80", r + r + r}, {"\xed\xa0\x80", r + r + r}, {"\xf4\x90\x80\x80", r + r + r + r}}) {
            const std::string shown = text;  // clang 14 cannot capture a structured binding
            CAPTURE(shown);
            scenario s = one_run("{name: placeholder, grid: ZZZ, pue: 1, wue: 0 L/kWh}");
            s.sites[0].text["name"] = text;
            CHECK(card_field(s, "geographical_location") == expected);
        }
    }
}

TEST_CASE("model card: a scenario without a training phase is an error that names no command-line flag") {
    const scenario s = parse_scenario("name: idle-only\nsites:\n  s: {grid: ZZZ, pue: 1, wue: 0 L/kWh}\n"
                                      "phases:\n  - {name: i, kind: idle, site: s, energy: 1 kWh}\n",
                                      data("inline.yaml"));
    CHECK_THROWS_WITH_AS((void)model_card_block(s, zedland, training_type::pre_training),
                         (data("inline.yaml") + ":5:5: error: the model card of scenario 'idle-only' needs a phase of kind "
                                                "'training' (it reports the training phases) [missing-field]\n"
                                                "> 5 |   - {name: i, kind: idle, site: s, energy: 1 kWh}\n"
                                                "    |     ^")
                             .c_str(),
                         input_error);
}

TEST_CASE("latex: a booktabs table by phase, with stage subtotals, and an emissions statement") {
    const std::string tex = latex_export(reference("bloom-176b"), options);
    for (const char* part : {"\\toprule", "\\midrule", "\\bottomrule", "\\label{tab:kaya-bloom-176b}",
                             // at least: the hardware's transport and end of life are not assessed (no source gives them)
                             "bloom-176b to be at least 50.87~tCO$_2$e",
                             "(Table~\\ref{tab:kaya-bloom-176b})"}) {
        CAPTURE(part);
        CHECK(tex.find(part) != std::string::npos);
    }
    // Carbon in t, energy in MWh, water in m³, ADPe in g, PE in GJ: each column (a category
    // of models/impact-categories.yaml) in the unit of its scale its largest value reads in.
    CHECK(tex.find("    Phase & Carbon & Energy & Water & ADPe & PE \\\\\n") != std::string::npos);
    CHECK(tex.find("     & (tCO$_2$e) & (MWh) & (m$^3$) & (gSbeq) & (GJ) \\\\\n") != std::string::npos);
    // Not assessed is n/a, never 0: BLOOM's servers have no embodied ADPe in any source kaya has.
    const auto servers = tex.find("embodied-servers\\newline");
    REQUIRE(servers != std::string::npos);
    CHECK(tex.substr(servers, tex.find('\n', servers) - servers).ends_with("& 0 & n/a & n/a & n/a \\\\"));
    // A phase: its name over its kind, its values over their p05--p95.
    CHECK(tex.find("    \\raggedright\\hspace{0pt}embodied-gpus\\newline{\\scriptsize embodied} & "
                   "\\begin{tabular}[t]{@{}r@{}}$\\geq$3.63\\\\\\scriptsize ") != std::string::npos);
    SUBCASE("each stage's subtotal follows its phases") {
        const auto training = tex.find("\\textit{training}\\newline{\\scriptsize stage subtotal} & \\begin{tabular}[t]{@{}r@{}}$\\geq$50.52\\\\");
        const auto deployment = tex.find("\\textit{deployment}\\newline{\\scriptsize stage subtotal} & \\begin{tabular}[t]{@{}r@{}}0.34\\\\");
        REQUIRE(training != std::string::npos);
        REQUIRE(deployment != std::string::npos);
        CHECK(tex.find("\\hspace{0pt}training\\newline{\\scriptsize training}") < training);
        CHECK(training < tex.find("\\hspace{0pt}inference\\newline"));
        CHECK(tex.find("\\hspace{0pt}inference\\newline") < deployment);
        CHECK(deployment < tex.find("\\hspace{0pt}Total &"));
    }
    SUBCASE("five categories take the page's width, in a table*") {
        CHECK(tex.find("\\begin{table*}[t]") != std::string::npos);
        CHECK(tex.find("\\begin{tabular*}{\\textwidth}{@{\\extracolsep{\\fill}}p{0.3\\textwidth}rrrrr@{}}") != std::string::npos);
    }
}

TEST_CASE("latex: numbers line up in each column, and a value too small for its precision says so") {
    const scenario s = parse_scenario("name: small\nsites:\n  s: {grid_intensity: 100 gCO2e/kWh, pue: 1, wue: 0 L/kWh, water_intensity: 0 L/kWh}\n"
                                      "phases:\n  - {name: big, kind: idle, site: s, energy: 50 kWh}\n"
                                      "  - {name: tiny, kind: idle, site: s, energy: 0.1 Wh}\n",
                                      data("inline.yaml"));
    const std::string tex = latex_export(s, options);
    // 5 kgCO2e in all: the carbon column is in kg with three decimals, energy in kWh with two.
    // The site gives no ADPe or PE factor: those columns are n/a, not 0.
    CHECK(tex.find("     & (kgCO$_2$e) & (kWh) & (L) & (kgSbeq) & (MJ) \\\\\n") != std::string::npos);
    CHECK(tex.find("big\\newline{\\scriptsize idle} & 5.000 & 50.00 & 0 & n/a & n/a \\\\\n") != std::string::npos);
    CHECK(tex.find("tiny\\newline{\\scriptsize idle} & $<$0.001 & $<$0.01 & 0 & n/a & n/a \\\\\n") != std::string::npos);
    CHECK(tex.find("at 5.000~kgCO$_2$e") != std::string::npos);
}

TEST_CASE("latex: every name is text, whatever characters it holds") {
    const std::string tex = latex_export(load_scenario(data("hostile.yaml")), options);
    const auto lines = lines_of(tex);
    SUBCASE("a line break in a name neither ends the comment nor the caption") {
        CHECK(lines[0].rfind("% Generated by kaya test from scenario hostile: 50\\% \\& \\$x\\$ \\#1 \\{a\\} \\textasciitilde{}b"
                             "\\textasciicircum{}c \\textbackslash{}d \\textless{}e\\textbar{}f\\textgreater{} {[}g{]} -{}-h  after a "
                             "blank line, a tab here (SHA-1 ",
                             0) == 0);
        CHECK(lines[1].rfind("% Needs \\usepackage{booktabs}", 0) == 0);
        const auto caption = std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind("  \\caption{", 0) == 0; });
        REQUIRE(caption != lines.end());
        CHECK(caption->back() == '}');
    }
    SUBCASE("no control character but the line ends") {
        CHECK(std::none_of(tex.begin(), tex.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 && c != '\n'; }));
    }
    SUBCASE("a cell never starts with [ (after \\\\ it would be read as a length), -- is two hyphens") {
        CHECK(tex.find("\\hspace{0pt}{[}draft{]} data\\_\\allowbreak{}preparation") != std::string::npos);
        CHECK(tex.find("-{}-flag") != std::string::npos);
        CHECK(tex.find("\\textit{pre-training \\& fine\\_\\allowbreak{}tuning second line}") != std::string::npos);
    }
    SUBCASE("the label keeps letters and digits") {
        CHECK(tex.find("\\label{tab:kaya-hostile-50-x-1-a-b-c-d-e-f-g-h-after-a-blank-line-a-tab-here}") != std::string::npos);
    }
}

TEST_CASE("exports: every catalogue value used is listed with its year and sampled range") {
    // BLOOM's A100 embodied footprint comes from the catalogue: 150 kgCO2e, triangular [143, 150, 273].
    const std::string line = "embodied of hardware 'a100-80gb' = 150.0 kgCO2e (sampled p05 - p95 149.7 - 244.7, year not stated; "
                             "hardware/nvidia-a100-sxm4-80gb)\n";
    const std::string card = model_card_block(reference("bloom-176b"), zedland, training_type::pre_training);
    CHECK(card.find("# catalogue value: " + line) != std::string::npos);
    CHECK(card.find("# catalogue value: water_intensity of site 'jean-zay' = 3.674 L/kWh (exact, year not stated; grids/FRA)\n") !=
          std::string::npos);
    CHECK(latex_export(reference("bloom-176b"), zedland).find("%   " + line) != std::string::npos);
}

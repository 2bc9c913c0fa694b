// Every file in tests/data/invalid/ holds a small scenario with exactly one defect. Each is
// loaded and compiled, and the complete diagnostic is compared: `file:line:col: error:
// message [code]`, the quoted line and its caret (and any note), the exception type and the
// error code. A file without a test here fails "every invalid input file has a test".
//
// KAYA_TEST_DATA_DIR is the absolute path of tests/data, as a string literal.
#include <doctest/doctest.h>

#include <filesystem>
#include <set>
#include <string>
#include <string_view>

#include "kaya/errors/error.hpp"
#include "kaya/model/model.hpp"
#include "kaya/scenario/scenario.hpp"

#ifndef KAYA_TEST_DATA_DIR
#error "KAYA_TEST_DATA_DIR must be defined as the absolute path of tests/data"
#endif

namespace {

//! The names (file stems) of the invalid inputs that have a test, filled before main().
std::set<std::string>& tested_files() {
    static std::set<std::string> names;
    return names;
}

bool register_file(const char* name) {
    tested_files().insert(name);
    return true;
}

//! The path of tests/data/invalid/<name>.yaml, as it appears in messages.
std::string file(std::string_view name) {
    return std::string(KAYA_TEST_DATA_DIR) + "/invalid/" + std::string(name) + ".yaml";
}

kaya::model load(std::string_view name) { return kaya::compile(kaya::load_scenario(file(name))); }

//! The code and exit status of the error that loading `name` throws.
void check_code(std::string_view name, kaya::error_code expected) {
    try {
        (void)load(name);
        FAIL("no error for ", name);
    } catch (const kaya::error& e) {
        CHECK(kaya::code_name(e.code()) == kaya::code_name(expected));
        CHECK(e.exit() == kaya::exit_code::bad_input);
        CHECK(e.where().file != nullptr);
    }
}

}  // namespace

// Registers the file as tested and opens its test case.
#define INVALID_INPUT_TEST(NAME)                                                 \
    static const bool DOCTEST_ANONYMOUS(kaya_invalid_registered_) = register_file(NAME); \
    TEST_CASE("invalid input: " NAME)

// ---- yaml-syntax

INVALID_INPUT_TEST("yaml-syntax") {
    const std::string expected =
        file("yaml-syntax") +
        ":12:8: error: malformed YAML: end of sequence flow not found [yaml-syntax]\n"
        "> 12 |     wue: 0.5 L/kWh\n"
        "     |        ^";
    CHECK_THROWS_WITH_AS(load("yaml-syntax"), expected.c_str(), kaya::input_error);
    check_code("yaml-syntax", kaya::error_code::yaml_syntax);
}

INVALID_INPUT_TEST("yaml-syntax-bad-indentation") {
    const std::string expected =
        file("yaml-syntax-bad-indentation") +
        ":14:11: error: malformed YAML: illegal map value [yaml-syntax]\n"
        "> 14 |       kind: training\n"
        "     |           ^";
    CHECK_THROWS_WITH_AS(load("yaml-syntax-bad-indentation"), expected.c_str(), kaya::input_error);
    check_code("yaml-syntax-bad-indentation", kaya::error_code::yaml_syntax);
}

INVALID_INPUT_TEST("yaml-syntax-control-character-escape") {
    const std::string expected =
        file("yaml-syntax-control-character-escape") +
        ":4:7: error: malformed YAML: an escape in this text decodes to the control character U+001B, which no text of kaya's holds; leave it out [yaml-syntax]\n"
        "> 4 | name: \"tiny \\e[2J\"\n"
        "    |       ^";
    CHECK_THROWS_WITH_AS(load("yaml-syntax-control-character-escape"), expected.c_str(), kaya::input_error);
    check_code("yaml-syntax-control-character-escape", kaya::error_code::yaml_syntax);
}

INVALID_INPUT_TEST("yaml-syntax-escape-not-utf8") {
    const std::string expected =
        file("yaml-syntax-escape-not-utf8") +
        ":3:7: error: malformed YAML: an escape in this text decodes to the byte 0xA0, which is not UTF-8 (yaml-cpp decodes \\_ and \\N so); write the character itself [yaml-syntax]\n"
        "> 3 | name: \"tiny\\_model\"\n"
        "    |       ^";
    CHECK_THROWS_WITH_AS(load("yaml-syntax-escape-not-utf8"), expected.c_str(), kaya::input_error);
    check_code("yaml-syntax-escape-not-utf8", kaya::error_code::yaml_syntax);
}

INVALID_INPUT_TEST("yaml-syntax-nesting-too-deep") {
    const std::string expected =
        file("yaml-syntax-nesting-too-deep") +
        ":3:70: error: malformed YAML: lists and mappings nested more than 64 deep [yaml-syntax]\n"
        "> 3 | name: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[deep]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n"
        "    |                                                                      ^";
    CHECK_THROWS_WITH_AS(load("yaml-syntax-nesting-too-deep"), expected.c_str(), kaya::input_error);
    check_code("yaml-syntax-nesting-too-deep", kaya::error_code::yaml_syntax);
}

// ---- unknown-key

INVALID_INPUT_TEST("unknown-key-field-of-other-kind") {
    const std::string expected =
        file("unknown-key-field-of-other-kind") +
        ":16:5: error: unknown key 'queries' in a phase of kind 'training'; 'queries' is a field of inference phases; the fields of a training phase are energy, device_hours, duration, power and pue [unknown-key]\n"
        "> 16 |     queries: 50000\n"
        "     |     ^";
    CHECK_THROWS_WITH_AS(load("unknown-key-field-of-other-kind"), expected.c_str(), kaya::input_error);
    check_code("unknown-key-field-of-other-kind", kaya::error_code::unknown_key);
}

INVALID_INPUT_TEST("unknown-key-hardware") {
    const std::string expected =
        file("unknown-key-hardware") +
        ":8:5: error: unknown key 'lifetme' in hardware 'a100'; did you mean 'lifetime'? [unknown-key]\n"
        "> 8 |     lifetme: 4 year\n"
        "    |     ^";
    CHECK_THROWS_WITH_AS(load("unknown-key-hardware"), expected.c_str(), kaya::input_error);
    check_code("unknown-key-hardware", kaya::error_code::unknown_key);
}

INVALID_INPUT_TEST("unknown-key-hardware-on-idle") {
    const std::string expected =
        file("unknown-key-hardware-on-idle") +
        ":18:15: error: 'hardware' has no meaning in a phase of kind 'idle' [unknown-key]\n"
        "> 18 |     hardware: a100\n"
        "     |               ^";
    CHECK_THROWS_WITH_AS(load("unknown-key-hardware-on-idle"), expected.c_str(), kaya::input_error);
    check_code("unknown-key-hardware-on-idle", kaya::error_code::unknown_key);
}

INVALID_INPUT_TEST("unknown-key-misspelt-kind") {
    const std::string expected =
        file("unknown-key-misspelt-kind") +
        ":14:5: error: unknown key 'knd' in phase 'training'; did you mean 'kind'? [unknown-key]\n"
        "> 14 |     knd: training\n"
        "     |     ^";
    CHECK_THROWS_WITH_AS(load("unknown-key-misspelt-kind"), expected.c_str(), kaya::input_error);
    check_code("unknown-key-misspelt-kind", kaya::error_code::unknown_key);
}

INVALID_INPUT_TEST("unknown-key-parameter") {
    const std::string expected =
        file("unknown-key-parameter") +
        ":7:5: error: unknown key 'sorce' in parameter 'gpu_power'; did you mean 'source'? [unknown-key]\n"
        "> 7 |     sorce: datasheet\n"
        "    |     ^";
    CHECK_THROWS_WITH_AS(load("unknown-key-parameter"), expected.c_str(), kaya::input_error);
    check_code("unknown-key-parameter", kaya::error_code::unknown_key);
}

INVALID_INPUT_TEST("unknown-key-phase") {
    const std::string expected =
        file("unknown-key-phase") +
        ":16:5: error: unknown key 'device_hour' in a phase of kind 'training'; did you mean 'device_hours'? [unknown-key]\n"
        "> 16 |     device_hour: 1000 h\n"
        "     |     ^";
    CHECK_THROWS_WITH_AS(load("unknown-key-phase"), expected.c_str(), kaya::input_error);
    check_code("unknown-key-phase", kaya::error_code::unknown_key);
}

INVALID_INPUT_TEST("unknown-key-site") {
    const std::string expected =
        file("unknown-key-site") +
        ":8:5: error: unknown key 'grid_intensty' in site 'dc'; did you mean 'grid_intensity'? [unknown-key]\n"
        "> 8 |     grid_intensty: 400 gCO2e/kWh\n"
        "    |     ^";
    CHECK_THROWS_WITH_AS(load("unknown-key-site"), expected.c_str(), kaya::input_error);
    check_code("unknown-key-site", kaya::error_code::unknown_key);
}

INVALID_INPUT_TEST("unknown-key-site-on-embodied") {
    const std::string expected =
        file("unknown-key-site-on-embodied") +
        ":20:11: error: 'site' has no meaning in a phase of kind 'embodied' (it draws no energy) [unknown-key]\n"
        "> 20 |     site: dc\n"
        "     |           ^";
    CHECK_THROWS_WITH_AS(load("unknown-key-site-on-embodied"), expected.c_str(), kaya::input_error);
    check_code("unknown-key-site-on-embodied", kaya::error_code::unknown_key);
}

INVALID_INPUT_TEST("unknown-key-site-reference") {
    const std::string expected =
        file("unknown-key-site-reference") +
        ":8:5: error: unknown key 'datacenter' in site 'dc'; did you mean 'datacentre'? [unknown-key]\n"
        "> 8 |     datacenter: gcp-europe-west1\n"
        "    |     ^";
    CHECK_THROWS_WITH_AS(load("unknown-key-site-reference"), expected.c_str(), kaya::input_error);
    check_code("unknown-key-site-reference", kaya::error_code::unknown_key);
}

INVALID_INPUT_TEST("unknown-key-source") {
    const std::string expected =
        file("unknown-key-source") +
        ":7:5: error: unknown key 'autors' in source 'datasheet'; did you mean 'authors'? [unknown-key]\n"
        "> 7 |     autors: NVIDIA\n"
        "    |     ^";
    CHECK_THROWS_WITH_AS(load("unknown-key-source"), expected.c_str(), kaya::input_error);
    check_code("unknown-key-source", kaya::error_code::unknown_key);
}

INVALID_INPUT_TEST("unknown-key-top-level") {
    const std::string expected =
        file("unknown-key-top-level") +
        ":4:1: error: unknown key 'descripton' in the scenario; did you mean 'description'? [unknown-key]\n"
        "> 4 | descripton: a tiny training run\n"
        "    | ^";
    CHECK_THROWS_WITH_AS(load("unknown-key-top-level"), expected.c_str(), kaya::input_error);
    check_code("unknown-key-top-level", kaya::error_code::unknown_key);
}

INVALID_INPUT_TEST("unknown-key-truncate") {
    const std::string expected =
        file("unknown-key-truncate") +
        ":8:5: error: unknown key 'truncate' in parameter 'gpu_power'; the keys are value, uniform, triangular, normal, lognormal, allow_negative, source, year and note [unknown-key]\n"
        "> 8 |     truncate: yes\n"
        "    |     ^";
    CHECK_THROWS_WITH_AS(load("unknown-key-truncate"), expected.c_str(), kaya::input_error);
    check_code("unknown-key-truncate", kaya::error_code::unknown_key);
}

INVALID_INPUT_TEST("unknown-key-uncertainty") {
    const std::string expected =
        file("unknown-key-uncertainty") +
        ":7:14: error: unknown key 'maen' in normal of parameter 'gpu_power'; did you mean 'mean'? [unknown-key]\n"
        "> 7 |     normal: {maen: 400 W, sd: 20 W}\n"
        "    |              ^";
    CHECK_THROWS_WITH_AS(load("unknown-key-uncertainty"), expected.c_str(), kaya::input_error);
    check_code("unknown-key-uncertainty", kaya::error_code::unknown_key);
}

// ---- missing-field

INVALID_INPUT_TEST("missing-field-hardware-power") {
    const std::string expected =
        file("missing-field-hardware-power") +
        ":5:3: error: hardware 'a100' is missing the required field 'power'; give it here, or a catalogue 'model' that has it [missing-field]\n"
        "> 5 |   a100:\n"
        "    |   ^";
    CHECK_THROWS_WITH_AS(load("missing-field-hardware-power"), expected.c_str(), kaya::input_error);
    check_code("missing-field-hardware-power", kaya::error_code::missing_field);
}

INVALID_INPUT_TEST("missing-field-misspelt-sd") {
    const std::string expected =
        file("missing-field-misspelt-sd") +
        ":7:13: error: normal of parameter 'gpu_power' is missing the required field 'sd' [missing-field]\n"
        "> 7 |     normal: {stdev: 20 W}\n"
        "    |             ^";
    CHECK_THROWS_WITH_AS(load("missing-field-misspelt-sd"), expected.c_str(), kaya::input_error);
    check_code("missing-field-misspelt-sd", kaya::error_code::missing_field);
}

INVALID_INPUT_TEST("missing-field-name") {
    const std::string expected =
        file("missing-field-name") +
        ":2:1: error: the scenario is missing the required field 'name' [missing-field]\n"
        "> 2 | kaya: 1\n"
        "    | ^";
    CHECK_THROWS_WITH_AS(load("missing-field-name"), expected.c_str(), kaya::input_error);
    check_code("missing-field-name", kaya::error_code::missing_field);
}

INVALID_INPUT_TEST("missing-field-phase-kind") {
    const std::string expected =
        file("missing-field-phase-kind") +
        ":13:5: error: phase 'training' is missing the required field 'kind' [missing-field]\n"
        "> 13 |   - name: training\n"
        "     |     ^";
    CHECK_THROWS_WITH_AS(load("missing-field-phase-kind"), expected.c_str(), kaya::input_error);
    check_code("missing-field-phase-kind", kaya::error_code::missing_field);
}

INVALID_INPUT_TEST("missing-field-phase-name") {
    const std::string expected =
        file("missing-field-phase-name") +
        ":13:5: error: a phase is missing the required field 'name' [missing-field]\n"
        "> 13 |   - kind: training\n"
        "     |     ^";
    CHECK_THROWS_WITH_AS(load("missing-field-phase-name"), expected.c_str(), kaya::input_error);
    check_code("missing-field-phase-name", kaya::error_code::missing_field);
}

INVALID_INPUT_TEST("missing-field-phase-site") {
    const std::string expected =
        file("missing-field-phase-site") +
        ":13:5: error: phase 'training' of kind 'training' is missing the required field 'site' [missing-field]\n"
        "> 13 |   - name: training\n"
        "     |     ^";
    CHECK_THROWS_WITH_AS(load("missing-field-phase-site"), expected.c_str(), kaya::input_error);
    check_code("missing-field-phase-site", kaya::error_code::missing_field);
}

INVALID_INPUT_TEST("missing-field-phases") {
    const std::string expected =
        file("missing-field-phases") +
        ":2:1: error: the scenario is missing the required field 'phases' [missing-field]\n"
        "> 2 | kaya: 1\n"
        "    | ^";
    CHECK_THROWS_WITH_AS(load("missing-field-phases"), expected.c_str(), kaya::input_error);
    check_code("missing-field-phases", kaya::error_code::missing_field);
}

INVALID_INPUT_TEST("missing-field-site-pue") {
    const std::string expected =
        file("missing-field-site-pue") +
        ":7:3: error: site 'dc' is missing the required field 'pue'; give it here, or a catalogue 'datacentre' that has it [missing-field]\n"
        "> 7 |   dc:\n"
        "    |   ^";
    CHECK_THROWS_WITH_AS(load("missing-field-site-pue"), expected.c_str(), kaya::input_error);
    check_code("missing-field-site-pue", kaya::error_code::missing_field);
}

INVALID_INPUT_TEST("missing-field-training-energy") {
    const std::string expected =
        file("missing-field-training-energy") +
        ":13:5: error: phase 'training' of kind 'training' needs energy, or device_hours (or duration with hardware) and power [missing-field]\n"
        "> 13 |   - name: training\n"
        "     |     ^";
    CHECK_THROWS_WITH_AS(load("missing-field-training-energy"), expected.c_str(), kaya::input_error);
    check_code("missing-field-training-energy", kaya::error_code::missing_field);
}

INVALID_INPUT_TEST("missing-field-training-power") {
    const std::string expected =
        file("missing-field-training-power") +
        ":13:5: error: phase 'training' of kind 'training' needs power (or hardware with a power) [missing-field]\n"
        "> 13 |   - name: training\n"
        "     |     ^";
    CHECK_THROWS_WITH_AS(load("missing-field-training-power"), expected.c_str(), kaya::input_error);
    check_code("missing-field-training-power", kaya::error_code::missing_field);
}

INVALID_INPUT_TEST("missing-field-value") {
    const std::string expected =
        file("missing-field-value") +
        ":6:5: error: parameter 'gpu_power' is missing the required field 'value' [missing-field]\n"
        "> 6 |     source: datasheet\n"
        "    |     ^";
    CHECK_THROWS_WITH_AS(load("missing-field-value"), expected.c_str(), kaya::input_error);
    check_code("missing-field-value", kaya::error_code::missing_field);
}

// ---- duplicate-name

INVALID_INPUT_TEST("duplicate-name-import") {
    const std::string expected =
        file("duplicate-name-import") +
        ":4:33: error: duplicate import '../catalog/user.yaml' [duplicate-name]\n"
        "> 4 | imports: [../catalog/user.yaml, ../catalog/user.yaml]\n"
        "    |                                 ^\n" +
        file("duplicate-name-import") +
        ":4:11: note: '../catalog/user.yaml' was first defined here\n"
        "> 4 | imports: [../catalog/user.yaml, ../catalog/user.yaml]\n"
        "    |           ^";
    CHECK_THROWS_WITH_AS(load("duplicate-name-import"), expected.c_str(), kaya::input_error);
    check_code("duplicate-name-import", kaya::error_code::duplicate_name);
}

INVALID_INPUT_TEST("duplicate-parameter") {
    const std::string expected =
        file("duplicate-parameter") +
        ":6:3: error: duplicate key 'gpu_power' in parameters [duplicate-name]\n"
        "> 6 |   gpu_power: 350 W\n"
        "    |   ^\n" +
        file("duplicate-parameter") +
        ":5:3: note: 'gpu_power' was first given here\n"
        "> 5 |   gpu_power: 400 W\n"
        "    |   ^";
    CHECK_THROWS_WITH_AS(load("duplicate-parameter"), expected.c_str(), kaya::input_error);
    check_code("duplicate-parameter", kaya::error_code::duplicate_name);
}

INVALID_INPUT_TEST("duplicate-phase") {
    const std::string expected =
        file("duplicate-phase") +
        ":18:5: error: duplicate phase 'training' [duplicate-name]\n"
        "> 18 |   - name: training\n"
        "     |     ^\n" +
        file("duplicate-phase") +
        ":13:5: note: 'training' was first defined here\n"
        "> 13 |   - name: training\n"
        "     |     ^";
    CHECK_THROWS_WITH_AS(load("duplicate-phase"), expected.c_str(), kaya::input_error);
    check_code("duplicate-phase", kaya::error_code::duplicate_name);
}

INVALID_INPUT_TEST("duplicate-site-key") {
    const std::string expected =
        file("duplicate-site-key") +
        ":10:5: error: duplicate key 'pue' in site 'dc' [duplicate-name]\n"
        "> 10 |     pue: 1.3\n"
        "     |     ^\n" +
        file("duplicate-site-key") +
        ":9:5: note: 'pue' was first given here\n"
        "> 9 |     pue: 1.2\n"
        "    |     ^";
    CHECK_THROWS_WITH_AS(load("duplicate-site-key"), expected.c_str(), kaya::input_error);
    check_code("duplicate-site-key", kaya::error_code::duplicate_name);
}

// ---- invalid-value

INVALID_INPUT_TEST("invalid-value-comma-in-note") {
    const std::string expected =
        file("invalid-value-comma-in-note") +
        ":6:59: error: 'assumed at 100 % load' is read as a key without a value: in an inline mapping {...} a comma ends an entry, so the note ends before it; put text that contains a comma in quotes: note: \"TDP, assumed at 100 % load\" [invalid-value]\n"
        "> 6 |   gpu_power: {value: 400 W, source: datasheet, note: TDP, assumed at 100 % load}\n"
        "    |                                                           ^";
    CHECK_THROWS_WITH_AS(load("invalid-value-comma-in-note"), expected.c_str(), kaya::input_error);
    check_code("invalid-value-comma-in-note", kaya::error_code::invalid_value);
}

INVALID_INPUT_TEST("invalid-value-comma-in-number") {
    const std::string expected =
        file("invalid-value-comma-in-number") +
        ":14:25: error: '000' is read as a key without a value: in an inline mapping {...} a comma ends an entry, so '50,000' is the number 50 and a key '000'; numbers take no thousands separators: write 50000 [invalid-value]\n"
        "> 14 |     queries: {value: 50,000, uniform: [40000, 60000]}\n"
        "     |                         ^";
    CHECK_THROWS_WITH_AS(load("invalid-value-comma-in-number"), expected.c_str(), kaya::input_error);
    check_code("invalid-value-comma-in-number", kaya::error_code::invalid_value);
}

INVALID_INPUT_TEST("invalid-value-empty-file") {
    const std::string expected =
        file("invalid-value-empty-file") +
        ":1:1: error: expected a scenario (a YAML mapping with name, parameters, ..., phases), got an empty file [invalid-value]\n"
        "> 1 | # A file with nothing but this comment.\n"
        "    | ^";
    CHECK_THROWS_WITH_AS(load("invalid-value-empty-file"), expected.c_str(), kaya::input_error);
    check_code("invalid-value-empty-file", kaya::error_code::invalid_value);
}

INVALID_INPUT_TEST("invalid-value-empty-phases") {
    const std::string expected =
        file("invalid-value-empty-phases") +
        ":12:9: error: expected at least one phase, got an empty list [invalid-value]\n"
        "> 12 | phases: []\n"
        "     |         ^";
    CHECK_THROWS_WITH_AS(load("invalid-value-empty-phases"), expected.c_str(), kaya::input_error);
    check_code("invalid-value-empty-phases", kaya::error_code::invalid_value);
}

INVALID_INPUT_TEST("invalid-value-exclusive-fields") {
    const std::string expected =
        file("invalid-value-exclusive-fields") +
        ":17:5: error: expected either 'energy' or 'power' in phase 'training', got both [invalid-value]\n"
        "> 17 |     power: gpu_power\n"
        "     |     ^";
    CHECK_THROWS_WITH_AS(load("invalid-value-exclusive-fields"), expected.c_str(), kaya::input_error);
    check_code("invalid-value-exclusive-fields", kaya::error_code::invalid_value);
}

INVALID_INPUT_TEST("invalid-value-formula-with-uncertainty") {
    const std::string expected =
        file("invalid-value-formula-with-uncertainty") +
        ":7:12: error: expected a constant value where an uncertainty is given (give the uncertainty to the parameters the formula uses), got a formula [invalid-value]\n"
        "> 7 |     value: 8 * gpu_power\n"
        "    |            ^";
    CHECK_THROWS_WITH_AS(load("invalid-value-formula-with-uncertainty"), expected.c_str(), kaya::input_error);
    check_code("invalid-value-formula-with-uncertainty", kaya::error_code::invalid_value);
}

INVALID_INPUT_TEST("invalid-value-parameter-name") {
    const std::string expected =
        file("invalid-value-parameter-name") +
        ":6:3: error: expected a parameter name made of letters, digits and '_' (it is used in formulas), got 'gpu-count' [invalid-value]\n"
        "> 6 |   gpu-count: 8\n"
        "    |   ^";
    CHECK_THROWS_WITH_AS(load("invalid-value-parameter-name"), expected.c_str(), kaya::input_error);
    check_code("invalid-value-parameter-name", kaya::error_code::invalid_value);
}

INVALID_INPUT_TEST("invalid-value-phases-mapping") {
    const std::string expected =
        file("invalid-value-phases-mapping") +
        ":13:3: error: expected a list of phases (items starting with '- name:'), got a mapping [invalid-value]\n"
        "> 13 |   training:\n"
        "     |   ^";
    CHECK_THROWS_WITH_AS(load("invalid-value-phases-mapping"), expected.c_str(), kaya::input_error);
    check_code("invalid-value-phases-mapping", kaya::error_code::invalid_value);
}

INVALID_INPUT_TEST("invalid-value-site-id") {
    const std::string expected =
        file("invalid-value-site-id") +
        ":7:3: error: expected a site id of letters, digits, '-', '_' and '.', got 'my dc' [invalid-value]\n"
        "> 7 |   my dc:\n"
        "    |   ^";
    CHECK_THROWS_WITH_AS(load("invalid-value-site-id"), expected.c_str(), kaya::input_error);
    check_code("invalid-value-site-id", kaya::error_code::invalid_value);
}

INVALID_INPUT_TEST("invalid-value-too-many-imports") {
    const std::string expected =
        file("invalid-value-too-many-imports") +
        ":37:5: error: expected at most 32 catalogue files in imports, got another (docs/reference/limits.md) [invalid-value]\n"
        "> 37 |   - c32.yaml\n"
        "     |     ^";
    CHECK_THROWS_WITH_AS(load("invalid-value-too-many-imports"), expected.c_str(), kaya::input_error);
    check_code("invalid-value-too-many-imports", kaya::error_code::invalid_value);
}

INVALID_INPUT_TEST("invalid-value-two-documents") {
    const std::string expected =
        file("invalid-value-two-documents") +
        ":17:1: error: expected one YAML document holding a scenario, got a second document [invalid-value]\n"
        "> 17 | ---\n"
        "     | ^";
    CHECK_THROWS_WITH_AS(load("invalid-value-two-documents"), expected.c_str(), kaya::input_error);
    check_code("invalid-value-two-documents", kaya::error_code::invalid_value);
}

INVALID_INPUT_TEST("invalid-value-two-uncertainties") {
    const std::string expected =
        file("invalid-value-two-uncertainties") +
        ":8:5: error: expected at most one uncertainty, got a second one, 'normal' [invalid-value]\n"
        "> 8 |     normal: {sd: 20 W}\n"
        "    |     ^";
    CHECK_THROWS_WITH_AS(load("invalid-value-two-uncertainties"), expected.c_str(), kaya::input_error);
    check_code("invalid-value-two-uncertainties", kaya::error_code::invalid_value);
}

INVALID_INPUT_TEST("invalid-value-uniform-arity") {
    const std::string expected =
        file("invalid-value-uniform-arity") +
        ":7:14: error: expected a list of 2 values [low end, high end], got a list of 3 values [invalid-value]\n"
        "> 7 |     uniform: [300 W, 400 W, 450 W]\n"
        "    |              ^";
    CHECK_THROWS_WITH_AS(load("invalid-value-uniform-arity"), expected.c_str(), kaya::input_error);
    check_code("invalid-value-uniform-arity", kaya::error_code::invalid_value);
}

INVALID_INPUT_TEST("invalid-value-uniform-thousands") {
    const std::string expected =
        file("invalid-value-uniform-thousands") +
        ":16:16: error: expected a list of 2 values [low end, high end], got a list of 4 values ('40,000' is two items; numbers take no thousands separators: write 40000) [invalid-value]\n"
        "> 16 |       uniform: [40,000, 60,000]\n"
        "     |                ^";
    CHECK_THROWS_WITH_AS(load("invalid-value-uniform-thousands"), expected.c_str(), kaya::input_error);
    check_code("invalid-value-uniform-thousands", kaya::error_code::invalid_value);
}

// ---- unknown-unit

INVALID_INPUT_TEST("unknown-unit") {
    const std::string expected =
        file("unknown-unit") +
        ":8:31: error: unknown unit 'kwh'; did you mean 'kWh'? [unknown-unit]\n"
        "> 8 |     grid_intensity: 400 gCO2e/kwh\n"
        "    |                               ^";
    CHECK_THROWS_WITH_AS(load("unknown-unit"), expected.c_str(), kaya::unit_error);
    check_code("unknown-unit", kaya::error_code::unknown_unit);
}

INVALID_INPUT_TEST("unknown-unit-no-suggestion") {
    const std::string expected =
        file("unknown-unit-no-suggestion") +
        ":16:24: error: unknown unit 'fortnights' [unknown-unit]\n"
        "> 16 |     device_hours: 1000 fortnights\n"
        "     |                        ^";
    CHECK_THROWS_WITH_AS(load("unknown-unit-no-suggestion"), expected.c_str(), kaya::unit_error);
    check_code("unknown-unit-no-suggestion", kaya::error_code::unknown_unit);
}

// ---- unit-mismatch

INVALID_INPUT_TEST("unit-mismatch-formula") {
    const std::string expected =
        file("unit-mismatch-formula") +
        ":6:17: error: the right side of '+' must be an energy (e.g. kWh), but this is a mass (e.g. kg) [unit-mismatch]\n"
        "> 6 |   total: 10 kWh + 5 kg\n"
        "    |                 ^";
    CHECK_THROWS_WITH_AS(load("unit-mismatch-formula"), expected.c_str(), kaya::unit_error);
    check_code("unit-mismatch-formula", kaya::error_code::unit_mismatch);
}

INVALID_INPUT_TEST("unit-mismatch-function-argument") {
    const std::string expected =
        file("unit-mismatch-function-argument") +
        ":6:11: error: the argument of exp() must be dimensionless (a plain number or %), but this is an energy (e.g. kWh) [unit-mismatch]\n"
        "> 6 |   growth: exp(2 kWh)\n"
        "    |           ^";
    CHECK_THROWS_WITH_AS(load("unit-mismatch-function-argument"), expected.c_str(), kaya::unit_error);
    check_code("unit-mismatch-function-argument", kaya::error_code::unit_mismatch);
}

INVALID_INPUT_TEST("unit-mismatch-grid-intensity") {
    const std::string expected =
        file("unit-mismatch-grid-intensity") +
        ":8:21: error: grid_intensity of site 'dc' must be a carbon intensity (e.g. gCO2e/kWh), but this is an energy (e.g. kWh) [unit-mismatch]\n"
        "> 8 |     grid_intensity: 400 kWh\n"
        "    |                     ^";
    CHECK_THROWS_WITH_AS(load("unit-mismatch-grid-intensity"), expected.c_str(), kaya::unit_error);
    check_code("unit-mismatch-grid-intensity", kaya::error_code::unit_mismatch);
}

INVALID_INPUT_TEST("unit-mismatch-inference-query") {
    const std::string expected =
        file("unit-mismatch-inference-query") +
        ":17:23: error: energy_per_query in phase 'serving' must be an energy per query (e.g. Wh/query), but this is an energy per token (e.g. Wh/token) [unit-mismatch]\n"
        "> 17 |     energy_per_query: 0.3 Wh/token\n"
        "     |                       ^";
    CHECK_THROWS_WITH_AS(load("unit-mismatch-inference-query"), expected.c_str(), kaya::unit_error);
    check_code("unit-mismatch-inference-query", kaya::error_code::unit_mismatch);
}

INVALID_INPUT_TEST("unit-mismatch-mass-for-carbon") {
    const std::string expected =
        file("unit-mismatch-mass-for-carbon") +
        ":5:23: error: grid_intensity of site 's' must be a carbon intensity (e.g. gCO2e/kWh), but this is a mass per energy (e.g. kg/kWh); carbon is its own unit, kgCO2e or gCO2e, never kg or g: write kgCO2e where you wrote kg [unit-mismatch]\n"
        "> 5 |   s: {grid_intensity: 0.545 kg/kWh, pue: 1}\n"
        "    |                       ^";
    CHECK_THROWS_WITH_AS(load("unit-mismatch-mass-for-carbon"), expected.c_str(), kaya::unit_error);
    check_code("unit-mismatch-mass-for-carbon", kaya::error_code::unit_mismatch);
}

INVALID_INPUT_TEST("unit-mismatch-uncertainty-bound") {
    const std::string expected =
        file("unit-mismatch-uncertainty-bound") +
        ":7:22: error: the high end of parameter 'gpu_power' must be a power (e.g. W), but this is an energy (e.g. kWh) [unit-mismatch]\n"
        "> 7 |     uniform: [300 W, 450 Wh]\n"
        "    |                      ^";
    CHECK_THROWS_WITH_AS(load("unit-mismatch-uncertainty-bound"), expected.c_str(), kaya::unit_error);
    check_code("unit-mismatch-uncertainty-bound", kaya::error_code::unit_mismatch);
}

// ---- undefined-reference

INVALID_INPUT_TEST("undefined-datacentre-provider-region") {
    const std::string expected =
        file("undefined-datacentre-provider-region") +
        ":8:17: error: undefined datacentres id 'aws-us-east-1'; the datacentres catalogue has regions of gcp and seeweb only, and for provider 'aws' an entry for the whole provider; 'aws-us-east-1' is a grids entry; did you mean 'aws'? [undefined-reference]\n"
        "> 8 |     datacentre: aws-us-east-1\n"
        "    |                 ^";
    CHECK_THROWS_WITH_AS(load("undefined-datacentre-provider-region"), expected.c_str(), kaya::input_error);
    check_code("undefined-datacentre-provider-region", kaya::error_code::undefined_reference);
}

INVALID_INPUT_TEST("undefined-function") {
    const std::string expected =
        file("undefined-function") +
        ":5:14: error: undefined function 'sqr'; did you mean 'sqrt'? [undefined-reference]\n"
        "> 5 |   gpu_power: sqr(160000) * 1 W\n"
        "    |              ^";
    CHECK_THROWS_WITH_AS(load("undefined-function"), expected.c_str(), kaya::input_error);
    check_code("undefined-function", kaya::error_code::undefined_reference);
}

INVALID_INPUT_TEST("undefined-hardware") {
    const std::string expected =
        file("undefined-hardware") +
        ":14:15: error: undefined hardware 'a10'; did you mean 'a100'? [undefined-reference]\n"
        "> 14 |     hardware: a10\n"
        "     |               ^";
    CHECK_THROWS_WITH_AS(load("undefined-hardware"), expected.c_str(), kaya::input_error);
    check_code("undefined-hardware", kaya::error_code::undefined_reference);
}

INVALID_INPUT_TEST("undefined-hardware-model-prefix") {
    const std::string expected =
        file("undefined-hardware-model-prefix") +
        ":6:12: error: undefined hardware id 'nvidia-h100'; did you mean 'nvidia-h100-nvl', 'nvidia-h100-sxm' or 'nvidia-h100-pcie'? [undefined-reference]\n"
        "> 6 |     model: nvidia-h100\n"
        "    |            ^";
    CHECK_THROWS_WITH_AS(load("undefined-hardware-model-prefix"), expected.c_str(), kaya::input_error);
    check_code("undefined-hardware-model-prefix", kaya::error_code::undefined_reference);
}

INVALID_INPUT_TEST("undefined-parameter") {
    const std::string expected =
        file("undefined-parameter") +
        ":17:12: error: undefined parameter 'gpu_pwer'; did you mean 'gpu_power'? [undefined-reference]\n"
        "> 17 |     power: gpu_pwer\n"
        "     |            ^";
    CHECK_THROWS_WITH_AS(load("undefined-parameter"), expected.c_str(), kaya::input_error);
    check_code("undefined-parameter", kaya::error_code::undefined_reference);
}

INVALID_INPUT_TEST("undefined-site") {
    const std::string expected =
        file("undefined-site") +
        ":15:11: error: undefined site 'dc1'; did you mean 'dc'? [undefined-reference]\n"
        "> 15 |     site: dc1\n"
        "     |           ^";
    CHECK_THROWS_WITH_AS(load("undefined-site"), expected.c_str(), kaya::input_error);
    check_code("undefined-site", kaya::error_code::undefined_reference);
}

INVALID_INPUT_TEST("undefined-source") {
    const std::string expected =
        file("undefined-source") +
        ":9:13: error: undefined source 'datashet'; did you mean 'datasheet'? [undefined-reference]\n"
        "> 9 |     source: datashet\n"
        "    |             ^";
    CHECK_THROWS_WITH_AS(load("undefined-source"), expected.c_str(), kaya::input_error);
    check_code("undefined-source", kaya::error_code::undefined_reference);
}

INVALID_INPUT_TEST("unknown-phase-kind") {
    const std::string expected =
        file("unknown-phase-kind") +
        ":14:11: error: undefined phase kind 'trainig'; did you mean 'training'? [undefined-reference]\n"
        "> 14 |     kind: trainig\n"
        "     |           ^";
    CHECK_THROWS_WITH_AS(load("unknown-phase-kind"), expected.c_str(), kaya::input_error);
    check_code("unknown-phase-kind", kaya::error_code::undefined_reference);
}

INVALID_INPUT_TEST("unknown-phase-kind-no-match") {
    const std::string expected =
        file("unknown-phase-kind-no-match") +
        ":12:11: error: undefined phase kind 'deployment'; the phase kinds are embodied, idle, training, operational and inference [undefined-reference]\n"
        "> 12 |     kind: deployment\n"
        "     |           ^";
    CHECK_THROWS_WITH_AS(load("unknown-phase-kind-no-match"), expected.c_str(), kaya::input_error);
    check_code("unknown-phase-kind-no-match", kaya::error_code::undefined_reference);
}

// ---- negative-value

INVALID_INPUT_TEST("negative-value") {
    const std::string expected =
        file("negative-value") +
        ":16:19: error: device_hours of phase 'training' must not be negative, got -1000 h [negative-value]\n"
        "> 16 |     device_hours: -1000 h\n"
        "     |                   ^";
    CHECK_THROWS_WITH_AS(load("negative-value"), expected.c_str(), kaya::model_error);
    check_code("negative-value", kaya::error_code::negative_value);
}

INVALID_INPUT_TEST("negative-value-plus-minus") {
    const std::string expected =
        file("negative-value-plus-minus") +
        ":5:22: error: parameter 'gpu_power' can be negative: its values range from -100 W to 900 W [negative-value]\n"
        "> 5 |   gpu_power: 400 W ± 500 W\n"
        "    |                      ^";
    CHECK_THROWS_WITH_AS(load("negative-value-plus-minus"), expected.c_str(), kaya::model_error);
    check_code("negative-value-plus-minus", kaya::error_code::negative_value);
}

// ---- non-finite-value

INVALID_INPUT_TEST("non-finite-division-by-zero") {
    const std::string expected =
        file("non-finite-division-by-zero") +
        ":5:14: error: parameter 'gpu_power' must be a finite number, not NaN or infinity [non-finite-value]\n"
        "> 5 |   gpu_power: 400 W / 0\n"
        "    |              ^";
    CHECK_THROWS_WITH_AS(load("non-finite-division-by-zero"), expected.c_str(), kaya::model_error);
    check_code("non-finite-division-by-zero", kaya::error_code::non_finite_value);
}

INVALID_INPUT_TEST("non-finite-inf") {
    const std::string expected =
        file("non-finite-inf") +
        ":16:19: error: the number '.inf' must be a finite number, not NaN or infinity [non-finite-value]\n"
        "> 16 |     device_hours: .inf\n"
        "     |                   ^";
    CHECK_THROWS_WITH_AS(load("non-finite-inf"), expected.c_str(), kaya::model_error);
    check_code("non-finite-inf", kaya::error_code::non_finite_value);
}

INVALID_INPUT_TEST("non-finite-nan") {
    const std::string expected =
        file("non-finite-nan") +
        ":9:10: error: the number '.nan' must be a finite number, not NaN or infinity [non-finite-value]\n"
        "> 9 |     pue: .nan\n"
        "    |          ^";
    CHECK_THROWS_WITH_AS(load("non-finite-nan"), expected.c_str(), kaya::model_error);
    check_code("non-finite-nan", kaya::error_code::non_finite_value);
}

INVALID_INPUT_TEST("non-finite-value-sqrt-domain") {
    const std::string expected =
        file("non-finite-value-sqrt-domain") +
        ":16:13: error: energy of phase 'serving' can be undefined: its formula can divide by zero, or take a square root, logarithm or fractional power of a value that can be negative or zero [non-finite-value]\n"
        "> 16 |     energy: 1 kWh * sqrt(r - 1)\n"
        "     |             ^";
    CHECK_THROWS_WITH_AS(load("non-finite-value-sqrt-domain"), expected.c_str(), kaya::model_error);
    check_code("non-finite-value-sqrt-domain", kaya::error_code::non_finite_value);
}

// ---- invalid-range

INVALID_INPUT_TEST("invalid-range") {
    const std::string expected =
        file("invalid-range") +
        ":11:17: error: pue of site 'dc': the low end 1.3 exceeds the high end 1.1 [invalid-range]\n"
        "> 11 |       uniform: [1.3, 1.1]\n"
        "     |                 ^";
    CHECK_THROWS_WITH_AS(load("invalid-range"), expected.c_str(), kaya::model_error);
    check_code("invalid-range", kaya::error_code::invalid_range);
}

INVALID_INPUT_TEST("invalid-range-triangular-mode") {
    const std::string expected =
        file("invalid-range-triangular-mode") +
        ":7:25: error: parameter 'gpu_power': the mode 500 W exceeds the high end 450 W [invalid-range]\n"
        "> 7 |     triangular: [300 W, 500 W, 450 W]\n"
        "    |                         ^";
    CHECK_THROWS_WITH_AS(load("invalid-range-triangular-mode"), expected.c_str(), kaya::model_error);
    check_code("invalid-range-triangular-mode", kaya::error_code::invalid_range);
}

// ---- value-outside-range

INVALID_INPUT_TEST("value-outside-range-formula-bound") {
    const std::string expected =
        file("value-outside-range-formula-bound") +
        ":16:13: error: energy of phase 'serving' is not shown to stay within [0 kWh, inf): interval arithmetic over its inputs' ranges bounds it by -0.5 kWh and 1.75 kWh; rewrite the formula or narrow those ranges [value-outside-range]\n"
        "> 16 |     energy: 1 kWh * (r - 0.5 * r)\n"
        "     |             ^";
    CHECK_THROWS_WITH_AS(load("value-outside-range-formula-bound"), expected.c_str(), kaya::model_error);
    check_code("value-outside-range-formula-bound", kaya::error_code::value_outside_range);
}

INVALID_INPUT_TEST("value-outside-range-gsd") {
    const std::string expected =
        file("value-outside-range-gsd") +
        ":6:37: error: the gsd of parameter 'gpu_power': the value 0.5 lies outside its range (1, inf) [value-outside-range]\n"
        "> 6 |     lognormal: {median: 400 W, gsd: 0.5}\n"
        "    |                                     ^";
    CHECK_THROWS_WITH_AS(load("value-outside-range-gsd"), expected.c_str(), kaya::model_error);
    check_code("value-outside-range-gsd", kaya::error_code::value_outside_range);
}

INVALID_INPUT_TEST("value-outside-range-nominal") {
    const std::string expected =
        file("value-outside-range-nominal") +
        ":6:12: error: parameter 'gpu_power': the value 500 W lies outside its range [300 W, 450 W] [value-outside-range]\n"
        "> 6 |     value: 500 W\n"
        "    |            ^";
    CHECK_THROWS_WITH_AS(load("value-outside-range-nominal"), expected.c_str(), kaya::model_error);
    check_code("value-outside-range-nominal", kaya::error_code::value_outside_range);
}

INVALID_INPUT_TEST("value-outside-range-pue") {
    const std::string expected =
        file("value-outside-range-pue") +
        ":9:10: error: pue of site 'dc': the value 0.9 lies outside its range [1, inf) [value-outside-range]\n"
        "> 9 |     pue: 0.9\n"
        "    |          ^";
    CHECK_THROWS_WITH_AS(load("value-outside-range-pue"), expected.c_str(), kaya::model_error);
    check_code("value-outside-range-pue", kaya::error_code::value_outside_range);
}

INVALID_INPUT_TEST("value-outside-range-pue-parameter") {
    const std::string expected =
        file("value-outside-range-pue-parameter") +
        ":10:10: error: pue of site 'dc' can take values from 0.9 to 1.1, outside its range [1, inf) [value-outside-range]\n"
        "> 10 |     pue: site_pue\n"
        "     |          ^";
    CHECK_THROWS_WITH_AS(load("value-outside-range-pue-parameter"), expected.c_str(), kaya::model_error);
    check_code("value-outside-range-pue-parameter", kaya::error_code::value_outside_range);
}

INVALID_INPUT_TEST("value-outside-range-pue-plus-minus") {
    const std::string expected =
        file("value-outside-range-pue-plus-minus") +
        ":9:17: error: pue of site 'dc' can take values from 0.945 to 1.155, outside its range [1, inf) [value-outside-range]\n"
        "> 9 |     pue: 1.05 ± 10 %\n"
        "    |                 ^";
    CHECK_THROWS_WITH_AS(load("value-outside-range-pue-plus-minus"), expected.c_str(), kaya::model_error);
    check_code("value-outside-range-pue-plus-minus", kaya::error_code::value_outside_range);
}

INVALID_INPUT_TEST("value-outside-range-sd") {
    const std::string expected =
        file("value-outside-range-sd") +
        ":7:18: error: the sd of parameter 'gpu_power': the value 0 W lies outside its range (0 W, inf) [value-outside-range]\n"
        "> 7 |     normal: {sd: 0 W}\n"
        "    |                  ^";
    CHECK_THROWS_WITH_AS(load("value-outside-range-sd"), expected.c_str(), kaya::model_error);
    check_code("value-outside-range-sd", kaya::error_code::value_outside_range);
}

INVALID_INPUT_TEST("value-outside-range-uncertainty") {
    const std::string expected =
        file("value-outside-range-uncertainty") +
        ":11:17: error: the low end of pue of site 'dc': the value 0.8 lies outside its range [1, inf) [value-outside-range]\n"
        "> 11 |       uniform: [0.8, 1.3]\n"
        "     |                 ^";
    CHECK_THROWS_WITH_AS(load("value-outside-range-uncertainty"), expected.c_str(), kaya::model_error);
    check_code("value-outside-range-uncertainty", kaya::error_code::value_outside_range);
}

INVALID_INPUT_TEST("value-outside-range-utilisation") {
    const std::string expected =
        file("value-outside-range-utilisation") +
        ":9:18: error: utilisation of hardware 'a100': the value 120 % lies outside its range (0, 1] [value-outside-range]\n"
        "> 9 |     utilisation: 120 %\n"
        "    |                  ^";
    CHECK_THROWS_WITH_AS(load("value-outside-range-utilisation"), expected.c_str(), kaya::model_error);
    check_code("value-outside-range-utilisation", kaya::error_code::value_outside_range);
}

INVALID_INPUT_TEST("value-outside-range-utilisation-zero") {
    const std::string expected =
        file("value-outside-range-utilisation-zero") +
        ":9:18: error: utilisation of hardware 'a100': the value 0 % lies outside its range (0, 1] [value-outside-range]\n"
        "> 9 |     utilisation: 0 %\n"
        "    |                  ^";
    CHECK_THROWS_WITH_AS(load("value-outside-range-utilisation-zero"), expected.c_str(), kaya::model_error);
    check_code("value-outside-range-utilisation-zero", kaya::error_code::value_outside_range);
}

// ---- circular-formula

INVALID_INPUT_TEST("circular-formula") {
    const std::string expected =
        file("circular-formula") +
        ":7:6: error: circular formula: a -> b -> a [circular-formula]\n"
        "> 7 |   b: a / 2\n"
        "    |      ^";
    CHECK_THROWS_WITH_AS(load("circular-formula"), expected.c_str(), kaya::model_error);
    check_code("circular-formula", kaya::error_code::circular_formula);
}

INVALID_INPUT_TEST("circular-formula-self") {
    const std::string expected =
        file("circular-formula-self") +
        ":5:14: error: circular formula: gpu_power -> gpu_power [circular-formula]\n"
        "> 5 |   gpu_power: gpu_power + 1 W\n"
        "    |              ^";
    CHECK_THROWS_WITH_AS(load("circular-formula-self"), expected.c_str(), kaya::model_error);
    check_code("circular-formula-self", kaya::error_code::circular_formula);
}

// ---- invalid-expression

INVALID_INPUT_TEST("invalid-expression") {
    const std::string expected =
        file("invalid-expression") +
        ":5:21: error: invalid expression: expected a number, a name or '(' [invalid-expression]\n"
        "> 5 |   gpu_power: 400 W *\n"
        "    |                     ^";
    CHECK_THROWS_WITH_AS(load("invalid-expression"), expected.c_str(), kaya::input_error);
    check_code("invalid-expression", kaya::error_code::invalid_expression);
}

INVALID_INPUT_TEST("invalid-expression-arity") {
    const std::string expected =
        file("invalid-expression-arity") +
        ":5:14: error: invalid expression: min() takes 2 arguments, not 1 [invalid-expression]\n"
        "> 5 |   gpu_power: min(400 W)\n"
        "    |              ^";
    CHECK_THROWS_WITH_AS(load("invalid-expression-arity"), expected.c_str(), kaya::input_error);
    check_code("invalid-expression-arity", kaya::error_code::invalid_expression);
}

INVALID_INPUT_TEST("invalid-expression-count-multiplier") {
    const std::string expected =
        file("invalid-expression-count-multiplier") +
        ":5:19: error: invalid expression: 'M' after a number is not a unit; write the multiplier as an exponent: '30.84e6 h' [invalid-expression]\n"
        "> 5 |   gpu_hours: 30.84M h\n"
        "    |                   ^";
    CHECK_THROWS_WITH_AS(load("invalid-expression-count-multiplier"), expected.c_str(), kaya::input_error);
    check_code("invalid-expression-count-multiplier", kaya::error_code::invalid_expression);
}

INVALID_INPUT_TEST("invalid-expression-empty-value") {
    const std::string expected =
        file("invalid-expression-empty-value") +
        ":5:15: error: invalid expression: the value is empty [invalid-expression]\n"
        "> 5 |   gpu_power: ''\n"
        "    |               ^";
    CHECK_THROWS_WITH_AS(load("invalid-expression-empty-value"), expected.c_str(), kaya::input_error);
    check_code("invalid-expression-empty-value", kaya::error_code::invalid_expression);
}

INVALID_INPUT_TEST("invalid-expression-exponent-too-large") {
    const std::string expected =
        file("invalid-expression-exponent-too-large") +
        ":16:26: error: invalid expression: the exponent of a quantity with a unit must be a whole number from -12 to 12, not 256 [invalid-expression]\n"
        "> 16 |     energy: 1 kWh * side ^ 256\n"
        "     |                          ^";
    CHECK_THROWS_WITH_AS(load("invalid-expression-exponent-too-large"), expected.c_str(), kaya::input_error);
    check_code("invalid-expression-exponent-too-large", kaya::error_code::invalid_expression);
}

INVALID_INPUT_TEST("invalid-expression-number-in-unit") {
    const std::string expected =
        file("invalid-expression-number-in-unit") +
        ":16:19: error: invalid expression: '2' is read as part of the unit 'kWh*2'; put spaces around an operator after a unit, as in '1 kWh * 2' [invalid-expression]\n"
        "> 16 |     energy: 1 kWh*2\n"
        "     |                   ^";
    CHECK_THROWS_WITH_AS(load("invalid-expression-number-in-unit"), expected.c_str(), kaya::input_error);
    check_code("invalid-expression-number-in-unit", kaya::error_code::invalid_expression);
}

INVALID_INPUT_TEST("invalid-expression-overflow") {
    const std::string expected =
        file("invalid-expression-overflow") +
        ":16:13: error: invalid expression: the number '1e308 kWh' is too large: it overflows a double in base units [invalid-expression]\n"
        "> 16 |     energy: 1e308 kWh\n"
        "     |             ^";
    CHECK_THROWS_WITH_AS(load("invalid-expression-overflow"), expected.c_str(), kaya::input_error);
    check_code("invalid-expression-overflow", kaya::error_code::invalid_expression);
}

INVALID_INPUT_TEST("invalid-expression-thousands-separator") {
    const std::string expected =
        file("invalid-expression-thousands-separator") +
        ":14:16: error: invalid expression: unexpected ','; numbers take no thousands separators: write 50000 [invalid-expression]\n"
        "> 14 |     queries: 50,000\n"
        "     |                ^";
    CHECK_THROWS_WITH_AS(load("invalid-expression-thousands-separator"), expected.c_str(), kaya::input_error);
    check_code("invalid-expression-thousands-separator", kaya::error_code::invalid_expression);
}

INVALID_INPUT_TEST("invalid-expression-unbalanced") {
    const std::string expected =
        file("invalid-expression-unbalanced") +
        ":16:26: error: invalid expression: expected ')' [invalid-expression]\n"
        "> 16 |     device_hours: (1000 h\n"
        "     |                          ^";
    CHECK_THROWS_WITH_AS(load("invalid-expression-unbalanced"), expected.c_str(), kaya::input_error);
    check_code("invalid-expression-unbalanced", kaya::error_code::invalid_expression);
}

INVALID_INPUT_TEST("invalid-expression-unit-operator") {
    const std::string expected =
        file("invalid-expression-unit-operator") +
        ":5:20: error: invalid expression: the unit ends with an operator [invalid-expression]\n"
        "> 5 |   gpu_power: 400 W/\n"
        "    |                    ^";
    CHECK_THROWS_WITH_AS(load("invalid-expression-unit-operator"), expected.c_str(), kaya::input_error);
    check_code("invalid-expression-unit-operator", kaya::error_code::invalid_expression);
}

INVALID_INPUT_TEST("invalid-expression-unit-power") {
    const std::string expected =
        file("invalid-expression-unit-power") +
        ":5:13: error: invalid expression: the power of a unit must be a whole number from -12 to 12 [invalid-expression]\n"
        "> 5 |   area: 1 m^99\n"
        "    |             ^";
    CHECK_THROWS_WITH_AS(load("invalid-expression-unit-power"), expected.c_str(), kaya::input_error);
    check_code("invalid-expression-unit-power", kaya::error_code::invalid_expression);
}

// ---- unsupported-version

INVALID_INPUT_TEST("unsupported-version") {
    const std::string expected =
        file("unsupported-version") +
        ":2:7: error: unsupported scenario format version '2'; this kaya reads version 1 [unsupported-version]\n"
        "> 2 | kaya: 2\n"
        "    |       ^";
    CHECK_THROWS_WITH_AS(load("unsupported-version"), expected.c_str(), kaya::input_error);
    check_code("unsupported-version", kaya::error_code::unsupported_version);
}

// ---- file-not-found (no file in the corpus, by definition)

TEST_CASE("invalid input: a file that does not exist") {
    const std::string expected = "kaya: error: cannot read '" + file("no-such-file") +
                                 "': no such file, or it cannot be opened [file-not-found]";
    CHECK_THROWS_WITH_AS((void)kaya::load_scenario(file("no-such-file")), expected.c_str(),
                         kaya::input_error);
}

TEST_CASE("every invalid input file has a test") {
    const std::filesystem::path dir = std::filesystem::path(KAYA_TEST_DATA_DIR) / "invalid";
    REQUIRE(std::filesystem::is_directory(dir));
    std::set<std::string> on_disk;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
            on_disk.insert(entry.path().stem().string());
        }
    }
    CHECK(on_disk.size() >= 20);
    for (const auto& name : on_disk) {
        INFO("tests/data/invalid/", name, ".yaml has no test in invalid_inputs_test.cpp");
        CHECK(tested_files().contains(name));
    }
    for (const auto& name : tested_files()) {
        INFO("invalid_inputs_test.cpp tests ", name, ", which is not in tests/data/invalid/");
        CHECK(on_disk.contains(name));
    }
}

TEST_CASE("every input error code has an example in the corpus") {
    // The codes that bad input can produce; file-not-found is tested above, invalid-option is
    // for command-line options and internal for failures of the engine itself.
    std::set<std::string> seen;
    for (const auto& name : tested_files()) {
        try {
            (void)load(name);
        } catch (const kaya::error& e) {
            seen.insert(std::string(kaya::code_name(e.code())));
        }
    }
    for (const char* code : {"yaml-syntax", "unknown-key", "missing-field", "duplicate-name",
                             "invalid-value", "unknown-unit", "unit-mismatch", "undefined-reference",
                             "negative-value", "non-finite-value", "invalid-range",
                             "value-outside-range", "circular-formula", "invalid-expression",
                             "unsupported-version"}) {
        INFO("no file in tests/data/invalid/ produces [", code, "]");
        CHECK(seen.contains(code));
    }
}

#!/usr/bin/env python3
"""Regenerates tests/unit/invalid_inputs_test.cpp from tests/data/invalid/: one test per file,
asserting the complete diagnostic that kaya gives now. Run it after adding a file or after an
intended change of wording, then read the diff. Usage: tools/generate-invalid-tests.py BUILD/engine/kaya
"""
import os, pathlib, subprocess, re, sys
ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = str(ROOT / "tests/data")
INV = DATA + "/invalid"
KAYA = sys.argv[1]
TYPES = {
 "yaml-syntax":"input_error","unknown-key":"input_error","missing-field":"input_error","duplicate-name":"input_error",
 "invalid-value":"input_error","undefined-reference":"input_error","invalid-expression":"input_error",
 "unsupported-version":"input_error","file-not-found":"input_error",
 "unknown-unit":"unit_error","unit-mismatch":"unit_error",
 "negative-value":"model_error","non-finite-value":"model_error","invalid-range":"model_error",
 "value-outside-range":"model_error","circular-formula":"model_error",
}
ORDER = list(TYPES)  # for grouping
CODE_ORDER = ["yaml-syntax","unknown-key","missing-field","duplicate-name","invalid-value","unknown-unit","unit-mismatch",
 "undefined-reference","negative-value","non-finite-value","invalid-range","value-outside-range","circular-formula",
 "invalid-expression","unsupported-version"]

def cstr(s):
    s = s.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + s + '"'

def literal(piece, indent):
    # split keeping newlines at the end of each chunk
    parts = re.findall(r"[^\n]*\n|[^\n]+", piece)
    return ("\n" + indent).join(cstr(p).replace("\n", "\\n") for p in parts)

cases = []
for fn in sorted(os.listdir(INV)):
    if not fn.endswith(".yaml"): continue
    name = fn[:-5]
    path = f"{INV}/{fn}"
    r = subprocess.run([KAYA, "validate", path], capture_output=True, text=True)
    assert r.returncode == 2, (name, r.returncode, r.stdout, r.stderr)
    out = r.stderr.rstrip("\n")
    code = re.search(r"\[([a-z-]+)\]\n", out + "\n").group(1)
    cases.append((CODE_ORDER.index(code), name, code, out, path))
cases.sort()

ind = "        "
body = []
last = None
for _, name, code, out, path in cases:
    if code != last:
        body.append(f"\n// ---- {code}\n")
        last = code
    pieces = out.split(path)
    assert pieces[0] == ""
    expr = []
    for i, p in enumerate(pieces):
        if i > 0:
            expr.append(f'file("{name}")')
        if p:
            expr.append(literal(p, ind))
    expr_s = (" +\n" + ind).join(expr)
    enum = code.replace("-", "_")
    body.append(f'''\nINVALID_INPUT_TEST("{name}") {{
    const std::string expected =
        {expr_s};
    CHECK_THROWS_WITH_AS(load("{name}"), expected.c_str(), kaya::{TYPES[code]});
    check_code("{name}", kaya::error_code::{enum});
}}
''')

header = r'''// Every file in tests/data/invalid/ holds a small scenario with exactly one defect. Each is
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
'''

footer = r'''
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
'''
with open(ROOT / "tests/unit/invalid_inputs_test.cpp", "w") as f:
    f.write(header + "".join(body) + footer)
print(len(cases))

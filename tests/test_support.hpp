#pragma once
// Helpers shared by the tests: compile a scenario from text, evaluate it nominally.
#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/model/evaluate.hpp"
#include "kaya/model/model.hpp"
#include "kaya/scenario/scenario.hpp"

namespace kaya::test {

//! Equal to `expected` within `relative` of it (doctest's Approx alone adds 1 to the scale,
//! which would make "1 %" of 3.64 about 1.3 %).
inline doctest::Approx within(double expected, double relative) {
    return doctest::Approx(expected).epsilon(relative).scale(0.0);
}

inline model compile_text(const std::string& yaml, const std::string& path = "test.yaml") {
    return compile(parse_scenario(yaml, path));
}

//! A measurement fixture (tests/data/measured/NAME) as a source file named NAME.
inline std::shared_ptr<const source_file> measured_fixture(const std::string& name) {
    std::ifstream in(std::string(KAYA_SOURCE_DIR) + "/tests/data/measured/" + name);
    std::stringstream text;
    text << in.rdbuf();
    return std::make_shared<const source_file>(name, text.str());
}

inline model compile_file(const std::string& relative) {
    return compile(load_scenario(std::string(KAYA_SOURCE_DIR) + "/" + relative));
}

//! The nominal value of a phase's indicator (by key), in base units.
inline double nominal(const model& m, const std::string& phase, std::string_view key) {
    for (const auto& p : m.phases) {
        if (p.name == phase) return evaluate_point(m.nodes, {p.output(*m.indicator_index(key))}, m.nominal_inputs())[0];
    }
    throw std::runtime_error("no phase " + phase);
}

//! The nominal value of a stage's subtotal, in base units.
inline double stage_nominal(const model& m, const std::string& stage, std::string_view key) {
    for (const auto& st : m.stages) {
        if (st.name == stage) return evaluate_point(m.nodes, {st.output(*m.indicator_index(key))}, m.nominal_inputs())[0];
    }
    throw std::runtime_error("no stage " + stage);
}

//! The diagnostic that compiling `yaml` gives, or "accepted".
inline std::string compile_message(const std::string& yaml) {
    try {
        (void)compile_text(yaml);
    } catch (const error& e) {
        return e.what();
    }
    return "accepted";
}

//! The model's warnings but those with `code`.
inline std::vector<model_warning> warnings_except(const model& m, std::string_view code) {
    std::vector<model_warning> out;
    for (const auto& w : m.warnings)
        if (w.code != code) out.push_back(w);
    return out;
}

//! A minimal site block, for scenarios under test.
inline const char* plain_site = R"(
sites:
  s:
    grid_intensity: 100 gCO2e/kWh
    pue: 1.0
    wue: 0 L/kWh
    water_intensity: 0 L/kWh
)";

}  // namespace kaya::test

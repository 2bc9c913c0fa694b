// kaya's Python binding: the engine's scenarios, runs and samples, with its errors as Python
// exceptions. The package (python/kaya/__init__.py) wraps this module in a Python API.
#include <pybind11/eigen.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <string>

#include "kaya/analysis/compare.hpp"
#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/render/render.hpp"
#include "kaya/scenario/override.hpp"
#include "kaya/scenario/scenario.hpp"

namespace py = pybind11;

namespace {

// A scenario as Python holds it: the text read, the overrides applied, compiled once.
struct py_scenario {
    kaya::scenario scenario;
    std::vector<std::string> catalogues;
    std::shared_ptr<const kaya::model> model;
};

py_scenario make(kaya::scenario s, const std::map<std::string, std::string>& sets, const std::vector<std::string>& catalogues) {
    for (const auto& [name, value] : sets) kaya::apply_override(s, name, value, "set");
    py_scenario out{std::move(s), catalogues, nullptr};
    out.model = std::make_shared<const kaya::model>(kaya::compile(out.scenario, catalogues));
    return out;
}

kaya::run_options options_of(long samples, std::uint64_t seed, int threads) {
    kaya::run_options o;
    o.samples = samples;
    o.seed = seed;
    o.threads = threads;
    if (samples < 1 || samples > kaya::max_samples) throw py::value_error("samples must be 1 to 1,000,000,000");
    if (threads < 0) throw py::value_error("threads must be 0 (every core) or more");
    return o;
}

}  // namespace

PYBIND11_MODULE(_kaya, m) {
    m.doc() = "kaya's engine, bound for Python: use the kaya package rather than this module.";

    // Every kaya::error reaches Python as (kind, code, message, file, line, column, rendered), for
    // kaya/__init__.py to raise as the matching exception class.
    static py::exception<kaya::error> base(m, "EngineError");
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const kaya::error& e) {
            const kaya::source_loc& at = e.where();
            // The class of the engine's hierarchy the error is of, for the package's.
            const char* kind = dynamic_cast<const kaya::unit_error*>(&e)          ? "unit"
                               : dynamic_cast<const kaya::model_error*>(&e)       ? "model"
                               : dynamic_cast<const kaya::environment_error*>(&e) ? "environment"
                               : dynamic_cast<const kaya::internal_error*>(&e)    ? "internal"
                                                                                  : "input";
            py::tuple args = py::make_tuple(kind, std::string(kaya::code_name(e.code())), e.message(),
                                            at.file ? at.file->path() : std::string(), at.line, at.column, std::string(e.what()));
            PyErr_SetObject(base.ptr(), args.ptr());
        }
    });

    py::class_<py_scenario>(m, "Scenario")
        .def_property_readonly("name", [](const py_scenario& s) { return s.scenario.name; })
        .def_property_readonly("path", [](const py_scenario& s) { return s.scenario.file ? s.scenario.file->path() : std::string(); })
        .def(
            "run_json",
            [](const py_scenario& s, long samples, std::uint64_t seed, int threads) {
                const kaya::run_options o = options_of(samples, seed, threads);
                kaya::run_result r;
                {
                    py::gil_scoped_release release;  // the engine's threads need no Python
                    r = kaya::run_monte_carlo(*s.model, o);
                }
                return kaya::render_json(r);
            },
            py::arg("samples"), py::arg("seed"), py::arg("threads"))
        .def(
            "samples",
            [](const py_scenario& s, long samples, std::uint64_t seed, int threads) {
                const kaya::run_options o = options_of(samples, seed, threads);
                Eigen::ArrayXXd out;
                {
                    py::gil_scoped_release release;
                    kaya::sample_outputs(*s.model, o, out);
                }
                // Moved into NumPy's keeping: no copy.
                return py::cast(std::move(out));
            },
            py::arg("samples"), py::arg("seed"), py::arg("threads"))
        .def("layout", [](const py_scenario& s) {
            // Where each output is among the columns of `samples`: (owner, name, indicator) -> column.
            const kaya::output_columns l = kaya::output_layout(*s.model);
            const kaya::model& mo = *s.model;
            py::list out;
            auto add = [&](const char* owner, const std::string& name, const std::vector<int>& columns) {
                for (std::size_t k = 0; k < columns.size(); ++k)
                    if (columns[k] >= 0) out.append(py::make_tuple(owner, name, mo.indicators[k].key, columns[k]));
            };
            for (std::size_t i = 0; i < mo.phases.size(); ++i) add("phase", mo.phases[i].name, l.phases[i]);
            for (std::size_t i = 0; i < mo.stages.size(); ++i) add("stage", mo.stages[i].name, l.stages[i]);
            add("total", "", l.totals);
            add("per unit", "deployment", l.per_unit);
            add("per unit", "life cycle", l.per_unit_lifecycle);
            if (l.amount >= 0) out.append(py::make_tuple("functional unit", "amount", "", l.amount));
            if (l.lifetime >= 0) out.append(py::make_tuple("functional unit", "lifetime", "", l.lifetime));
            for (std::size_t i = 0; i < mo.measurements.size(); ++i) {
                if (l.measured[i] >= 0) out.append(py::make_tuple("measured", mo.measurements[i].phase, "energy", l.measured[i]));
                if (l.estimated[i] >= 0) out.append(py::make_tuple("estimated", mo.measurements[i].phase, "energy", l.estimated[i]));
            }
            return out;
        });

    m.def(
        "compare_json",
        [](const std::vector<const py_scenario*>& scenarios, long samples, std::uint64_t seed, int threads) {
            const kaya::run_options o = options_of(samples, seed, threads);
            std::vector<kaya::scenario> texts;
            for (const py_scenario* s : scenarios) texts.push_back(s->scenario);
            const std::vector<std::string> catalogues = scenarios.empty() ? std::vector<std::string>{} : scenarios.front()->catalogues;
            py::gil_scoped_release release;
            return kaya::render_compare_json(kaya::compare(kaya::compile_for_comparison(std::move(texts), catalogues), o));
        },
        py::arg("scenarios"), py::arg("samples"), py::arg("seed"), py::arg("threads"));
    m.def(
        "load", [](const std::string& path, const std::map<std::string, std::string>& sets,
                   const std::vector<std::string>& catalogues) { return make(kaya::load_scenario(path), sets, catalogues); },
        py::arg("path"), py::arg("sets"), py::arg("catalogues"));
    m.def(
        "loads", [](const std::string& text, const std::string& name, const std::map<std::string, std::string>& sets,
                    const std::vector<std::string>& catalogues) { return make(kaya::parse_scenario(text, name), sets, catalogues); },
        py::arg("text"), py::arg("name"), py::arg("sets"), py::arg("catalogues"));
}

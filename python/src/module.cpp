// kaya's Python binding: the engine's scenarios, runs and samples, with its errors as Python
// exceptions. The package (python/kaya/__init__.py) wraps this module in a Python API.
#include <pybind11/eigen.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>

#include "kaya/analysis/compare.hpp"
#include "kaya/analysis/monte_carlo.hpp"
#include "kaya/analysis/sensitivity.hpp"
#include "kaya/analysis/sweep.hpp"
#include "kaya/catalog/catalog.hpp"
#include "kaya/catalog/indicator.hpp"
#include "kaya/errors/error.hpp"
#include "kaya/render/render.hpp"
#include "kaya/report/report.hpp"
#include "kaya/scenario/override.hpp"
#include "kaya/scenario/scenario.hpp"
#include "kaya/version.hpp"

namespace py = pybind11;

namespace {

// A scenario as Python holds it: the text read, the overrides applied, compiled once.
struct py_scenario {
    kaya::scenario scenario;
    std::vector<std::string> catalogues;
    std::shared_ptr<const kaya::model> model;
};

// Overrides in the order given, as --set applies them: a later one may undo an earlier one.
using override_list = std::vector<std::pair<std::string, std::string>>;

// `imports_from`: folders besides the scenario's own that its imports may read, as the
// CLI's --allow-imports-from.
py_scenario make(kaya::scenario s, const override_list& sets, const std::vector<std::string>& catalogues,
                 const std::vector<std::string>& imports_from) {
    for (const auto& folder : imports_from)
        if (folder.find('\0') != std::string::npos) throw kaya::input_error::invalid_option("imports_from", "a folder's name holds a NUL byte");
    s.import_folders = imports_from;
    for (const auto& [name, value] : sets) kaya::apply_override(s, name, value, "set");
    py_scenario out{std::move(s), catalogues, nullptr};
    out.model = std::make_shared<const kaya::model>(kaya::compile(out.scenario, catalogues));
    return out;
}

// The CLI's limits, from the library's table of them: what the CLI rejects, so does Python.
kaya::run_options options_of(long samples, std::uint64_t seed, int threads, long most = kaya::max_samples) {
    kaya::check_sample_count(samples, 1, most, "samples");
    if (threads < 0 || threads > kaya::max_threads)
        throw kaya::input_error::invalid_option("threads", "0 (every core) to " + std::to_string(kaya::max_threads));
    kaya::run_options o;
    o.samples = samples;
    o.seed = seed;
    o.threads = threads;
    return o;
}

// The name kaya.loads gives text when the caller gives none.
constexpr const char* unnamed_text = "<string>";

// The most values samples() keeps: 2^27 doubles, 1 GiB.
constexpr long max_kept_values = long{1} << 27;

// Scenarios run together (a comparison, a report) share one set of catalogues, as on the
// command line, where one --catalog list applies to all.
void check_together(const std::vector<const py_scenario*>& scenarios, std::size_t least) {
    if (scenarios.size() < least) {
        throw kaya::input_error::invalid_option("scenarios", least == 1 ? "a scenario or more" : "two scenarios or more");
    }
    for (const py_scenario* s : scenarios) {
        if (s == nullptr) throw kaya::input_error::invalid_option("scenarios", "None is not a scenario");
        if (s->catalogues != scenarios.front()->catalogues) {
            throw kaya::input_error::invalid_option("scenarios", "'" + s->scenario.name + "' was loaded with other catalogues than '" +
                                                                     scenarios.front()->scenario.name +
                                                                     "'; scenarios run together share theirs: load them with the same");
        }
    }
}

kaya::catalog catalog_of(const std::vector<std::string>& files) {
    kaya::catalog c = kaya::catalog::builtin();
    for (const auto& f : files) c.add_file(f);
    return c;
}

std::optional<kaya::catalog_kind> kind_of(const std::string& text) {
    if (text.empty()) return std::nullopt;
    if (const auto kind = kaya::parse_kind(text)) return kind;
    std::string kinds;
    for (const auto k : kaya::catalog_kinds) kinds += (kinds.empty() ? "" : ", ") + std::string(kaya::kind_name(k));
    throw kaya::input_error::invalid_option("kind", "expected one of " + kinds + ", got '" + text + "'");
}

// A catalogue entry as Python data: what `kaya catalog show` prints, field by field.
py::dict entry_dict(const kaya::catalog& c, const kaya::catalog_entry& e) {
    py::dict out;
    out["id"] = e.id;
    out["kind"] = kaya::kind_name(e.kind);
    out["origin"] = e.origin;
    if (e.kind == kaya::catalog_kind::categories) {
        for (const auto& ind : c.indicators()) {
            if (ind.key != e.id) continue;
            out["name"] = ind.name;
            out["unit"] = ind.unit;
            out["type"] = ind.inventory ? "inventory" : "impact";
            out["part_of"] = ind.detail_of;
            out["method"] = ind.method;
            out["description"] = ind.description;
            py::list terms;
            for (const auto& t : ind.terms) {
                py::dict term;
                term["flow"] = kaya::flow_name(t.source);
                term["factor"] = t.factor;
                term["required"] = t.required;
                terms.append(term);
            }
            out["terms"] = terms;
            out["sources"] = ind.sources;
        }
        return out;
    }
    out["text"] = e.text;
    py::dict fields;
    for (const auto& [key, v] : e.fields) {
        py::dict field;
        field["value"] = kaya::written_form(v);  // value, unit and range as written
        field["year"] = v.year;
        field["note"] = v.note;
        py::list sources;
        for (const auto& src : v.sources) {
            py::dict source;
            source["key"] = src.text;
            source["fields"] = e.sources->at(src.text);
            sources.append(source);
        }
        field["sources"] = sources;
        fields[py::str(key)] = field;
    }
    out["fields"] = fields;
    return out;
}

}  // namespace

PYBIND11_MODULE(_kaya, m) {
    m.doc() = "kaya's engine, bound for Python: use the kaya package rather than this module.";
    m.attr("max_threads") = kaya::max_threads;  // the package checks its arguments against the library's limits

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
                                            at.file ? at.file->path() : std::string(), at.line,
                                            at.known() ? at.character_column() : at.column, std::string(e.what()));
            PyErr_SetObject(base.ptr(), args.ptr());
        }
    });

    py::class_<py_scenario>(m, "Scenario")
        .def_property_readonly("name", [](const py_scenario& s) { return s.scenario.name; })
        .def_property_readonly("path", [](const py_scenario& s) { return s.scenario.file ? s.scenario.file->path() : std::string(); })
        .def(
            "run_json",
            [](const py_scenario& s, long samples, std::uint64_t seed, int threads, const std::vector<std::string>& units) {
                const kaya::run_options o = options_of(samples, seed, threads);
                kaya::run_result r;
                {
                    py::gil_scoped_release release;  // the engine's threads need no Python
                    r = kaya::run_monte_carlo(*s.model, o);
                }
                for (const auto& u : units) kaya::report_in(r.indicators, u);
                return kaya::render_json(r);
            },
            py::arg("samples"), py::arg("seed"), py::arg("threads"), py::arg("units"))
        .def(
            "samples",
            [](const py_scenario& s, long samples, std::uint64_t seed, int threads) {
                const kaya::run_options o = options_of(samples, seed, threads);
                // Every sample is kept here, unlike a run's statistics: bounded as a matrix.
                const auto columns = static_cast<long>(kaya::output_layout(*s.model).nodes.size());
                kaya::check_sample_count(samples, 1, std::max(1L, max_kept_values / std::max(1L, columns)), "samples");
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
        "sweep_json",
        [](const py_scenario& s, const std::vector<std::string>& vary, long samples, std::uint64_t seed, int threads,
           const std::string& sort, bool descending, const std::vector<std::string>& units) {
            if (vary.empty()) throw kaya::input_error::invalid_option("vary", "a sweep needs an axis: NAME=v1,v2,...");
            const kaya::run_options o = options_of(samples, seed, threads, kaya::max_row_samples);
            const kaya::catalog c = catalog_of(s.catalogues);
            std::vector<kaya::sweep_axis> axes;
            for (const auto& v : vary) axes.push_back(kaya::parse_axis(v, c, "vary"));
            kaya::check_sweep_axes(axes);
            kaya::sweep_result r;
            {
                py::gil_scoped_release release;
                r = kaya::sweep(s.scenario, axes, s.catalogues, o);
            }
            for (const auto& u : units) kaya::report_in(r.indicators, u);
            if (!sort.empty()) kaya::sort_rows(r, kaya::sweep_sort_key(r, sort), descending);
            return kaya::render_sweep_json(r);
        },
        py::arg("scenario"), py::arg("vary"), py::arg("samples"), py::arg("seed"), py::arg("threads"), py::arg("sort"),
        py::arg("descending"), py::arg("units"));
    m.def(
        "sensitivity_json",
        [](const py_scenario& s, const std::string& method, const std::string& output, const std::string& phase,
           const std::string& stage, long samples, std::uint64_t seed) {
            if (method != "tornado" && method != "sobol")
                throw kaya::input_error::invalid_option("method", "tornado (one at a time) or sobol, not '" + method + "'");
            kaya::check_sample_count(samples, kaya::min_sobol_samples, kaya::max_sobol_samples, "samples");
            const kaya::sensitivity_output o = kaya::sensitivity_output_of(*s.model, output, phase, stage);
            if (method == "tornado") {
                const kaya::tornado_result r = kaya::tornado(*s.model, o.node);
                return kaya::render_sensitivity_json(o.target, &r, nullptr);
            }
            kaya::sobol_result r;
            {
                py::gil_scoped_release release;
                r = kaya::sobol(*s.model, o.node, samples, seed);
            }
            return kaya::render_sensitivity_json(o.target, nullptr, &r);
        },
        py::arg("scenario"), py::arg("method"), py::arg("output"), py::arg("phase"), py::arg("stage"), py::arg("samples"),
        py::arg("seed"));
    m.def(
        "report",
        [](const std::vector<const py_scenario*>& scenarios, const std::string& folder, long samples, std::uint64_t seed, int threads) {
            check_together(scenarios, 1);
            kaya::report_options r{options_of(samples, seed, threads, kaya::max_row_samples), scenarios.front()->catalogues, kaya::version};
            std::vector<kaya::scenario> texts;
            for (const py_scenario* s : scenarios) texts.push_back(s->scenario);
            std::vector<std::string> names;
            py::gil_scoped_release release;
            const auto files = texts.size() == 1 ? kaya::lifecycle_report(texts.front(), r) : kaya::comparison_report(texts, r);
            kaya::write_directory(folder, files);
            for (const auto& f : files) names.push_back(f.name);
            return names;
        },
        py::arg("scenarios"), py::arg("folder"), py::arg("samples"), py::arg("seed"), py::arg("threads"));
    m.def(
        "catalog_list",
        [](const std::string& kind, const std::string& search, const std::vector<std::string>& catalogues) {
            const kaya::catalog c = catalog_of(catalogues);
            py::list out;
            for (const kaya::catalog_entry* e : c.list(kind_of(kind), search)) {
                const auto name = e->text.find("name");
                out.append(py::make_tuple(kaya::kind_name(e->kind), e->id, name == e->text.end() ? std::string() : name->second));
            }
            return out;
        },
        py::arg("kind"), py::arg("search"), py::arg("catalogues"));
    m.def(
        "catalog_show",
        [](const std::string& id, const std::string& kind_text, const std::vector<std::string>& catalogues) {
            const kaya::catalog c = catalog_of(catalogues);
            const auto kind = kind_of(kind_text);
            py::list out;
            for (const auto k : kaya::catalog_kinds) {
                if (kind && k != *kind) continue;
                if (const kaya::catalog_entry* e = c.find(k, id)) out.append(entry_dict(c, *e));
            }
            if (out.empty()) throw kaya::input_error::invalid_option("id", "no catalogue entry '" + id + "'" + c.suggest(kind, id).clause());
            return out;
        },
        py::arg("id"), py::arg("kind"), py::arg("catalogues"));
    m.def(
        "compare_json",
        [](const std::vector<const py_scenario*>& scenarios, long samples, std::uint64_t seed, int threads,
           const std::vector<std::string>& units) {
            check_together(scenarios, 2);
            const kaya::run_options o = options_of(samples, seed, threads);
            std::vector<kaya::scenario> texts;
            for (const py_scenario* s : scenarios) texts.push_back(s->scenario);
            const std::vector<std::string> catalogues = scenarios.front()->catalogues;
            kaya::comparison c;
            {
                py::gil_scoped_release release;
                c = kaya::compare(kaya::compile_for_comparison(std::move(texts), catalogues), o);
            }
            for (const auto& u : units) {
                kaya::report_in(c.indicators, u);
                for (auto& run : c.runs) kaya::report_in(run.indicators, u);
            }
            return kaya::render_compare_json(c);
        },
        py::arg("scenarios"), py::arg("samples"), py::arg("seed"), py::arg("threads"), py::arg("units"));
    m.def(
        "load",
        [](const std::string& path, const override_list& sets, const std::vector<std::string>& catalogues,
           const std::vector<std::string>& imports_from) { return make(kaya::load_scenario(path), sets, catalogues, imports_from); },
        py::arg("path"), py::arg("sets"), py::arg("catalogues"), py::arg("imports_from"));
    m.def(
        "loads", [](const std::string& text, const std::string& name, const override_list& sets,
                    const std::vector<std::string>& catalogues, const std::vector<std::string>& imports_from) {
            kaya::scenario s = kaya::parse_scenario(text, name);
            // Imports are read relative to the scenario's folder. Text without a name has
            // none but the working folder, often a home folder: untrusted text could then
            // read, and have errors quote, any file in it.
            if (name == unnamed_text && !s.imports.empty()) {
                throw kaya::input_error::invalid_value(s.imports.front().loc,
                                                       "no imports in text without a name; give loads a name in the folder they are in",
                                                       "an import");
            }
            return make(std::move(s), sets, catalogues, imports_from);
        },
        py::arg("text"), py::arg("name"), py::arg("sets"), py::arg("catalogues"), py::arg("imports_from"));
}

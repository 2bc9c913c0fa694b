// ML.ENERGY's JSON, read with yaml-cpp (JSON is YAML 1.2 in flow style), so that every value
// keeps its line and column for messages.
#include "kaya/measure/mlenergy.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "kaya/errors/error.hpp"
#include "measure/pattern.hpp"
#include "scenario/yaml_reader.hpp"

namespace kaya {
namespace {

using detail::loc_of;

// The field names of the two shapes the leaderboard has published.
struct shape {
    const char* model;
    const char* gpu;
    const char* gpus;
    const char* batch;
    const char* per_token;
    const char* per_request;
    const char* output_tokens;
};
constexpr shape task_file{"model_id", "gpu_model", "num_gpus", "max_num_seqs", "energy_per_token_joules", "energy_per_request_joules",
                          "avg_output_len"};
constexpr shape table{"Model", "GPU model", "#GPUs", "Batch size", "Energy per token (J)", "Energy per request (J)", "Response length"};

std::optional<double> number_of(const YAML::Node& n, const std::shared_ptr<const source_file>& file, const char* what) {
    if (!n.IsDefined() || n.IsNull()) return std::nullopt;
    if (!n.IsScalar()) throw input_error::invalid_value(loc_of(n, file), fmt::format("a number for '{}'", what), "a list or a mapping");
    const std::string& t = n.Scalar();
    double v = 0.0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v) || v < 0) {
        throw input_error::invalid_value(loc_of(n, file), fmt::format("a number at least 0 for '{}'", what), t);
    }
    return v;
}

std::string text_of(const YAML::Node& n, const std::shared_ptr<const source_file>& file, const char* what, const source_loc& entry) {
    if (!n.IsDefined() || n.IsNull()) throw input_error::missing_field(entry, what, "an ML.ENERGY configuration", "each measured configuration names it");
    if (!n.IsScalar()) throw input_error::invalid_value(loc_of(n, file), fmt::format("a text for '{}'", what), "a list or a mapping");
    return n.Scalar();
}

}  // namespace

std::string mlenergy_configuration::hardware() const { return gpus ? fmt::format("{} × {}", *gpus, gpu) : gpu; }

mlenergy_measurements read_mlenergy(std::shared_ptr<const source_file> file, const mlenergy_selection& select) {
    const YAML::Node root = detail::load_document(file, "ML.ENERGY measurements (JSON)");
    mlenergy_measurements out;
    out.file = file;
    const shape* names = root.IsMap() ? &task_file : &table;
    if (root.IsMap()) {
        if (root["task"].IsDefined() && root["task"].IsScalar()) out.task = root["task"].Scalar();
        if (!root["configurations"].IsDefined()) {
            throw input_error::missing_field(loc_of(root, file), "configurations", "an ML.ENERGY task file",
                                             "a leaderboard task file lists its measured configurations");
        }
    }
    // yaml-cpp cannot assign a node it did not find, so the list is chosen only once it exists.
    const YAML::Node entries = root.IsMap() ? root["configurations"] : root;
    if (!entries.IsSequence()) throw input_error::invalid_value(loc_of(entries, file), "a list of measured configurations", "something else");
    for (const auto& key : select.equal) {
        if (key.first != "model" && key.first != "gpu" && key.first != "gpus") {
            throw input_error::invalid_value({}, "a selection by model, gpu or gpus", key.first);
        }
    }
    for (const YAML::Node& e : entries) {
        ++out.configurations;
        const source_loc at = loc_of(e, file);
        if (!e.IsMap()) throw input_error::invalid_value(at, "a measured configuration (a mapping)", "something else");
        mlenergy_configuration c;
        c.loc = at;
        c.model = text_of(e[names->model], file, names->model, at);
        c.gpu = text_of(e[names->gpu], file, names->gpu, at);
        if (const auto g = number_of(e[names->gpus], file, names->gpus)) {
            if (*g < 1 || *g != std::floor(*g) || *g > 4096) throw input_error::invalid_value(loc_of(e[names->gpus], file), "a whole number of GPUs", e[names->gpus].Scalar());
            c.gpus = static_cast<int>(*g);
        }
        if (const auto b = number_of(e[names->batch], file, names->batch); b && *b >= 1 && *b < 1e9) c.batch = static_cast<int>(*b);
        c.energy_per_token = number_of(e[names->per_token], file, names->per_token);
        c.energy_per_request = number_of(e[names->per_request], file, names->per_request);
        c.output_tokens = number_of(e[names->output_tokens], file, names->output_tokens);
        if (!c.energy_per_token && !c.energy_per_request) {
            throw input_error::missing_field(at, names->per_request, "an ML.ENERGY configuration", fmt::format("or '{}': a measurement gives one", names->per_token));
        }
        bool kept = true;
        for (const auto& [key, pattern] : select.equal) {
            const std::string value = key == "model" ? c.model : key == "gpu" ? c.gpu : c.gpus ? std::to_string(*c.gpus) : "";
            kept = kept && detail::matches(pattern, value);
        }
        if (kept) out.selected.push_back(std::move(c));
    }
    if (out.selected.empty()) {
        throw input_error::invalid_value(loc_of(root, file), "a selection that keeps at least one measured configuration",
                                         fmt::format("none of {}", out.configurations));
    }
    return out;
}

}  // namespace kaya

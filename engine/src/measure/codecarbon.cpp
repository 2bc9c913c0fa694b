// CodeCarbon's emissions.csv. The tracker appends a row at every flush and at the end, each
// with the run's totals so far (codecarbon/output_methods/file.py), so rows of one run are
// cumulative snapshots: a run is its latest row. Files of CodeCarbon 1.x have no run_id: a run
// there is the rows of one project and experiment whose duration does not fall.
#include "kaya/measure/codecarbon.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "kaya/errors/error.hpp"

namespace kaya {
namespace {

// The fields of one CSV line (RFC 4180 quoting within the line), with their columns.
struct field {
    std::string text;
    int column = 1;
};

std::optional<std::vector<field>> split_line(std::string_view line) {
    std::vector<field> out;
    std::size_t i = 0;
    while (true) {
        field f;
        f.column = static_cast<int>(i) + 1;
        if (i < line.size() && line[i] == '"') {
            ++i;
            while (true) {
                if (i >= line.size()) return std::nullopt;  // an unclosed quote: a broken line
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        f.text += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                f.text += line[i++];
            }
            if (i < line.size() && line[i] != ',') return std::nullopt;
        } else {
            const std::size_t end = std::min(line.find(',', i), line.size());
            f.text = std::string(line.substr(i, end - i));
            i = end;
        }
        out.push_back(std::move(f));
        if (i >= line.size()) return out;
        ++i;  // the comma
    }
}

std::optional<double> number(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
    double v = 0.0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

}  // namespace

double codecarbon_measurement::energy() const {
    double sum = 0.0;
    for (const auto& r : runs) sum += r.energy;
    return sum;
}

double codecarbon_measurement::duration() const {
    double sum = 0.0;
    for (const auto& r : runs) sum += r.duration;
    return sum;
}

codecarbon_measurement read_codecarbon(std::shared_ptr<const source_file> file, const codecarbon_selection& select, bool skip_broken) {
    codecarbon_measurement out;
    out.file = file;
    const source_loc head{file, 1, 1};
    if (file->line_count() == 0 || file->line(1).empty()) throw input_error::invalid_value(head, "a CodeCarbon CSV header line", "an empty file");
    const auto header = split_line(file->line(1));
    if (!header) throw input_error::invalid_value(head, "a CodeCarbon CSV header line", "a line with an unclosed quote");
    std::map<std::string, std::size_t> column;
    for (std::size_t c = 0; c < header->size(); ++c) {
        std::string name = (*header)[c].text;
        if (!name.empty() && name.back() == '\r') name.pop_back();
        column.emplace(name, c);
    }
    for (const char* required : {"duration", "energy_consumed"}) {
        if (!column.contains(required)) {
            throw input_error::missing_field(head, required, "the CodeCarbon file's header", "CodeCarbon writes it in every version; is this an emissions.csv?");
        }
    }
    for (const auto& [key, _] : select.equal) {
        if (!column.contains(key)) throw input_error::invalid_value(head, fmt::format("a column '{}' to select rows by", key), "a header without it");
    }
    const bool has_run_id = column.contains("run_id");
    std::map<std::string, std::size_t> run_of;  // id -> index in out.runs
    std::map<std::string, std::string> open_v1; // project/experiment -> id of its open run (1.x files)
    for (int n = 2; n <= file->line_count(); ++n) {
        const std::string_view line = file->line(n);
        if (line.empty() || line == "\r") continue;
        ++out.rows_read;
        auto refuse = [&](int col, const std::string& why) {
            if (!skip_broken) {
                throw input_error::invalid_value({file, n, col}, "a CodeCarbon row",
                                                 fmt::format("{} (a broken row is never added; let kaya skip broken rows to leave it out)", why));
            }
            out.rejected.push_back({n, why});
        };
        const auto fields = split_line(line);
        if (!fields || fields->size() != header->size()) {
            refuse(1, fields ? fmt::format("{} fields where the header has {}", fields->size(), header->size()) : std::string("an unclosed quote"));
            continue;
        }
        auto text = [&](const char* name) -> std::string {
            const auto it = column.find(name);
            if (it == column.end()) return "";
            std::string t = (*fields)[it->second].text;
            if (!t.empty() && t.back() == '\r') t.pop_back();
            return t;
        };
        bool kept = std::all_of(select.equal.begin(), select.equal.end(), [&](const auto& kv) { return text(kv.first.c_str()) == kv.second; });
        const std::string stamp = text("timestamp");
        if (!select.from.empty() && stamp < select.from) kept = false;
        if (!select.to.empty() && !(stamp < select.to)) kept = false;
        if (!kept) continue;
        ++out.rows_selected;
        // Numbers: required ones must be numbers; optional ones may be empty.
        const auto duration = number(text("duration"));
        const auto energy = number(text("energy_consumed"));
        if (!duration || !energy || *duration < 0 || *energy < 0) {
            const char* bad = !duration || *duration < 0 ? "duration" : "energy_consumed";
            refuse((*fields)[column.at(bad)].column, fmt::format("{} '{}' is not a number of {} at least 0", bad, text(bad),
                                                                 std::string(bad) == "duration" ? "seconds" : "kWh"));
            continue;
        }
        auto optional_number = [&](const char* name) -> std::optional<double> { return number(text(name)); };
        codecarbon_run row;
        row.project_name = text("project_name");
        row.experiment_id = text("experiment_id");
        row.timestamp = stamp;
        row.line = n;
        row.duration = *duration;
        row.energy = *energy;
        row.cpu_energy = optional_number("cpu_energy");
        row.gpu_energy = optional_number("gpu_energy");
        row.ram_energy = optional_number("ram_energy");
        row.emissions = optional_number("emissions");
        row.pue = optional_number("pue");
        row.country_iso_code = text("country_iso_code");
        row.region = text("region");
        row.cloud_provider = text("cloud_provider");
        row.cloud_region = text("cloud_region");
        // Which run the row belongs to.
        if (has_run_id) {
            row.id = text("run_id");
        } else {
            const std::string key = row.project_name + "/" + row.experiment_id;
            const auto open = open_v1.find(key);
            const bool continues = open != open_v1.end() && out.runs[run_of.at(open->second)].duration <= row.duration;
            row.id = continues ? open->second : fmt::format("{} (line {})", key, n);
            open_v1[key] = row.id;
        }
        if (const auto it = run_of.find(row.id); it != run_of.end()) {
            codecarbon_run& run = out.runs[it->second];
            row.rows = run.rows + 1;
            run = std::move(row);  // the latest snapshot replaces the earlier ones
        } else {
            row.rows = 1;
            run_of.emplace(row.id, out.runs.size());
            out.runs.push_back(std::move(row));
        }
    }
    if (out.runs.empty()) {
        throw input_error::invalid_value(head, "a selection that keeps at least one CodeCarbon row",
                                         fmt::format("none of {} rows", out.rows_read));
    }
    return out;
}

}  // namespace kaya

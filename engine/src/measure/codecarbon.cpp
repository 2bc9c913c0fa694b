// CodeCarbon's emissions.csv. The tracker appends a row at every flush and at the end, each
// with the run's totals so far (codecarbon/output_methods/file.py), so rows of one run are
// cumulative snapshots: a run is its latest row. Files of CodeCarbon 1.x have no run_id (and
// before flushes, one row per run): a run there is the rows of one project and experiment
// that started at the same time (timestamp − duration).
#include "kaya/measure/codecarbon.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

#include "kaya/errors/error.hpp"
#include "measure/timestamp.hpp"
#include "text/utf8.hpp"

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

std::string codecarbon_run::place() const {
    std::string out = country_iso_code;
    if (!region.empty()) out += (out.empty() ? "" : ", ") + region;
    if (!cloud_provider.empty() || !cloud_region.empty()) out += fmt::format(" ({} {})", cloud_provider, cloud_region);
    return out;
}

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

double codecarbon_measurement::span() const {
    std::vector<std::pair<double, double>> spans;
    for (const auto& r : runs) {
        if (!std::isfinite(r.start)) return duration();
        spans.emplace_back(r.start, r.start + r.duration);
    }
    std::sort(spans.begin(), spans.end());
    double total = 0.0, begin = -INFINITY, end = -INFINITY;
    for (const auto& [a, b] : spans) {
        if (a > end) {
            if (end > begin) total += end - begin;
            begin = a;
            end = b;
        } else {
            end = std::max(end, b);
        }
    }
    if (end > begin) total += end - begin;
    return total;
}

namespace {

// Rows of one run: the same run_id; for 1.x the same project and experiment, started within
// a few seconds (flushes are timed apart from the start by less than that).
constexpr double same_start = 5.0;
bool same_run(const codecarbon_run& a, const codecarbon_run& b, bool by_run_id) {
    if (a.id != b.id) return false;
    if (by_run_id) return true;
    return std::isfinite(a.start) && std::isfinite(b.start) && std::abs(a.start - b.start) <= same_start;
}

}  // namespace

void codecarbon_measurement::merge(codecarbon_measurement other) {
    rows_read += other.rows_read;
    rows_selected += other.rows_selected;
    for (auto& r : other.rejected) rejected.push_back(std::move(r));
    for (auto& run : other.runs) {
        // A run_id names one run in any file. Without one, two files' runs are one only when
        // they are the same snapshot (a file copied beside itself): 1.x's default
        // experiment_id is shared by every user, so machines that started together differ.
        const bool by_id = run.label == run.id;
        const auto same = std::find_if(runs.begin(), runs.end(), [&](const codecarbon_run& r) {
            if (by_id || r.label == r.id) return by_id && r.label == r.id && r.id == run.id;
            return same_run(r, run, false) && r.duration == run.duration && r.energy == run.energy;
        });
        if (same == runs.end()) runs.push_back(std::move(run));
        else if (same->duration < run.duration || (same->duration == run.duration && same->timestamp < run.timestamp)) *same = std::move(run);
    }
}

codecarbon_measurement read_codecarbon(std::shared_ptr<const source_file> file, const codecarbon_selection& select, bool skip_broken) {
    codecarbon_measurement out;
    out.file = file;
    const source_loc head{file, 1, 1};
    if (file->line_count() == 0 || file->line(1).empty()) throw input_error::invalid_value(head, "a CodeCarbon CSV header line", "an empty file");
    // Text only: a control character or a byte that is not UTF-8 would reach a terminal.
    if (const auto bad = detail::first_unprintable(file->text())) {
        throw input_error::invalid_value(head.at_offset(*bad), "CSV text (UTF-8, without control characters)", "a byte that is not");
    }
    std::string_view header_line = file->line(1);
    const bool bom = header_line.substr(0, 3) == "\xEF\xBB\xBF";  // written by some spreadsheet tools
    if (bom) header_line.remove_prefix(3);
    const auto header = split_line(header_line);
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
    auto bound = [&](const std::string& text) -> std::optional<double> {
        if (text.empty()) return std::nullopt;
        const auto t = detail::epoch_seconds(text);
        if (!t) throw input_error::invalid_value({}, "a timestamp (ISO 8601: 2024-03-01 or 2024-03-01T09:00:00) for the window", text);
        return t;
    };
    const std::optional<double> from = bound(select.from), to = bound(select.to);
    const bool has_run_id = column.contains("run_id");
    std::map<std::string, std::vector<std::size_t>> runs_of;  // id -> its runs in out.runs
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
        auto column_of = [&](const char* name) { return (*fields)[column.at(name)].column; };
        bool kept = std::all_of(select.equal.begin(), select.equal.end(), [&](const auto& kv) { return text(kv.first.c_str()) == kv.second; });
        if (!kept) continue;
        const std::string stamp = text("timestamp");
        const std::optional<double> when = detail::epoch_seconds(stamp);
        if ((from || to) && !when) {
            refuse(column.contains("timestamp") ? column_of("timestamp") : 1, fmt::format("timestamp '{}' is not one, so not in the window or out of it", stamp));
            continue;
        }
        if ((from && *when < *from) || (to && !(*when < *to))) continue;
        // Numbers: required ones must be numbers; optional ones may be empty.
        const auto duration = number(text("duration"));
        const auto energy = number(text("energy_consumed"));
        if (!duration || !energy || *duration < 0 || *energy < 0) {
            const char* bad = !duration || *duration < 0 ? "duration" : "energy_consumed";
            refuse(column_of(bad), fmt::format("{} '{}' is not a number of {} at least 0", bad, text(bad),
                                               std::string(bad) == "duration" ? "seconds" : "kWh"));
            continue;
        }
        auto optional_number = [&](const char* name) -> std::optional<double> { return number(text(name)); };
        codecarbon_run row;
        row.project_name = text("project_name");
        row.experiment_id = text("experiment_id");
        row.timestamp = stamp;
        row.start = when ? *when - *duration : NAN;
        row.line = n;
        row.duration = *duration;
        row.energy = *energy;
        row.cpu_energy = optional_number("cpu_energy");
        row.gpu_energy = optional_number("gpu_energy");
        row.ram_energy = optional_number("ram_energy");
        row.emissions = optional_number("emissions");
        row.pue = optional_number("pue");
        if (row.pue && *row.pue < 1.0) {
            refuse(column_of("pue"), fmt::format("pue '{}' is below 1, which no data centre's is", text("pue")));
            continue;
        }
        const char* negative = nullptr;
        double parts = 0.0;
        for (const auto& [name, part] : {std::pair{"cpu_energy", row.cpu_energy}, std::pair{"gpu_energy", row.gpu_energy}, std::pair{"ram_energy", row.ram_energy}}) {
            if (part && *part < 0.0 && !negative) negative = name;
            if (part) parts += *part;
        }
        if (negative) {
            refuse(column_of(negative), fmt::format("{} '{}' is negative", negative, text(negative)));
            continue;
        }
        if (parts > *energy * (1 + 1e-6) + 1e-9) {
            refuse(column_of("energy_consumed"), fmt::format("the parts add up to {} kWh, more than energy_consumed '{}'", parts, text("energy_consumed")));
            continue;
        }
        row.country_iso_code = text("country_iso_code");
        row.region = text("region");
        row.cloud_provider = text("cloud_provider");
        row.cloud_region = text("cloud_region");
        ++out.rows_selected;
        // Which run the row belongs to: its run_id; without one (1.x, or an empty run_id), its
        // project and experiment and when it started; failing a start, the open run of that
        // project and experiment while its duration does not fall.
        const bool by_run_id = has_run_id && !text("run_id").empty();
        row.id = by_run_id ? text("run_id") : row.project_name + "/" + row.experiment_id;
        row.label = by_run_id ? row.id : fmt::format("{} (line {})", row.id, n);
        std::vector<std::size_t>& candidates = runs_of[row.id];
        std::optional<std::size_t> run;
        for (const std::size_t i : candidates) {
            const codecarbon_run& r = out.runs[i];
            if (same_run(r, row, by_run_id) || (!by_run_id && !std::isfinite(row.start) && !std::isfinite(r.start) && i == candidates.back() &&
                                                r.duration <= row.duration)) {
                run = i;
            }
        }
        if (run) {
            codecarbon_run& r = out.runs[*run];
            row.rows = r.rows + 1;
            row.label = r.label;
            r = std::move(row);  // the latest snapshot replaces the earlier ones
        } else {
            row.rows = 1;
            candidates.push_back(out.runs.size());
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

// `kaya measurements`: a measurement file as a phase would take it. Every number with its
// unit in the column head; what the file does not say is "–", never 0.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "kaya/render/render.hpp"
#include "render/measurement.hpp"
#include "render/text.hpp"

namespace kaya {

std::string render_measurements_table(const measurement_summary& s, int width) {
    using detail::cell;
    std::string out = detail::wrap(fmt::format("{}: {} measurements, {} of {} rows used{}", s.path, detail::tool_name(s.format), s.rows_used, s.rows_read,
                                               s.rejected.empty() ? "" : fmt::format(", {} broken rows skipped", s.rejected.size())),
                                   width) +
                      "\n\n";
    std::vector<std::vector<std::string>> grid;
    std::vector<std::string> head{"", "where"};
    for (const auto& c : s.columns) head.push_back(c.unit.empty() ? c.name : fmt::format("{} [{}]", c.name, c.unit));
    grid.push_back(head);
    auto row = [&](const measurement_row& r) {
        std::vector<std::string> line{r.label, r.where};
        // Counts (jobs, rows, a batch size) without decimals; measures as every table shows them.
        for (std::size_t c = 0; c < r.values.size(); ++c) {
            const auto& v = r.values[c];
            line.push_back(!v ? "–" : s.columns[c].count && std::abs(*v) < 1e15 ? detail::thousands(std::llround(*v)) : cell(*v));
        }
        grid.push_back(std::move(line));
    };
    for (const auto& r : s.rows) row(r);
    if (s.total) row(*s.total);
    std::vector<std::size_t> widths(head.size(), 0);
    for (const auto& line : grid)
        for (std::size_t c = 0; c < line.size(); ++c) widths[c] = std::max(widths[c], detail::display_width(line[c]));
    for (std::size_t i = 0; i < grid.size(); ++i) {
        if (s.total && i + 1 == grid.size()) {
            std::size_t all = 0;
            for (const auto w : widths) all += w + 2;
            out += "  " + std::string(all - 2, '-') + "\n";
        }
        std::string line = " ";
        for (std::size_t c = 0; c < grid[i].size(); ++c) {
            const std::size_t pad = widths[c] - detail::display_width(grid[i][c]);
            line += " " + (c < 2 ? grid[i][c] + std::string(pad, ' ') : std::string(pad, ' ') + grid[i][c]) + " ";
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    }
    if (!s.rejected.empty()) {
        out += "\nSkipped (broken rows, never added):\n";
        for (const auto& r : s.rejected) out += detail::wrap(fmt::format("  line {}: {}", r.line, r.why), width, "    ") + "\n";
    }
    if (!s.notes.empty()) {
        out += "\n";
        for (const auto& n : s.notes) out += detail::wrap(n, width) + "\n";
    }
    return out;
}

std::string render_measurements_json(const measurement_summary& s) {
    using detail::json_number;
    using detail::json_quoted;
    auto values = [&](const measurement_row& r) {
        std::string out = "{";
        for (std::size_t c = 0; c < s.columns.size(); ++c) {
            out += fmt::format("{}{}: {}", c ? ", " : "", json_quoted(s.columns[c].name), r.values[c] ? json_number(*r.values[c]) : "null");
        }
        return out + "}";
    };
    std::string out = fmt::format("{{\n  \"file\": {},\n  \"format\": {},\n  \"rows_read\": {},\n  \"rows_used\": {},\n  \"units\": {{", json_quoted(s.path),
                                  json_quoted(s.format), s.rows_read, s.rows_used);
    for (std::size_t c = 0; c < s.columns.size(); ++c) {
        out += fmt::format("{}{}: {}", c ? ", " : "", json_quoted(s.columns[c].name), s.columns[c].unit.empty() ? "null" : json_quoted(s.columns[c].unit));
    }
    out += "},\n  \"rows\": [";
    for (std::size_t i = 0; i < s.rows.size(); ++i) {
        out += fmt::format("{}\n    {{\"label\": {}, \"where\": {}, \"values\": {}}}", i ? "," : "", json_quoted(s.rows[i].label),
                           json_quoted(s.rows[i].where), values(s.rows[i]));
    }
    out += s.rows.empty() ? "],\n" : "\n  ],\n";
    out += fmt::format("  \"total\": {},\n  \"skipped\": [", s.total ? values(*s.total) : "null");
    for (std::size_t i = 0; i < s.rejected.size(); ++i) {
        out += fmt::format("{}{{\"line\": {}, \"why\": {}}}", i ? ", " : "", s.rejected[i].line, json_quoted(s.rejected[i].why));
    }
    out += "],\n  \"notes\": [";
    for (std::size_t i = 0; i < s.notes.size(); ++i) out += fmt::format("{}{}", i ? ", " : "", json_quoted(s.notes[i]));
    return out + "]\n}\n";
}

}  // namespace kaya

#include "report/charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>

#include "render/text.hpp"
#include "text/utf8.hpp"

namespace kaya::detail {
namespace {

// A palette that stays readable in print and for common colour-vision deficiencies (Okabe-Ito).
const char* const palette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"};
static_assert(std::size(palette) == chart_colours);

std::string svg_open(int width, int height, const std::string& title) {
    return fmt::format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
                       "font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"{2}\">\n"
                       "<title>{2}</title>\n<rect width=\"{0}\" height=\"{1}\" fill=\"#ffffff\"/>\n"
                       "<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">{2}</text>\n",
                       width, height, xml_escaped(title));
}

// A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten.
double nice_ceiling(double v) {
    if (v <= 0.0) return 1.0;
    const double p = std::pow(10.0, std::floor(std::log10(v)));
    for (const double m : {1.0, 2.0, 5.0, 10.0})
        if (m * p >= v) return m * p;
    return 10.0 * p;
}

}  // namespace

std::string xml_escaped(const std::string& text) {
    // XML 1.0 has no control characters but tab and line breaks, and no bytes outside UTF-8.
    const std::string s = detail::printable(text);
    std::string out;
    for (const char c : s) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            default: out += c;
        }
    }
    return out;
}

namespace {

// A segment as drawn: its legend entry, its value and, for a merged one, the phases in it.
struct drawn_segment {
    std::string legend;
    double value = 0.0;
    std::vector<std::string> members;
};
struct drawn_row {
    std::string label;
    std::vector<drawn_segment> segments;
    double low = 0.0, high = 0.0;
};

std::vector<std::string> legend_of(const std::vector<drawn_row>& rows) {
    std::vector<std::string> names;
    for (const auto& r : rows)
        for (const auto& s : r.segments)
            if (std::find(names.begin(), names.end(), s.legend) == names.end()) names.push_back(s.legend);
    return names;
}

// Each row's segments merged by `key` (a function of a segment), in order of first appearance.
template <class Key>
std::vector<drawn_row> merged(const std::vector<drawn_row>& rows, Key key) {
    std::vector<drawn_row> out;
    for (const auto& r : rows) {
        drawn_row m{r.label, {}, r.low, r.high};
        for (const auto& s : r.segments) {
            const std::string k = key(s);
            auto it = std::find_if(m.segments.begin(), m.segments.end(), [&](const drawn_segment& x) { return x.legend == k; });
            if (it == m.segments.end()) it = m.segments.insert(m.segments.end(), drawn_segment{k, 0.0, {}});
            it->value += s.value;
            it->members.insert(it->members.end(), s.members.begin(), s.members.end());
        }
        out.push_back(std::move(m));
    }
    return out;
}

// The rows with at most `chart_colours` legend entries, so that no two share a colour:
// as given; else merged by group; else the smallest entries merged into "other". `note`
// says what was merged.
std::vector<drawn_row> fit_palette(const std::vector<stacked_row>& rows, std::string& note) {
    std::vector<drawn_row> out;
    std::map<std::string, std::string> group_of;
    for (const auto& r : rows) {
        drawn_row d{r.label, {}, r.low, r.high};
        for (const auto& s : r.segments) {
            d.segments.push_back({s.name, s.value, {s.name}});
            group_of.emplace(s.name, s.group.empty() ? s.name : s.group);
        }
        out.push_back(std::move(d));
    }
    const std::size_t phases = legend_of(out).size();
    if (phases <= chart_colours) return out;
    std::vector<drawn_row> by_group = merged(out, [&](const drawn_segment& s) { return group_of.at(s.legend); });
    if (legend_of(by_group).size() <= chart_colours) {
        // "training (3 phases)": how many distinct phases each group holds, over all rows.
        std::map<std::string, std::size_t> count;
        for (const auto& [name, group] : group_of) ++count[group];
        const auto grouped = merged(by_group, [&](const drawn_segment& s) {
            const std::size_t n = count[s.legend];
            return fmt::format("{} ({} phase{})", s.legend, n, n == 1 ? "" : "s");
        });
        note = fmt::format("{} phases, more than {} colours tell apart: grouped by kind", phases, chart_colours);
        return grouped;
    }
    // The largest entries keep their colour; the rest are "other".
    std::map<std::string, double> size;
    for (const auto& r : out)
        for (const auto& s : r.segments) size[s.legend] += std::abs(s.value);
    std::vector<std::string> names = legend_of(out);
    std::stable_sort(names.begin(), names.end(), [&](const std::string& a, const std::string& b) { return size[a] > size[b]; });
    names.resize(chart_colours - 1);
    note = fmt::format("{} phases, more than {} colours tell apart: the smallest are merged into 'other'", phases, chart_colours);
    std::vector<drawn_row> kept = merged(out, [&](const drawn_segment& s) {
        return std::find(names.begin(), names.end(), s.legend) != names.end() ? s.legend : std::string("other");
    });
    for (auto& r : kept) {  // "other" last
        std::stable_partition(r.segments.begin(), r.segments.end(), [](const drawn_segment& s) { return s.legend != "other"; });
    }
    return kept;
}

}  // namespace

std::string stacked_bars_svg(const std::string& title, const std::string& unit, const std::vector<stacked_row>& input) {
    constexpr int width = 760, left = 130, right = 30, row_h = 34, top = 40;
    std::string note;
    const std::vector<drawn_row> rows = fit_palette(input, note);
    const std::vector<std::string> names = legend_of(rows);
    const int legend_rows = static_cast<int>((names.size() + 3) / 4) + (note.empty() ? 0 : 1);
    const int height = top + static_cast<int>(rows.size()) * row_h + 40 + legend_rows * 18 + 10;
    double max = 0.0;
    for (const auto& r : rows) {
        double sum = 0.0;
        for (const auto& s : r.segments) sum += std::max(0.0, s.value);
        max = std::max({max, sum, r.high});
    }
    max = nice_ceiling(max);
    const double plot = width - left - right;
    auto x = [&](double v) { return left + plot * v / max; };
    std::string out = svg_open(width, height, title);
    int y = top;
    for (const auto& r : rows) {
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", left - 8, y + 17, xml_escaped(r.label));
        double at = 0.0;
        for (const auto& s : r.segments) {
            if (s.value <= 0.0) continue;
            const auto k = static_cast<std::size_t>(std::find(names.begin(), names.end(), s.legend) - names.begin());
            const bool merged_phases = s.members.size() != 1 || s.members.front() != s.legend;
            std::string members;
            for (const auto& m : s.members) members += (members.empty() ? "" : ", ") + m;
            const std::string tip = merged_phases ? fmt::format("{} [{}]", s.legend, members) : s.legend;
            out += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"22\" fill=\"{}\"><title>{}: {} {}</title></rect>\n",
                               x(at), y + 2, x(at + s.value) - x(at), palette[k], xml_escaped(tip), cell(s.value), xml_escaped(unit));
            at += s.value;
        }
        if (r.high > r.low) {  // the p05–p95 of the total
            out += fmt::format("<line x1=\"{0:.1f}\" x2=\"{1:.1f}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#333\" stroke-width=\"1.5\"/>\n"
                               "<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{3}\" y2=\"{4}\" stroke=\"#333\" stroke-width=\"1.5\"/>\n"
                               "<line x1=\"{1:.1f}\" x2=\"{1:.1f}\" y1=\"{3}\" y2=\"{4}\" stroke=\"#333\" stroke-width=\"1.5\"/>\n",
                               x(r.low), x(r.high), y + 13, y + 6, y + 20);
        }
        y += row_h;
    }
    // The axis: 0, half and the maximum.
    out += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2}\" y2=\"{2}\" stroke=\"#999\"/>\n", left, width - right, y + 2);
    for (const double v : {0.0, max / 2, max}) {
        out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">{}</text>\n", x(v), y + 16, cell(v));
    }
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#555\">{} (whiskers: p05 – p95 of the total)</text>\n",
                       width - right, y + 30, xml_escaped(unit));
    int legend_top = y + 44;
    if (!note.empty()) {
        out += fmt::format("<text x=\"10\" y=\"{}\" fill=\"#555\">{}</text>\n", legend_top, xml_escaped(note));
        legend_top += 18;
    }
    for (std::size_t k = 0; k < names.size(); ++k) {
        const int lx = 10 + static_cast<int>(k % 4) * 185, ly = legend_top + static_cast<int>(k / 4) * 18;
        out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{}</text>\n", lx, ly - 10,
                           palette[k], lx + 16, ly, xml_escaped(names[k]));
    }
    return out + "</svg>\n";
}

std::string histogram_svg(const std::string& title, const std::string& unit, std::vector<double> samples, double p05, double p50,
                          double p95) {
    constexpr int width = 760, height = 260, left = 50, right = 30, top = 40, bottom = 50, bins = 40;
    std::string out = svg_open(width, height, title);
    samples.erase(std::remove_if(samples.begin(), samples.end(), [](double v) { return !std::isfinite(v); }), samples.end());
    if (samples.empty()) return out + "</svg>\n";
    const auto [lo_it, hi_it] = std::minmax_element(samples.begin(), samples.end());
    // A constant sample gets a span as wide as its value (lo + 1 would be lo itself at 1e20).
    const double lo = *lo_it, hi = *hi_it > *lo_it ? *hi_it : *lo_it + std::max(1.0, std::abs(*lo_it));
    std::vector<int> counts(bins, 0);
    for (const double v : samples) {
        // Clamped as a double: a span that overflows gives NaN or inf, which no int holds.
        const double f = (v - lo) / (hi - lo) * bins;
        counts[static_cast<std::size_t>(std::isfinite(f) ? std::clamp(f, 0.0, bins - 1.0) : 0.0)]++;
    }
    const int peak = *std::max_element(counts.begin(), counts.end());
    const double plot_w = width - left - right, plot_h = height - top - bottom;
    auto x = [&](double v) { return left + plot_w * (v - lo) / (hi - lo); };
    for (int b = 0; b < bins; ++b) {
        const double h = plot_h * counts[static_cast<std::size_t>(b)] / std::max(1, peak);
        out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#56B4E9\" stroke=\"#ffffff\" stroke-width=\"0.5\"/>\n",
                           left + plot_w * b / bins, top + plot_h - h, plot_w / bins, h);
    }
    for (const auto& [v, name] : {std::pair{p05, "p05"}, {p50, "p50"}, {p95, "p95"}}) {
        out += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2:.1f}\" stroke=\"#D55E00\" stroke-dasharray=\"4 3\"/>"
                           "<text x=\"{0:.1f}\" y=\"{3}\" text-anchor=\"middle\" fill=\"#D55E00\">{4}</text>\n",
                           x(v), top, top + plot_h, top - 4, name);
    }
    out += fmt::format("<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"#999\"/>\n", left, width - right, top + plot_h);
    for (const double v : {lo, (lo + hi) / 2, hi}) {
        out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" fill=\"#555\">{}</text>\n", x(v), top + plot_h + 16, cell(v));
    }
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#555\">{} ({} samples)</text>\n", width - right, height - 10,
                       xml_escaped(unit), thousands(static_cast<long long>(samples.size())));
    return out + "</svg>\n";
}

std::string tornado_svg(const std::string& title, const std::string& unit, double nominal, const std::vector<tornado_row>& rows) {
    constexpr int width = 760, left = 330, right = 30, top = 40, row_h = 24;
    const int height = top + static_cast<int>(rows.size()) * row_h + 40;
    double lo = nominal, hi = nominal;
    for (const auto& r : rows) lo = std::min({lo, r.at_low, r.at_high}), hi = std::max({hi, r.at_low, r.at_high});
    if (hi <= lo) hi = lo + 1.0;
    const double plot = width - left - right;
    auto x = [&](double v) { return left + plot * (v - lo) / (hi - lo); };
    std::string out = svg_open(width, height, title);
    int y = top;
    for (const auto& r : rows) {
        // Long names keep their end (the field), cut on a character boundary.
        std::string label = r.label;
        if (label.size() > 48) {
            std::size_t from = label.size() - 47;
            while (from < label.size() && (static_cast<unsigned char>(label[from]) & 0xC0) == 0x80) ++from;
            label = "…" + label.substr(from);
        }
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", left - 8, y + 15, xml_escaped(label));
        // The part of the bar from the parameter's p05 is blue, from its p95 orange.
        for (const auto& [v, colour] : {std::pair{r.at_low, "#0072B2"}, {r.at_high, "#E69F00"}}) {
            const double a = std::min(x(v), x(nominal)), b = std::max(x(v), x(nominal));
            out += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"18\" fill=\"{}\"/>\n", a, y + 2, std::max(0.5, b - a), colour);
        }
        y += row_h;
    }
    out += fmt::format("<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#333\"/>\n", x(nominal), top - 4, y);
    for (const double v : {lo, nominal, hi}) {
        out += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">{}</text>\n", x(v), y + 16, cell(v));
    }
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"#555\">{}: blue, the parameter at its p05; orange, at its p95</text>\n",
                       width - right, height - 6, xml_escaped(unit));
    return out + "</svg>\n";
}

}  // namespace kaya::detail

#include "kaya/report/report.hpp"

#include <boost/uuid/detail/sha1.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "kaya/analysis/sensitivity.hpp"
#include "kaya/catalog/catalog.hpp"
#include "kaya/model/evaluate.hpp"
#include "kaya/render/render.hpp"
#include "kaya/units/unit.hpp"
#include "render/text.hpp"
#include "report/charts.hpp"
#include "report/document.hpp"
#include "report/sections.hpp"

namespace kaya {

using detail::cell;

namespace detail {

std::string sha1_of(const std::string& text) {
    boost::uuids::detail::sha1 h;
    h.process_bytes(text.data(), text.size());
    boost::uuids::detail::sha1::digest_type digest;
    h.get_digest(digest);
    std::string out;
    for (const auto word : digest) out += fmt::format("{:08x}", word);
    return out;
}

std::string range_text(const summary& s, double k) {
    if (!s.assessed()) return "n/a";
    return s.p05 == s.p95 ? std::string("–") : fmt::format("{} – {}", cell(s.p05 * k), cell(s.p95 * k));
}

std::string file_stem(const indicator& i) {
    std::string out;
    for (const char c : i.label) out += c == ' ' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace detail

using namespace detail;

std::vector<report_file> lifecycle_report(const scenario& s, const report_options& options) {
    const model m = compile(s, options.catalogues);
    const run_result r = run_monte_carlo(m, options.run);
    // Carbon is every scenario's one required category: the distribution and the tornado are of it.
    const std::size_t carbon = *m.carbon();
    const tornado_result t = tornado(m, m.total(carbon));

    document d;
    d.title = fmt::format("{}: lifecycle footprint", s.name);
    d.heading(d.title, 1);
    if (!s.description.empty()) d.paragraph(s.description);
    std::vector<report_file> figures;
    summary_section(d, r, options.run, *m.catalogue);
    breakdown_section(d, r, figures);
    functional_unit_section(d, r);
    measurement_section(d, r);
    coverage_section(d, r);
    // The chart's samples: the total carbon's alone, drawn again.
    Eigen::ArrayXXd samples;
    sample_nodes(m, {m.total(carbon)}, options.run, samples);
    std::vector<double> totals(samples.data(), samples.data() + samples.rows());
    distribution_section(d, r, std::move(totals), figures);
    sensitivity_section(d, t, figures, s.file->path());
    assumptions_section(d, s, m, r, options.run);
    methodology_section(d, m);
    provenance_section(d, s, options);

    std::vector<report_file> files{{"report.html", to_html(d)}, {"report.md", to_markdown(d)},
                                   {"results.json", render_json(r)}, {"results.csv", render_csv(r)}};
    files.insert(files.end(), figures.begin(), figures.end());
    return files;
}

}  // namespace kaya

#pragma once
// A report as a list of blocks, rendered to one self-contained HTML file or to Markdown
// with the figures as SVG files beside it: the content is written once.
#include <string>
#include <vector>

namespace kaya::detail {

struct block {
    enum class kind { heading, paragraph, table, figure, list };
    kind type = kind::paragraph;
    int level = 2;                                //!< heading level
    std::string text;                             //!< heading, paragraph, figure caption
    std::vector<std::vector<std::string>> rows;   //!< table: the first row is the header; list: one item per row
    std::string figure;                           //!< figure: file name, e.g. carbon-by-phase.svg
    std::string svg;                              //!< figure: the SVG text
};

struct document {
    std::string title;
    std::vector<block> blocks;

    void heading(std::string text, int level = 2) { blocks.push_back({block::kind::heading, level, std::move(text), {}, {}, {}}); }
    void paragraph(std::string text) { blocks.push_back({block::kind::paragraph, 0, std::move(text), {}, {}, {}}); }
    void table(std::vector<std::vector<std::string>> rows) { blocks.push_back({block::kind::table, 0, {}, std::move(rows), {}, {}}); }
    void list(std::vector<std::string> items) {
        block b{block::kind::list, 0, {}, {}, {}, {}};
        for (auto& i : items) b.rows.push_back({std::move(i)});
        blocks.push_back(std::move(b));
    }
    void figure(std::string name, std::string caption, std::string svg) {
        blocks.push_back({block::kind::figure, 0, std::move(caption), {}, std::move(name), std::move(svg)});
    }
};

//! One HTML file: inline CSS, the figures' SVG inline; no script, no external resource.
std::string to_html(const document& d);
//! Markdown; figures are linked as their file names.
std::string to_markdown(const document& d);

}  // namespace kaya::detail

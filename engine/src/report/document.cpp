#include "report/document.hpp"

#include <fmt/format.h>

#include "report/charts.hpp"
#include "text/utf8.hpp"

namespace kaya::detail {
namespace {

const char* const style = R"(body{font-family:-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.8em;border-bottom:2px solid #0072B2;padding-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #ddd}h3{margin-top:1.3em}
table{border-collapse:collapse;margin:.8em 0;font-size:.92em}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f2f6fa}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}figure{margin:1em 0}figcaption{color:#555;font-size:.9em}
code{background:#f4f4f4;padding:0 .2em}.meta{color:#555})";

bool numeric(const std::string& s) {
    if (s.empty()) return false;
    for (const char c : s)
        if (!(std::isdigit(static_cast<unsigned char>(c)) || c == ',' || c == '.' || c == '-' || c == ' ' || c == '%' ||
              static_cast<unsigned char>(c) >= 0x80))
            return false;
    return std::isdigit(static_cast<unsigned char>(s.back())) || s.back() == '%' || static_cast<unsigned char>(s[0]) >= 0x80;
}

// Text that Markdown shows as written: its markup characters and HTML escaped.
std::string md_text(const std::string& text) {
    const std::string s = detail::one_line(text);
    std::string out;
    for (const char c : s) {
        switch (c) {
            case '\\': case '`': case '*': case '_': case '[': case ']': case '#': case '|': out += '\\'; out += c; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '&': out += "&amp;"; break;
            case '\n': out += ' '; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace

std::string to_html(const document& d) {
    std::string out = fmt::format("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{}\n</style>\n</head>\n<body>\n",
                                  xml_escaped(d.title), style);
    for (const auto& b : d.blocks) {
        switch (b.type) {
            case block::kind::heading: out += fmt::format("<h{0}>{1}</h{0}>\n", b.level, xml_escaped(b.text)); break;
            case block::kind::paragraph: out += fmt::format("<p>{}</p>\n", xml_escaped(b.text)); break;
            case block::kind::list:
                out += "<ul>\n";
                for (const auto& r : b.rows) out += fmt::format("<li>{}</li>\n", xml_escaped(r[0]));
                out += "</ul>\n";
                break;
            case block::kind::table:
                out += "<table>\n";
                for (std::size_t i = 0; i < b.rows.size(); ++i) {
                    out += "<tr>";
                    for (const auto& c : b.rows[i]) {
                        out += i == 0 ? fmt::format("<th>{}</th>", xml_escaped(c))
                                      : fmt::format("<td{}>{}</td>", numeric(c) ? " class=\"n\"" : "", xml_escaped(c));
                    }
                    out += "</tr>\n";
                }
                out += "</table>\n";
                break;
            case block::kind::figure:
                out += fmt::format("<figure>\n{}<figcaption>{}</figcaption>\n</figure>\n", b.svg, xml_escaped(b.text));
                break;
        }
    }
    return out + "</body>\n</html>\n";
}

std::string to_markdown(const document& d) {
    std::string out;
    for (const auto& b : d.blocks) {
        switch (b.type) {
            case block::kind::heading: out += fmt::format("{} {}\n\n", std::string(static_cast<std::size_t>(b.level), '#'), md_text(b.text)); break;
            case block::kind::paragraph: out += md_text(b.text) + "\n\n"; break;
            case block::kind::list:
                for (const auto& r : b.rows) out += "- " + md_text(r[0]) + "\n";
                out += "\n";
                break;
            case block::kind::table:
                for (std::size_t i = 0; i < b.rows.size(); ++i) {
                    out += "|";
                    for (const auto& c : b.rows[i]) out += " " + md_text(c) + " |";
                    out += "\n";
                    if (i == 0) {
                        out += "|";
                        for (std::size_t k = 0; k < b.rows[i].size(); ++k) out += "---|";
                        out += "\n";
                    }
                }
                out += "\n";
                break;
            case block::kind::figure: out += fmt::format("![{}]({})\n\n*{}*\n\n", md_text(b.text), b.figure, md_text(b.text)); break;
        }
    }
    return out;
}

}  // namespace kaya::detail

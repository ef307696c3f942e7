#include "engine/whatif/html_page.hpp"

#include <fmt/format.h>

namespace jaring::whatif {

std::string escape_html(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
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

std::string html_table(const Table& t) {
  std::string out = fmt::format("<section id=\"{}\"><h2>{}</h2>\n<div class=\"scroll\"><table>\n<thead><tr>",
                                escape_html(t.id), escape_html(t.title));
  for (std::size_t c = 0; c < t.headers.size(); ++c)
    out += fmt::format("<th{}>{}</th>", c < t.numeric.size() && t.numeric[c] ? " class=\"num\"" : "",
                       escape_html(t.headers[c]));
  out += "</tr></thead>\n<tbody>\n";
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    out += r < t.total_row.size() && t.total_row[r] ? "<tr class=\"total\">" : "<tr>";
    for (std::size_t c = 0; c < t.rows[r].size(); ++c)
      out += fmt::format("<td{}>{}</td>", c < t.numeric.size() && t.numeric[c] ? " class=\"num\"" : "",
                         escape_html(t.rows[r][c]));
    out += "</tr>\n";
  }
  out += "</tbody></table></div>\n";
  if (!t.note.empty()) out += "<p class=\"note\">" + escape_html(t.note) + "</p>\n";
  return out + "</section>\n";
}

std::string html_page(const std::string& title, const std::string& body, Lang lang) {
  static const char* const css = R"(
body { font-family: "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: #1d2733; margin: 0; background: #f6f7f9; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; background: #fff; }
h1 { font-size: 24px; margin: 0 0 6px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 2px solid #0072B2; padding-bottom: 3px; }
h3 { font-size: 15px; margin: 20px 0 6px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
p.lead { color: #3a4756; margin: 4px 0; }
p.note { color: #56606b; font-size: 13px; margin: 6px 0 0; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; margin-top: 4px; }
th, td { border-bottom: 1px solid #e3e6ea; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eef2f6; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 700; border-top: 2px solid #9aa5b1; }
.kpis { display: flex; flex-wrap: wrap; gap: 12px; margin: 14px 0; }
.kpi { border: 1px solid #d5dbe1; border-radius: 6px; padding: 8px 14px; min-width: 170px; }
.kpi b { display: block; font-size: 18px; }
.kpi span { font-size: 12px; color: #56606b; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
figure.chart { margin: 8px 0; border: 1px solid #e3e6ea; border-radius: 6px; padding: 6px; background: #fff; }
.added { color: #006d3c; } .removed { color: #a3320b; }
@media print { body { background: #fff; } main { padding: 0; } figure.chart { break-inside: avoid; } }
)";
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{}</style>\n"
      "</head>\n<body>\n<main>\n{}</main>\n</body>\n</html>\n",
      lang == Lang::En ? "en" : "id", escape_html(title), css, body);
}

}  // namespace jaring::whatif

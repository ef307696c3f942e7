#include "engine/doc/document.hpp"

#include <fmt/format.h>

#include "engine/base/text_escape.hpp"
#include "engine/whatif/html_page.hpp"

namespace jaring::doc {

void Document::heading(int level, std::string text, std::string anchor) {
  blocks.push_back({Block::Kind::Heading, level, std::move(text), std::move(anchor), {}, {}});
}
void Document::paragraph(std::string text) {
  blocks.push_back({Block::Kind::Paragraph, 0, std::move(text), {}, {}, {}});
}
void Document::list(std::vector<std::string> items) {
  if (!items.empty()) blocks.push_back({Block::Kind::List, 0, {}, {}, std::move(items), {}});
}
void Document::code(std::string text) { blocks.push_back({Block::Kind::Code, 0, std::move(text), {}, {}, {}}); }
void Document::table(whatif::Table t) {
  if (!t.rows.empty()) blocks.push_back({Block::Kind::Table, 0, {}, {}, {}, std::move(t)});
}

namespace {

// Inline markup as HTML: the text escaped, `code` and **bold** spans marked up.
std::string inline_html(std::string_view s) {
  std::string out;
  bool code = false, bold = false;
  std::string run;
  auto flush = [&] {
    out += whatif::escape_html(run);
    run.clear();
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '`') {
      flush();
      out += code ? "</code>" : "<code>";
      code = !code;
    } else if (!code && s.compare(i, 2, "**") == 0) {
      flush();
      out += bold ? "</strong>" : "<strong>";
      bold = !bold;
      ++i;
    } else {
      run += s[i];
    }
  }
  flush();
  if (code) out += "</code>";
  if (bold) out += "</strong>";
  return out;
}

// A table with its title (if any) as a caption and its note under it.
std::string table_html(const whatif::Table& t) {
  std::string out = "<div class=\"scroll\"><table>\n";
  if (!t.title.empty()) out += "<caption>" + inline_html(t.title) + "</caption>\n";
  out += "<thead><tr>";
  for (std::size_t c = 0; c < t.headers.size(); ++c)
    out += fmt::format("<th{}>{}</th>", c < t.numeric.size() && t.numeric[c] ? " class=\"num\"" : "",
                       inline_html(t.headers[c]));
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : t.rows) {
    out += "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c)
      out += fmt::format("<td{}>{}</td>", c < t.numeric.size() && t.numeric[c] ? " class=\"num\"" : "",
                         inline_html(row[c]));
    out += "</tr>\n";
  }
  out += "</tbody></table></div>\n";
  if (!t.note.empty()) out += "<p class=\"note\">" + inline_html(t.note) + "</p>\n";
  return out;
}

}  // namespace

std::string render_markdown(const Document& d) {
  std::string out = "# " + d.title + "\n";
  for (const Block& b : d.blocks) {
    out += '\n';
    switch (b.kind) {
      case Block::Kind::Heading:
        out += std::string(static_cast<std::size_t>(b.level), '#') + " " + b.text + "\n";
        break;
      case Block::Kind::Paragraph: out += b.text + "\n"; break;
      case Block::Kind::List:
        for (const auto& item : b.items) out += "- " + item + "\n";
        break;
      case Block::Kind::Code: out += "```jaring\n" + b.text + (b.text.ends_with('\n') ? "" : "\n") + "```\n"; break;
      case Block::Kind::Table: {
        const auto& t = b.table;
        if (!t.title.empty()) out += "**" + t.title + "**\n\n";
        std::string head = "|", rule = "|";
        for (std::size_t c = 0; c < t.headers.size(); ++c) {
          head += " " + markdown_cell(t.headers[c]) + " |";
          rule += c < t.numeric.size() && t.numeric[c] ? " ---: |" : " --- |";
        }
        out += head + "\n" + rule + "\n";
        for (const auto& row : t.rows) {
          std::string line = "|";
          for (const auto& cell : row) line += " " + markdown_cell(cell) + " |";
          out += line + "\n";
        }
        if (!t.note.empty()) out += "\n" + t.note + "\n";
        break;
      }
    }
  }
  return out;
}

std::string render_html(const Document& d, whatif::Lang lang) {
  std::string body = "<h1>" + inline_html(d.title) + "</h1>\n";
  for (const Block& b : d.blocks) {
    switch (b.kind) {
      case Block::Kind::Heading: {
        const std::string id = b.anchor.empty() ? "" : " id=\"" + whatif::escape_html(b.anchor) + "\"";
        body += fmt::format("<h{0}{1}>{2}</h{0}>\n", b.level, id, inline_html(b.text));
        break;
      }
      case Block::Kind::Paragraph: body += "<p>" + inline_html(b.text) + "</p>\n"; break;
      case Block::Kind::List:
        body += "<ul>\n";
        for (const auto& item : b.items) body += "<li>" + inline_html(item) + "</li>\n";
        body += "</ul>\n";
        break;
      case Block::Kind::Code: body += "<pre><code>" + whatif::escape_html(b.text) + "</code></pre>\n"; break;
      case Block::Kind::Table: body += table_html(b.table); break;
    }
  }
  return whatif::html_page(d.title, body, lang);
}

}  // namespace jaring::doc

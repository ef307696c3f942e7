// A document as blocks (headings, paragraphs, lists, tables, code), rendered as Markdown or as
// one self-contained HTML page. Text may hold `code` spans (backticks) and **bold** spans; the
// renderers escape everything else.
#pragma once

#include <string>
#include <vector>

#include "engine/whatif/lang.hpp"
#include "engine/whatif/table.hpp"

namespace jaring::doc {

struct Block {
  enum class Kind { Heading, Paragraph, List, Table, Code };
  Kind kind = Kind::Paragraph;
  int level = 2;                   // Heading: 1 to 4
  std::string text;                // Heading, Paragraph, Code
  std::string anchor;              // Heading: an id to link to (HTML), empty for none
  std::vector<std::string> items;  // List
  whatif::Table table;             // Table
};

struct Document {
  std::string title;
  std::vector<Block> blocks;

  void heading(int level, std::string text, std::string anchor = {});
  void paragraph(std::string text);
  void list(std::vector<std::string> items);
  void code(std::string text);
  void table(whatif::Table t);
};

std::string render_markdown(const Document& d);
std::string render_html(const Document& d, whatif::Lang lang);

}  // namespace jaring::doc

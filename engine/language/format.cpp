// The printer of `jaring fmt` (the layout is described in format.hpp): the tokens of the text in
// order, each on the line the author put it on or on a new one where the layout wants a line
// break, with canonical indentation and spacing.
#include "engine/language/format.hpp"

#include <algorithm>

#include "engine/base/internal_error.hpp"
#include "engine/base/literate.hpp"
#include "engine/language/format_spelling.hpp"
#include "engine/language/format_tokens.hpp"
#include "engine/language/parse.hpp"

namespace jaring {

namespace {

using layout::Role;
using layout::Token;
using layout::TokenKind;

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\v' || s.back() == '\f'))
    s.remove_suffix(1);
  return s;
}

bool is_opener(Role r) { return r == Role::BlockOpen || r == Role::BracketOpen || r == Role::CallOpen; }
bool is_closer(Role r) { return r == Role::BlockClose || r == Role::BracketClose; }

// A bracket or block opened and not closed yet.
struct Open {
  std::size_t token = 0;
  bool block = false;                 // a multi-line block: its items are lines of their own
  std::size_t line_indent = 0;        // the indentation of the line it was opened on
  std::size_t outer_item_indent = 0;  // the items' indentation outside it
  std::optional<std::size_t> align;   // the column of what follows it on its line
};

class Printer {
 public:
  Printer(std::string_view text, std::vector<Token> tokens, const FormatOptions& options)
      : text_(text), tokens_(std::move(tokens)), options_(options) {
    find_multiline_blocks();
    align_fields();
  }

  std::string run() {
    for (std::size_t i = 0; i < tokens_.size(); ++i) print(i);
    if (!out_.empty()) out_ += '\n';
    return std::move(out_);
  }

 private:
  std::string_view source_text(const Token& t) const { return text_.substr(t.begin, t.end - t.begin); }
  std::string_view spelled(const Token& t) const {
    if (t.kind == TokenKind::Comment) return trim_right(source_text(t));
    return layout::spelling(t.kind, source_text(t), options_.keywords);
  }

  // A block is written over several lines when a line break stands anywhere inside its braces.
  void find_multiline_blocks() {
    std::vector<std::size_t> breaks(tokens_.size() + 1, 0);  // tokens up to i with a line break before
    for (std::size_t i = 0; i < tokens_.size(); ++i) breaks[i + 1] = breaks[i] + (tokens_[i].newlines_before > 0);
    multiline_.assign(tokens_.size(), false);
    for (std::size_t i = 0; i < tokens_.size(); ++i)
      if (tokens_[i].role == Role::BlockOpen) {
        const std::size_t close = tokens_[i].partner;
        multiline_[i] = multiline_[close] = breaks[close + 1] > breaks[i + 1];
      }
  }

  // The fields of a multi-line record, in runs not broken by a blank line, line up their colons.
  void align_fields() {
    colon_spaces_.assign(tokens_.size(), 1);
    std::vector<std::size_t> run;  // the colons of the current run
    std::vector<std::size_t> blocks;
    bool blank = false;
    auto close_run = [&] {
      std::size_t width = 0;
      for (std::size_t c : run) width = std::max(width, code_points(source_text(tokens_[c - 1])));
      for (std::size_t c : run) colon_spaces_[c] = width - code_points(source_text(tokens_[c - 1])) + 1;
      run.clear();
    };
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      const Token& t = tokens_[i];
      if (t.newlines_before >= 2) blank = true;
      if (t.role == Role::BlockOpen) {
        close_run();
        blocks.push_back(i);
      } else if (t.role == Role::BlockClose) {
        close_run();
        blocks.pop_back();
      } else if (t.starts_item && i + 1 < tokens_.size() && tokens_[i + 1].role == Role::FieldColon &&
                 !blocks.empty() && multiline_[blocks.back()]) {
        if (blank) close_run();
        run.push_back(i + 1);
        blank = false;
      }
    }
  }

  void print(std::size_t i) {
    const Token& t = tokens_[i];
    const std::string_view text = spelled(t);
    if (i == 0) {
      if (t.kind != TokenKind::Comment) line_indent_ = 0;
    } else if (line_break_before(i)) {
      out_ += blank_line_before(i) ? "\n\n" : "\n";
      line_indent_ = indent_for(i);
      out_.append(line_indent_, ' ');
      column_ = line_indent_;
    } else {
      const std::size_t spaces = spaces_before(i);
      out_.append(spaces, ' ');
      column_ += spaces;
      if (align_pending_ && t.kind != TokenKind::Comment && !stack_.empty()) stack_.back().align = column_;
    }
    align_pending_ = false;
    out_ += text;
    column_ += code_points(text);
    after(i);
  }

  bool line_break_before(std::size_t i) const {
    const Token& t = tokens_[i];
    const Token& prev = tokens_[i - 1];
    if (t.kind == TokenKind::Comment && t.newlines_before == 0) return false;  // stays after the code
    if (prev.kind == TokenKind::Comment || t.starts_declaration) return true;
    if (t.starts_item && !stack_.empty() && stack_.back().block) return true;
    if (t.role == Role::BlockClose && multiline_[i]) return true;
    if (prev.role == Role::BlockOpen && multiline_[i - 1]) return true;
    return t.newlines_before > 0;
  }

  // At most one blank line, and none at the start or the end of a block or a bracket.
  bool blank_line_before(std::size_t i) const {
    const Token& t = tokens_[i];
    if (t.newlines_before < 2 || is_closer(t.role)) return false;
    const Token& prev = tokens_[i - 1];
    if (is_opener(prev.role)) return false;
    const bool trailing = prev.kind == TokenKind::Comment && prev.newlines_before == 0;
    return !(trailing && i >= 2 && is_opener(tokens_[i - 2].role));
  }

  // The indentation of what is inside the innermost bracket or block.
  std::size_t inner_indent() const {
    if (stack_.empty()) return 0;
    const Open& o = stack_.back();
    if (o.block) return o.outer_item_indent + 2;
    return o.align ? *o.align : o.line_indent + 2;
  }

  std::size_t indent_for(std::size_t i) const {
    const Token& t = tokens_[i];
    if (t.kind == TokenKind::Comment) {
      std::size_t next = i + 1;
      while (next < tokens_.size() && tokens_[next].kind == TokenKind::Comment) ++next;
      if (next == tokens_.size()) return 0;
      if (is_closer(tokens_[next].role)) return inner_indent();
      return indent_for(next);
    }
    if (is_closer(t.role)) {
      const Open& o = stack_.back();
      return o.block || t.role == Role::BlockClose ? o.outer_item_indent : o.line_indent;
    }
    if (t.starts_declaration || t.starts_item) return items_indent();
    if (!stack_.empty() && !stack_.back().block) return inner_indent();
    return items_indent() + 2;  // the item goes on
  }

  // The indentation of a declaration or a block's item.
  std::size_t items_indent() const {
    return stack_.empty() ? 0 : stack_.back().outer_item_indent + (stack_.back().block ? 2 : 0);
  }

  std::size_t spaces_before(std::size_t i) const {
    const Token& t = tokens_[i];
    const Token& prev = tokens_[i - 1];
    if (t.kind == TokenKind::Comment) {
      const std::size_t wanted = std::max(original_column(t), column_ + 2);
      return wanted - column_;
    }
    const std::string_view p = source_text(prev);
    if ((is_opener(prev.role) && p != "{") || (is_closer(t.role) && t.partner == i - 1)) return 0;
    if (t.role == Role::BracketClose && source_text(t) != "}") return 0;
    if (t.role == Role::CallOpen || t.role == Role::Comma || t.role == Role::TightColon) return 0;
    if (prev.role == Role::Negate) return 0;
    if (t.role == Role::FieldColon) return colon_spaces_[i];
    if (t.starts_item && prev.role != Role::BlockOpen) return 2;  // items of a block on one line
    if (prev.header_keyword) {
      const std::size_t width = layout::header_keyword_width(spelled(prev));
      const std::size_t used = code_points(spelled(prev));
      return width > used ? width - used + 1 : 1;
    }
    return 1;
  }

  std::size_t original_column(const Token& t) const {
    const std::size_t line_start = t.begin == 0 ? 0 : text_.rfind('\n', t.begin - 1);
    const std::size_t from = line_start == std::string_view::npos || t.begin == 0 ? 0 : line_start + 1;
    return code_points(text_.substr(from, t.begin - from));
  }

  void after(std::size_t i) {
    const Token& t = tokens_[i];
    if (is_opener(t.role)) {
      Open o;
      o.token = i;
      o.block = t.role == Role::BlockOpen && multiline_[i];
      o.line_indent = line_indent_;
      o.outer_item_indent = items_indent();
      stack_.push_back(o);
      align_pending_ = true;
    } else if (is_closer(t.role)) {
      if (stack_.empty() || stack_.back().token != t.partner) throw InternalError("format: brackets out of order");
      stack_.pop_back();
    }
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  FormatOptions options_;
  std::vector<bool> multiline_;            // per token: a block's brace, of a block over several lines
  std::vector<std::size_t> colon_spaces_;  // per token: the spaces before a field's colon
  std::vector<Open> stack_;
  std::string out_;
  std::size_t column_ = 0;       // in code points
  std::size_t line_indent_ = 0;  // of the current line
  bool align_pending_ = false;   // the last token opened a bracket
};

}  // namespace

std::optional<std::string> format_policy(const SourceMap& sources, SourceId id, Diagnostics& diags,
                                         const FormatOptions& options) {
  if (!parse(sources, id, diags)) return std::nullopt;
  const Source& src = sources.get(id);
  const std::string& text = src.text();
  if (!is_literate(src.name())) return Printer(text, layout::format_tokens(text), options).run();
  // A literate policy: the prose as written, each `jaring` block's code formatted on its own.
  // A block that does not parse alone (a declaration split over two blocks) stays as written.
  std::string out;
  std::size_t at = 0;
  for (const CodeBlock& b : literate_blocks(text)) {
    const std::string_view code = std::string_view(text).substr(b.begin, b.end - b.begin);
    out.append(text, at, b.begin - at);
    at = b.end;
    SourceMap alone;
    Diagnostics ignored;
    const SourceId one = alone.add("block.policy", std::string(code));
    if (code.find_first_not_of(" \t\r\n") == std::string_view::npos || !parse(alone, one, ignored)) {
      out.append(code);
      continue;
    }
    out += Printer(code, layout::format_tokens(code), options).run();
  }
  out.append(text, at, std::string::npos);
  return out;
}

}  // namespace jaring

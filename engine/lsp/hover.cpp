// Hover (features.hpp): what a name, path, keyword, function, type or region code under the
// cursor is, from the analysis of the document.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "engine/base/date.hpp"
#include "engine/base/i18n.hpp"
#include "engine/base/regions.hpp"
#include "engine/base/text_escape.hpp"
#include "engine/language/builtins.hpp"
#include "engine/language/constraint.hpp"
#include "engine/language/parse.hpp"
#include "engine/language/types.hpp"
#include "engine/lsp/features.hpp"

namespace jaring::lsp {

namespace {

bool number_char(char c) { return (c >= '0' && c <= '9') || c == '.'; }

// A keyword's spelling in the message language: `group` or `kelompok`.
std::string_view keyword_said(std::string_view english) {
  for (const auto& k : keyword_table())
    if (k.english == english) return message_language() == Lang::id ? k.indonesian : k.english;
  return english;
}

std::string_view kind_title(const Declared& d) {
  switch (d.kind) {
    case DeclaredKind::Field: return keyword_said("record");
    case DeclaredKind::Let: return keyword_said("let");
    case DeclaredKind::Parameter: return keyword_said("parameter");
    case DeclaredKind::Programme: return keyword_said("programme");
    case DeclaredKind::Payer: return keyword_said("payer");
    case DeclaredKind::Requirement: return keyword_said("require");
    case DeclaredKind::Group: return keyword_said("group");
    case DeclaredKind::Quota: return keyword_said("quota");
  }
  return {};
}

// Up to `max_lines` lines of `text`, then `…`.
std::string first_lines(std::string_view text, int max_lines) {
  std::string out;
  int lines = 0;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t nl = text.find('\n', at);
    const std::string_view line = text.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at);
    if (++lines > max_lines) {
      out += "…\n";
      break;
    }
    out += line;
    out += '\n';
    if (nl == std::string_view::npos) break;
    at = nl + 1;
  }
  return out;
}

std::string code_block(std::string_view code) {
  std::string body(code);
  if (body.empty() || body.back() != '\n') body += '\n';
  return "```jaring\n" + body + "```\n";
}

// A parameter's values, one row per dated period, as written.
std::string parameter_values(const Analysis& a, const ast::ParameterDecl& p) {
  std::string out = say_text("| since | until | value |") + "\n|---|---|---|\n";
  for (const auto& v : p.values) {
    std::string value;
    if (v.is_table) {
      for (const auto& e : v.table) {
        if (!value.empty()) value += ", ";
        value += fmt::format("{}: {}", a.sources.get(e.key->span.source).slice(e.key->span),
                             a.sources.get(e.value->span.source).slice(e.value->span));
      }
    } else if (v.value) {
      value = a.sources.get(v.value->span.source).slice(v.value->span);
    }
    out += fmt::format("| {} | {} | `{}` |\n", format_date(v.since.day), v.until ? format_date(v.until->day) : "—",
                       markdown_cell(value));
  }
  return out;
}

std::string describe(const Analysis& a, const Declared& d) {
  const Source& src = a.sources.get(d.span.source);
  std::optional<ast::Text> label, citation;
  std::string code, more;
  std::visit(
      [&](const auto* decl) {
        using T = std::decay_t<decltype(*decl)>;
        if constexpr (requires { decl->label; }) label = decl->label;
        if constexpr (requires { decl->citation; }) citation = decl->citation;
        if constexpr (std::is_same_v<T, ast::ParameterDecl>) {
          // The declaration's head, `parameter x "label" : money by y [citation]`, then its values.
          code = first_lines(src.slice({d.span.source, decl->span.begin,
                                        decl->values.empty() ? decl->span.end : decl->values.front().span.begin}),
                             3);
          while (!code.empty() && (code.back() == '\n' || code.back() == ' ' || code.back() == '{')) code.pop_back();
          if (!decl->values.empty()) more = parameter_values(a, *decl);
        } else {
          code = first_lines(src.slice(d.span), 14);
        }
      },
      d.decl);
  std::string out;
  if (label) out += fmt::format("**{}**", label->text);
  if (citation) out += fmt::format("{}[{}]", label ? " " : "", citation->text);
  if (!out.empty()) out += "\n\n";
  out += code_block(code);
  if (!more.empty()) out += "\n" + more;
  const LineCol at = src.line_col(d.name_span.begin);
  std::string where = src.name();
  if (d.span.source == Analysis::document) where = std::filesystem::path(where).filename().string();
  std::string title = "*" + std::string(kind_title(d)) + "* `" + d.name + "`";
  if (d.kind == DeclaredKind::Field && a.policy && a.policy->record)
    title = say("field `{}` of record `{}`", d.name, a.policy->record->name.name);
  out += "\n" + title + " · ";
  out += say("declared in `{}` line {}", where, at.line) + "\n";
  return out;
}

std::optional<std::string> keyword_hover(std::string_view word) {
  for (const auto& k : keyword_table())
    if (k.english == word || k.indonesian == word)
      return say("keyword `{}` (English) or `{}` (Indonesian)", k.english, k.indonesian);
  return std::nullopt;
}

std::optional<std::string> function_hover(std::string_view word) {
  const auto index = find_builtin(word);
  if (!index) return std::nullopt;
  const Builtin& b = builtins()[*index];
  std::string_view indonesian = b.name;
  for (const auto& alias : builtin_aliases())
    if (alias.english == b.name) indonesian = alias.indonesian;
  std::string arity = b.max_args == Builtin::any_number ? fmt::format("{}+", b.min_args)
                      : b.max_args == b.min_args        ? fmt::format("{}", b.min_args)
                                                        : fmt::format("{}–{}", b.min_args, b.max_args);
  return say("function `{}` (Indonesian `{}`), arguments: {}", b.name, indonesian, arity);
}

std::optional<std::string> type_hover(std::string_view word) {
  for (const auto& t : type_table)
    if (t.english == word || t.indonesian == word)
      return say("type `{}` (English) or `{}` (Indonesian): {}", t.english, t.indonesian, described(t.kind));
  return std::nullopt;
}

std::optional<std::string> region_hover(std::string_view code) {
  const auto r = find_region(code);
  if (!r) return std::nullopt;
  const auto level = static_cast<RegionLevel>(r->level);
  return fmt::format("**{}** {} ({}, Kemendagri)", r->code, r->name,
                     message_language() == Lang::id ? region_level_name_id(level) : region_level_name(level));
}

// The `use` or `amends` path at `offset` in the document's header, if the cursor is on one.
const ast::Text* header_path_at(const Analysis& a, std::uint32_t offset) {
  if (!a.file) return nullptr;
  for (const auto& u : a.file->header.uses)
    if (u.span.begin <= offset && offset <= u.span.end) return &u;
  const auto& base = a.file->header.amends;
  if (base && base->span.begin <= offset && offset <= base->span.end) return &*base;
  return nullptr;
}

nlohmann::json markdown(const std::string& value, const std::string& text, std::uint32_t begin, std::uint32_t end,
                        Encoding enc) {
  return {{"contents", {{"kind", "markdown"}, {"value", value}}}, {"range", range_json(text, begin, end, enc)}};
}

// Whether `offset` is inside a comment or a text literal (neither spans lines), where a word
// is prose, not a name: `# the role is checked` or "Ketua RT" say nothing of a field `role`.
bool in_comment_or_text(std::string_view code, std::uint32_t offset) {
  std::uint32_t i = offset;
  while (i > 0 && code[i - 1] != '\n') --i;
  bool in_text = false;
  for (; i < offset; ++i) {
    const char c = code[i];
    if (in_text) {
      if (c == '\\') ++i;
      else if (c == '"') in_text = false;
    } else if (c == '"') {
      in_text = true;
    } else if (c == '#') {
      return true;
    }
  }
  return in_text;
}

}  // namespace

std::optional<Word> word_at(std::string_view code, std::uint32_t offset) {
  if (offset > code.size() || in_comment_or_text(code, offset)) return std::nullopt;
  auto grow = [&](auto is_part) -> std::optional<Word> {
    std::uint32_t b = offset, e = offset;
    while (b > 0 && is_part(code[b - 1])) --b;
    while (e < code.size() && is_part(code[e])) ++e;
    if (b == e) return std::nullopt;
    return Word{b, e, code.substr(b, e - b), true};
  };
  if (auto w = grow(ident_char)) {
    if (!(w->text[0] >= '0' && w->text[0] <= '9')) return w;
  }
  if (auto w = grow(number_char)) {
    while (!w->text.empty() && w->text.back() == '.') {  // `36.72.` at a sentence's end
      w->text.remove_suffix(1);
      --w->end;
    }
    if (w->text.empty()) return std::nullopt;
    w->identifier = false;
    return w;
  }
  return std::nullopt;
}

nlohmann::json hover(const Analysis& a, std::uint32_t offset, Encoding enc) {
  const std::string& text = a.text();
  if (const ast::Text* path = header_path_at(a, offset)) {
    const auto id = source_of_path(a, path->text);
    if (!id) return nullptr;
    std::error_code ec;
    const auto file = std::filesystem::absolute(a.sources.get(*id).name(), ec).lexically_normal().string();
    return markdown(say("the policy file `{}`", file), text, path->span.begin, path->span.end, enc);
  }
  const auto w = word_at(a.sources.get(Analysis::document).code(), offset);
  if (!w) return nullptr;
  std::string value;
  if (!w->identifier) {
    if (auto r = region_hover(w->text)) value = *r;
  } else if (auto found = a.find(w->text); !found.empty()) {
    for (const Declared* d : found) value += (value.empty() ? "" : "\n---\n") + describe(a, *d);
  } else if (w->text == "as_of") {
    value = say_text("`as_of`: the date the decision is made as of");
  } else if (auto k = keyword_hover(w->text)) {
    value = *k;
  } else if (auto f = function_hover(w->text)) {
    value = *f;
  } else if (auto t = type_hover(w->text)) {
    value = *t;
  }
  if (value.empty()) return nullptr;
  return markdown(value, text, w->begin, w->end, enc);
}

}  // namespace jaring::lsp

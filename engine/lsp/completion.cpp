// Completion (features.hpp): what may be written at the cursor, narrowed by the keyword before
// it on the line (`paid_by` → payers) or the block it is in (a record's `name :` → types).
#include <set>

#include "engine/base/literate.hpp"
#include "engine/language/builtins.hpp"
#include "engine/language/engine_reasons.hpp"
#include "engine/language/parse.hpp"
#include "engine/language/types.hpp"
#include "engine/lsp/features.hpp"

namespace jaring::lsp {

namespace {

// LSP CompletionItemKind.
enum ItemKind {
  Function = 3,
  Field = 5,
  Variable = 6,
  Class = 7,
  Interface = 8,
  Module = 9,
  Unit = 11,
  Value = 12,
  Keyword = 14,
  EnumMember = 20,
  Constant = 21,
  TypeParameter = 25
};

enum class Want { Anything, Payers, Programmes, Requirements, Groups, Types, Fields, Quotas, Schemes };

// A keyword in either language, as its English spelling; empty for any other word.
std::string_view english_keyword(std::string_view word) {
  for (const auto& k : keyword_table())
    if (k.english == word || k.indonesian == word) return k.english;
  return {};
}

// The last two keywords in `text` (as English; empty where there are fewer), strings skipped.
struct LastKeywords {
  std::string_view last, previous;
};
LastKeywords last_keywords(std::string_view text) {
  LastKeywords out;
  for (std::size_t at = 0; at < text.size();) {
    if (text[at] == '"') {  // skip a string
      const auto close = text.find('"', at + 1);
      at = close == std::string_view::npos ? text.size() : close + 1;
      continue;
    }
    if (!ident_char(text[at])) {
      ++at;
      continue;
    }
    std::size_t e = at;
    while (e < text.size() && ident_char(text[e])) ++e;
    if (auto k = english_keyword(text.substr(at, e - at)); !k.empty()) out = {k, out.last};
    at = e;
  }
  return out;
}

// The keyword of the innermost `{ … }` block open at `offset`: the last keyword before the `{` on
// its line, as English (`record`, `given` after `test "…" on D`, `group`, …), ignoring strings
// and comments.
std::string_view enclosing_block(std::string_view code, std::uint32_t offset) {
  std::vector<std::uint32_t> opens;
  bool in_string = false;
  for (std::uint32_t i = 0; i < offset && i < code.size(); ++i) {
    const char c = code[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '#') {
      while (i + 1 < offset && code[i + 1] != '\n') ++i;
    } else if (c == '{') {
      opens.push_back(i);
    } else if (c == '}' && !opens.empty()) {
      opens.pop_back();
    }
  }
  if (opens.empty()) return {};
  std::uint32_t line = opens.back();
  while (line > 0 && code[line - 1] != '\n') --line;
  return last_keywords(code.substr(line, opens.back() - line)).last;
}

Want wanted(std::string_view code, std::uint32_t offset) {
  std::uint32_t start = offset;
  while (start > 0 && ident_char(code[start - 1])) --start;  // the word being written
  std::uint32_t line = start;
  while (line > 0 && code[line - 1] != '\n') --line;
  const std::string_view before = code.substr(line, start - line);
  // The last keyword on the line before the cursor, and the one before it.
  const auto [last, previous] = last_keywords(before);
  std::size_t tail = before.find_last_not_of(" \t");
  const char just_before = tail == std::string_view::npos ? '\0' : before[tail];
  const std::string_view block = enclosing_block(code, start);
  if (block == "record" && just_before == ':') return Want::Types;
  if (block == "given" && (just_before == '{' || just_before == ',' || just_before == '\0')) return Want::Fields;
  if (last == "paid_by") return Want::Payers;
  if (last == "covers") return Want::Programmes;
  if (last == "waive" || last == "because") return Want::Requirements;
  if (last == "group" && previous == "expect") return Want::Groups;
  if (last == "scheme" && previous == "expect") return Want::Schemes;
  if (last == "of" || last == "per" || last == "by") return Want::Fields;
  if (last == "quota" && block == "group") return Want::Quotas;
  if (last == "scheme" || last == "as") return Want::Schemes;
  return Want::Anything;
}

struct Items {
  nlohmann::json list = nlohmann::json::array();
  std::set<std::pair<std::string, int>> seen;
  void add(std::string_view label, int kind, std::string detail) {
    if (!seen.emplace(std::string(label), kind).second) return;
    nlohmann::json item = {{"label", label}, {"kind", kind}};
    if (!detail.empty()) item["detail"] = std::move(detail);
    list.push_back(std::move(item));
  }
};

int item_kind(DeclaredKind k) {
  switch (k) {
    case DeclaredKind::Field: return Field;
    case DeclaredKind::Let: return Variable;
    case DeclaredKind::Parameter: return Constant;
    case DeclaredKind::Programme: return Module;
    case DeclaredKind::Payer: return Value;
    case DeclaredKind::Requirement: return Interface;
    case DeclaredKind::Group: return Class;
    case DeclaredKind::Quota: return Unit;
  }
  return Variable;
}

std::string label_of(const Declared& d) {
  return std::visit(
      [](const auto* decl) -> std::string {
        if constexpr (requires { decl->label; }) return decl->label ? decl->label->text : std::string();
        else return {};
      },
      d.decl);
}

void add_declared(Items& items, const Analysis& names, std::initializer_list<DeclaredKind> kinds) {
  for (const auto& d : names.declared)
    for (DeclaredKind k : kinds)
      if (d.kind == k) items.add(d.name, item_kind(k), label_of(d));
}

}  // namespace

nlohmann::json completion(const Analysis& a, const Analysis& names, std::uint32_t offset) {
  Items items;
  const Source& doc = a.sources.get(Analysis::document);
  if (is_literate(doc.name())) {  // in a literate policy only inside its `jaring` blocks
    bool inside = false;
    for (const auto& b : literate_blocks(doc.text())) inside = inside || (b.begin <= offset && offset <= b.end);
    if (!inside) return {{"isIncomplete", false}, {"items", items.list}};
  }
  const std::string_view code = doc.code();
  if (offset > code.size()) offset = static_cast<std::uint32_t>(code.size());
  switch (wanted(code, offset)) {
    case Want::Payers: add_declared(items, names, {DeclaredKind::Payer}); break;
    case Want::Programmes: add_declared(items, names, {DeclaredKind::Programme}); break;
    case Want::Groups: add_declared(items, names, {DeclaredKind::Group}); break;
    case Want::Fields: add_declared(items, names, {DeclaredKind::Field}); break;
    case Want::Quotas: add_declared(items, names, {DeclaredKind::Quota}); break;
    case Want::Requirements:
      add_declared(items, names, {DeclaredKind::Requirement});
      for (const auto& r : engine_reasons) items.add(r.rule, EnumMember, std::string(r.english));
      break;
    case Want::Schemes:
      if (names.policy)
        for (const auto& p : names.policy->programmes)
          for (const auto& s : p.schemes) items.add(s.scheme.name, EnumMember, {});
      items.add(ast::default_scheme, EnumMember, {});
      break;
    case Want::Types:
      for (const auto& t : type_table) {
        items.add(t.english, TypeParameter, std::string(t.indonesian));
        items.add(t.indonesian, TypeParameter, std::string(t.english));
      }
      break;
    case Want::Anything:
      add_declared(items, names,
                   {DeclaredKind::Field, DeclaredKind::Let, DeclaredKind::Parameter, DeclaredKind::Programme,
                    DeclaredKind::Payer, DeclaredKind::Requirement, DeclaredKind::Group, DeclaredKind::Quota});
      items.add("as_of", Variable, {});
      for (const auto& k : keyword_table()) {
        items.add(k.english, Keyword, std::string(k.indonesian));
        items.add(k.indonesian, Keyword, std::string(k.english));
      }
      for (const auto& b : builtins()) items.add(b.name, Function, {});
      for (const auto& al : builtin_aliases()) items.add(al.indonesian, Function, std::string(al.english));
      for (const auto& t : type_table) {
        items.add(t.english, TypeParameter, std::string(t.indonesian));
        items.add(t.indonesian, TypeParameter, std::string(t.english));
      }
      break;
  }
  return {{"isIncomplete", false}, {"items", items.list}};
}

}  // namespace jaring::lsp

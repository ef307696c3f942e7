// The document's outline (features.hpp), from its own syntax tree: what it declares, not what
// it uses.
#include "engine/language/parse.hpp"
#include "engine/lsp/features.hpp"

namespace jaring::lsp {

namespace {

// LSP SymbolKind.
enum class SymbolKind {
  Module = 2,
  Namespace = 3,
  Class = 5,
  Field = 8,
  Variable = 13,
  Constant = 14,
  Number = 16,
  Boolean = 17,
  Object = 19,
  Key = 20,
  Struct = 23,
  Event = 24
};

struct Outline {
  const std::string& text;
  Encoding enc;

  nlohmann::json symbol(std::string name, SymbolKind kind, const Span& whole, const Span& selected,
                        const std::optional<ast::Text>& detail = {}) const {
    if (name.empty()) name = "\"\"";  // LSP refuses an empty name
    // The selection must lie inside the range: a span of another file (a merged `use`) is not shown.
    Span range = whole;
    if (selected.begin < range.begin) range.begin = selected.begin;
    if (selected.end > range.end) range.end = selected.end;
    nlohmann::json s = {{"name", std::move(name)},
                        {"kind", static_cast<int>(kind)},
                        {"range", range_json(text, range.begin, range.end, enc)},
                        {"selectionRange", range_json(text, selected.begin, selected.end, enc)}};
    if (detail) s["detail"] = detail->text;
    return s;
  }
};

// An amendment's head as the file writes it, each run of blanks one space: `amend group rt_rw`,
// or `ubah kelompok rt_rw` in a file with Indonesian keywords.
std::string written_head(std::string_view code, const Span& whole, const Span& name) {
  std::string out;
  if (whole.begin > name.begin || name.end > code.size()) return out;
  for (const char c : code.substr(whole.begin, name.end - whole.begin)) {
    const bool blank = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (!blank) out += c;
    else if (!out.empty() && out.back() != ' ') out += ' ';
  }
  return out;
}

}  // namespace

nlohmann::json document_symbols(const Analysis& a, Encoding enc) {
  auto out = nlohmann::json::array();
  if (!a.file) return out;
  const Outline o{a.text(), enc};
  const std::string_view code = a.sources.get(Analysis::document).code();
  if (const auto& name = a.file->header.name)
    out.push_back(o.symbol(name->text, SymbolKind::Namespace, name->span, name->span));
  for (const auto& entry : a.file->decls) {
    std::visit(
        [&](const auto& d) {
          using T = std::decay_t<decltype(d)>;
          if constexpr (std::is_same_v<T, ast::RecordDecl>) {
            auto s = o.symbol(d.name.name, SymbolKind::Struct, d.span, d.name.span);
            s["children"] = nlohmann::json::array();
            for (const auto& f : d.fields)
              s["children"].push_back(o.symbol(f.name.name, SymbolKind::Field, f.span, f.name.span));
            out.push_back(std::move(s));
          } else if constexpr (std::is_same_v<T, ast::LetDecl>) {
            out.push_back(o.symbol(d.name.name, SymbolKind::Variable, d.span, d.name.span));
          } else if constexpr (std::is_same_v<T, ast::ParameterDecl>) {
            out.push_back(o.symbol(d.name.name, SymbolKind::Constant, d.span, d.name.span, d.label));
          } else if constexpr (std::is_same_v<T, ast::ProgrammeDecl>) {
            out.push_back(o.symbol(d.name.name, SymbolKind::Module, d.span, d.name.span, d.label));
          } else if constexpr (std::is_same_v<T, ast::PayerDecl>) {
            out.push_back(o.symbol(d.name.name, SymbolKind::Object, d.span, d.name.span, d.label));
          } else if constexpr (std::is_same_v<T, ast::RequireDecl>) {
            out.push_back(o.symbol(d.name.name, SymbolKind::Boolean, d.span, d.name.span, d.label));
          } else if constexpr (std::is_same_v<T, ast::GroupDecl>) {
            auto s = o.symbol(d.name.name, SymbolKind::Class, d.span, d.name.span, d.label);
            if (!d.requires_.empty()) {
              s["children"] = nlohmann::json::array();
              for (const auto& r : d.requires_)
                s["children"].push_back(o.symbol(r.name.name, SymbolKind::Boolean, r.span, r.name.span, r.label));
            }
            out.push_back(std::move(s));
          } else if constexpr (std::is_same_v<T, ast::QuotaDecl>) {
            out.push_back(o.symbol(d.name.name, SymbolKind::Number, d.span, d.name.span, d.label));
          } else if constexpr (std::is_same_v<T, ast::TestDecl>) {
            out.push_back(o.symbol(d.name.text, SymbolKind::Event, d.span, d.name.span));
          } else if constexpr (std::is_same_v<T, ast::AmendDecl> || std::is_same_v<T, ast::RemoveDecl>) {
            out.push_back(
                o.symbol(written_head(code, d.span, d.name.span), SymbolKind::Key, d.span, d.name.span, entry.article));
          }
        },
        entry.decl);
  }
  return out;
}

}  // namespace jaring::lsp

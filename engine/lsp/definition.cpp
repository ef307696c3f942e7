// Go to definition (features.hpp): a name to where it is declared, across `use` and `amends`;
// a `use` or `amends` path to its file.
#include "engine/lsp/features.hpp"

namespace jaring::lsp {

namespace {

nlohmann::json location(const Analysis& a, const Span& span, Encoding enc) {
  const Source& src = a.sources.get(span.source);
  return {{"uri", uri_from_path(src.name())}, {"range", range_json(src.text(), span.begin, span.end, enc)}};
}

}  // namespace

nlohmann::json definition(const Analysis& a, std::uint32_t offset, Encoding enc) {
  if (a.file) {
    std::vector<const ast::Text*> paths;
    for (const auto& u : a.file->header.uses) paths.push_back(&u);
    if (a.file->header.amends) paths.push_back(&*a.file->header.amends);
    for (const ast::Text* p : paths) {
      if (offset < p->span.begin || offset > p->span.end) continue;
      const auto id = source_of_path(a, p->text);
      if (!id) return nullptr;
      return nlohmann::json::array({location(a, {*id, 0, 0}, enc)});
    }
  }
  const auto w = word_at(a.sources.get(Analysis::document).code(), offset);
  if (!w || !w->identifier) return nullptr;
  auto out = nlohmann::json::array();
  for (const Declared* d : a.find(w->text)) out.push_back(location(a, d->name_span, enc));
  if (out.empty()) return nullptr;
  return out;
}

}  // namespace jaring::lsp

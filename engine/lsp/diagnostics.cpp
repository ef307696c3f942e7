// The document's diagnostics in LSP form (features.hpp).
#include <fmt/format.h>

#include "engine/base/i18n.hpp"
#include "engine/lsp/features.hpp"

namespace jaring::lsp {

namespace {

// Where a diagnostic in another file is shown in the document: the `use` or `amends` line that
// brought that file in, else the document's first character.
Span shown_at(const Analysis& a, SourceId source) {
  if (a.file) {
    for (const auto& u : a.file->header.uses)
      if (source_of_path(a, u.text) == source) return u.span;
    if (a.file->header.amends && source_of_path(a, a.file->header.amends->text) == source)
      return a.file->header.amends->span;
  }
  return {Analysis::document, 0, 0};
}

}  // namespace

nlohmann::json lsp_diagnostics(const Analysis& a, Encoding enc) {
  auto out = nlohmann::json::array();
  const std::string& text = a.text();
  for (const Diagnostic& d : a.diags.all()) {
    nlohmann::json item;
    std::string message = d.message;
    if (d.help) message += fmt::format("\n{}: {}", say_text("help"), *d.help);
    if (d.span.source == Analysis::document) {
      item["range"] = range_json(text, d.span.begin, d.span.end, enc);
    } else {
      const Source& other = a.sources.get(d.span.source);
      const LineCol at = other.line_col(d.span.begin);
      const Span here = shown_at(a, d.span.source);
      item["range"] = range_json(text, here.begin, here.end, enc);
      message = fmt::format("{}:{}:{}: {}", other.name(), at.line, at.column, message);
      item["relatedInformation"] =
          nlohmann::json::array({{{"location",
                                   {{"uri", uri_from_path(other.name())},
                                    {"range", range_json(other.text(), d.span.begin, d.span.end, enc)}}},
                                  {"message", d.message}}});
    }
    item["severity"] = d.severity == Severity::Error ? 1 : d.severity == Severity::Warning ? 2 : 3;
    item["code"] = d.code;
    item["source"] = "jaring";
    item["message"] = std::move(message);
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace jaring::lsp

// What the language server answers, each from an Analysis of the document (analysis.hpp) and a
// byte offset in it. Results are LSP JSON (3.17), positions in the negotiated encoding; `null`
// where LSP allows it for "nothing here". Texts are in the message language (`--lang`).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

#include "engine/lsp/analysis.hpp"
#include "engine/lsp/text_position.hpp"

namespace jaring::lsp {

// A character of an identifier: a letter, a digit or `_` (grammar/lexical.hpp's ident_other).
inline bool ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The identifier (letters, digits, `_`, starting with a letter or `_`) at `offset` or ending
// there, or the number-like literal (digits and `.`: a region code) there; nothing inside a
// comment or a text literal.
struct Word {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::string_view text;
  bool identifier = true;
};
std::optional<Word> word_at(std::string_view code, std::uint32_t offset);

// The document's diagnostics as LSP Diagnostic objects: those in the document at their place;
// those in a file it uses (or amends) at that `use` line, naming the file, line and column.
nlohmann::json lsp_diagnostics(const Analysis& a, Encoding enc);

// Markdown: a declared name (label, citation, type, the declaration as written, a parameter's
// dated values), a `use` path, a keyword (both spellings), a function, a type, a region code
// (its Kemendagri name). Null when there is nothing to say.
nlohmann::json hover(const Analysis& a, std::uint32_t offset, Encoding enc);

// The declaration(s) the name at `offset` refers to, in whichever file declares them; for a
// `use` or `amends` path, that file. An array of Locations, or null.
nlohmann::json definition(const Analysis& a, std::uint32_t offset, Encoding enc);

// Completion items at `offset`: after `paid_by` the payers, after `covers` the programmes, after
// `waive`/`because` the requirements, after `expect group` the groups, after `:` in a record the
// types, after `of`/`per`/`by` the fields; elsewhere every keyword (both languages), function,
// type and declared name. `names` supplies the declarations: the document's last analysis that
// loaded, when the current text does not.
nlohmann::json completion(const Analysis& a, const Analysis& names, std::uint32_t offset);

// The document's outline: header, record (with its fields), declarations, tests, amendments.
nlohmann::json document_symbols(const Analysis& a, Encoding enc);

}  // namespace jaring::lsp

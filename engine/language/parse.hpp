// Parsing one source into an AST. Syntax errors (one per file: the parser stops at the first)
// and literal errors (all of them) are reported to `diags`; nothing is returned if any.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "engine/base/diagnostic.hpp"
#include "engine/language/ast.hpp"

namespace jaring {

std::optional<ast::PolicyFile> parse(const SourceMap& sources, SourceId id, Diagnostics& diags);

// The language's keywords (grammar/keywords.hpp), each in English and Indonesian, in the
// table's order: what the language server completes and explains.
struct KeywordSpelling {
  std::string_view english;
  std::string_view indonesian;
};
std::span<const KeywordSpelling> keyword_table();

}  // namespace jaring

// Parsing one source into an AST. Syntax errors (one per file: the parser stops at the first)
// and literal errors (all of them) are reported to `diags`; nothing is returned if any.
#pragma once

#include <optional>

#include "engine/base/diagnostic.hpp"
#include "engine/language/ast.hpp"

namespace jaring {

std::optional<ast::PolicyFile> parse(const SourceMap& sources, SourceId id, Diagnostics& diags);

}  // namespace jaring

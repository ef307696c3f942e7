// Parsing one source into an AST. Syntax errors (one per file: the parser stops at the first)
// and literal errors (all of them) are reported to `diags`; nothing is returned if any.
#pragma once

#include <optional>

#include "engine/base/diagnostic.hpp"
#include "engine/language/ast.hpp"

namespace jaring {

// Expressions may nest at most this deep: parentheses, sets and calls each count one level;
// a chain of `not` or unary minus counts a third of a level per operator.
inline constexpr std::size_t max_expression_depth = 100;

std::optional<ast::PolicyFile> parse(const SourceMap& sources, SourceId id, Diagnostics& diags);

}  // namespace jaring

// Internal: turns the PEGTL parse tree into the AST, decoding literals. Only parse.cpp and
// cst_to_ast.cpp include this header (it pulls in PEGTL).
#pragma once

#include "engine/base/diagnostic.hpp"
#include "engine/language/ast.hpp"
#include "engine/language/parse_trees.hpp"

namespace jaring::internal {

// Builds the AST of a whole file from the root node; literal errors go to `diags`.
ast::PolicyFile to_ast(const Node& root, SourceId source, Diagnostics& diags);

}  // namespace jaring::internal

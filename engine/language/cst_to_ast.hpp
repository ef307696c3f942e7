// Internal: turns the PEGTL parse tree into the AST, decoding literals. Only parse.cpp and
// cst_to_ast.cpp include this header (it pulls in PEGTL).
#pragma once

#include <tao/pegtl/contrib/parse_tree.hpp>

#include "engine/base/diagnostic.hpp"
#include "engine/language/ast.hpp"

namespace jaring::internal {

using Node = tao::pegtl::parse_tree::node;

// Builds the AST of a whole file from the root node; literal errors go to `diags`.
ast::PolicyFile to_ast(const Node& root, SourceId source, Diagnostics& diags);

}  // namespace jaring::internal

// Internal: the grammar's two parse trees, each instantiated alone in a file of its own
// (parse_tree_ast.cpp, parse_tree_format.cpp). Instantiating PEGTL's templates over the whole
// grammar is most of what compiling, sanitizing and linting the parse costs: kept apart, the
// rest of the parse step compiles quickly and clang-tidy can leave those two files out
// (.ci/run), where nothing but PEGTL's own code would be read.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <tao/pegtl/contrib/parse_tree.hpp>

namespace jaring::internal {

using Node = tao::pegtl::parse_tree::node;

// The tree cst_to_ast reads (grammar/selector.hpp), expressions limited to
// 3 × max_nesting_depth levels. The nodes point into `code` and `source_name`, which must outlive
// them. Throws tao::pegtl::parse_error; null when nothing matched.
std::unique_ptr<Node> parse_tree_for_ast(std::string_view code, const std::string& source_name);

// The formatter's tree (format_tokens.cpp): the tokens longer than one character and the nodes
// whose shape the layout follows; they point into `code`. Throws tao::pegtl::parse_error.
std::unique_ptr<Node> parse_tree_for_format(std::string_view code);

}  // namespace jaring::internal

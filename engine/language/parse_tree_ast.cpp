// The parse tree cst_to_ast reads: the whole grammar instantiated with its selector and a depth
// limit on expressions (see parse_trees.hpp for why this is a file of its own).
#include <tao/pegtl/contrib/limit_depth.hpp>

#include "engine/language/limits.hpp"
#include "engine/language/parse_trees.hpp"
#include "grammar/grammar.hpp"

namespace jaring::internal {

namespace {

namespace pegtl = tao::pegtl;

template <typename Rule>
struct depth_action : pegtl::nothing<Rule> {};
template <>
struct depth_action<grammar::expression> : pegtl::limit_depth<3 * max_nesting_depth> {};
template <>
struct depth_action<grammar::not_expr> : pegtl::limit_depth<3 * max_nesting_depth> {};
template <>
struct depth_action<grammar::unary> : pegtl::limit_depth<3 * max_nesting_depth> {};

}  // namespace

std::unique_ptr<Node> parse_tree_for_ast(std::string_view code, const std::string& source_name) {
  // The nodes keep a view of the input's source name: the input holds the caller's, not a copy.
  pegtl::memory_input<pegtl::tracking_mode::eager, pegtl::eol::lf_crlf, std::string_view> in(
      code.data(), code.size(), std::string_view(source_name));
  const NodePool pool;
  return pegtl::parse_tree::parse<grammar::file, Node, grammar::selector, depth_action, grammar::control>(in);
}

}  // namespace jaring::internal

// The formatter's parse tree: the whole grammar instantiated with the formatter's selector (see
// parse_trees.hpp for why this is a file of its own).
#include "engine/language/parse_trees.hpp"
#include "grammar/grammar.hpp"

namespace jaring::internal {

namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar;

// clang-format off
template <typename Rule>
using selector = pegtl::parse_tree::selector<Rule,
  pegtl::parse_tree::store_content::on<
    // tokens
    g::identifier, g::use_path, g::string_lit, g::citation, g::money, g::date, g::percent, g::number, g::budget_year,
    g::function_name, g::field_type, g::level_name, g::amount_name,
    // what the layout follows
    g::declaration, g::region_decl, g::basis_decl, g::valid_decl,
    g::record_decl, g::group_decl, g::amend_group, g::test_decl,
    g::field_decl, g::group_item, g::expect_line, g::given_block, g::others_block,
    g::call, g::paren_expr, g::set_lit, g::table, g::negate,
    g::let_type, g::parameter_decl, g::scheme_def, g::table_entry, g::given_entry>>;
// clang-format on

}  // namespace

std::unique_ptr<Node> parse_tree_for_format(std::string_view code) {
  // The nodes keep a view of the input's source name: a literal, not a copy that ends here.
  pegtl::memory_input<pegtl::tracking_mode::eager, pegtl::eol::lf_crlf, std::string_view> in(
      code.data(), code.size(), std::string_view("format"));
  const NodePool pool;
  return pegtl::parse_tree::parse<g::file, Node, selector, pegtl::nothing, g::control>(in);
}

}  // namespace jaring::internal

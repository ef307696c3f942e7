// Internal: the grammar's two parse trees, each instantiated alone in a file of its own
// (parse_tree_ast.cpp, parse_tree_format.cpp). Instantiating PEGTL's templates over the whole
// grammar is most of what compiling, sanitizing and linting the parse costs: kept apart, the
// rest of the parse step compiles quickly and clang-tidy can leave those two files out
// (.ci/run), where nothing but PEGTL's own code would be read.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <tao/pegtl/contrib/parse_tree.hpp>

namespace jaring::internal {

// A parse-tree node. PEGTL's parse tree makes a node at every try of a rule that may hold kept
// rules and drops it when the try fails, so a parse makes and frees thousands of them; during
// a parse (a NodePool on the stack) freed nodes are kept and handed out again instead of
// going back to malloc. Every node is its own allocation, so a tree outlives the pool.
struct Node : tao::pegtl::parse_tree::basic_node<Node> {
  static void* operator new(std::size_t size);
  static void operator delete(void* p, std::size_t size) noexcept;
};

// The free nodes of the parse running on this thread; released when it ends.
class NodePool {
 public:
  NodePool();
  ~NodePool();
  NodePool(const NodePool&) = delete;
  NodePool& operator=(const NodePool&) = delete;

 private:
  friend struct Node;
  std::vector<void*> free_;
  NodePool* outer_;
};

// The tree cst_to_ast reads (grammar/selector.hpp), expressions limited to
// 3 × max_nesting_depth levels. The nodes point into `code` and `source_name`, which must outlive
// them. Throws tao::pegtl::parse_error; null when nothing matched.
std::unique_ptr<Node> parse_tree_for_ast(std::string_view code, const std::string& source_name);

// The formatter's tree (format_tokens.cpp): the tokens longer than one character and the nodes
// whose shape the layout follows; they point into `code`. Throws tao::pegtl::parse_error.
std::unique_ptr<Node> parse_tree_for_format(std::string_view code);

}  // namespace jaring::internal

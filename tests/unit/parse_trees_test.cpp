// The parse tree's node pool (engine/language/parse_trees.hpp): during a parse, freed nodes are
// handed out again; a tree outlives its pool.
#include <catch2/catch.hpp>

#include <memory>
#include <new>
#include <string>
#include <vector>

#include "engine/language/parse_trees.hpp"

using jaring::internal::Node;
using jaring::internal::NodePool;

TEST_CASE("parse trees: a pool hands freed nodes out again, and only while it lasts", "[parse_trees]") {
  std::unique_ptr<Node> kept;
  {
    const NodePool pool;
    auto a = std::make_unique<Node>();
    const Node* const at = a.get();
    a.reset();
    // A block of the same size from malloc in between: malloc would give it the freed node's
    // memory (its caches are last in, first out); the pool keeps that for the next node.
    void* const other = ::operator new(sizeof(Node));
    auto b = std::make_unique<Node>();
    CHECK(b.get() == at);  // the freed node, not a new one
    CHECK(other != at);
    ::operator delete(other);
    kept = std::move(b);
    // Many freed at once: kept up to the pool's room, the rest freed (no growth while freeing).
    std::vector<std::unique_ptr<Node>> many;
    many.reserve(1000);
    for (int i = 0; i < 1000; ++i) many.push_back(std::make_unique<Node>());
    many.clear();
    std::vector<std::unique_ptr<Node>> again;
    again.reserve(1000);
    for (int i = 0; i < 1000; ++i) again.push_back(std::make_unique<Node>());
  }
  // The tree made during the pool is an ordinary allocation afterwards (ASan checks the pairing).
  kept->children.push_back(std::make_unique<Node>());
  kept.reset();
}

TEST_CASE("parse trees: a policy's trees parse alike with the pool", "[parse_trees]") {
  const std::string code =
      "policy \"demo\"\nregion 36.72 \"Kota Cilegon\"\nrecord person {\n  age : int\n}\n"
      "let adult = age >= 18 and not (age > 99)\n";
  const auto first = jaring::internal::parse_tree_for_ast(code, "demo");
  const auto second = jaring::internal::parse_tree_for_ast(code, "demo");
  REQUIRE(first);
  REQUIRE(second);
  // Same shape, node for node.
  std::vector<std::pair<const Node*, const Node*>> todo{{first.get(), second.get()}};
  std::size_t nodes = 0;
  while (!todo.empty()) {
    const auto [x, y] = todo.back();
    todo.pop_back();
    ++nodes;
    REQUIRE(x->type == y->type);
    REQUIRE(x->children.size() == y->children.size());
    for (std::size_t i = 0; i < x->children.size(); ++i) todo.emplace_back(x->children[i].get(), y->children[i].get());
  }
  CHECK(nodes > 20);
  CHECK(jaring::internal::parse_tree_for_format(code));
}

// The formatter's tokens: the text parsed again with a selector of its own (the tokens that are
// more than one character, and the nodes whose shape the layout follows), the text between
// those nodes lexed into keywords, punctuation and comments.
#include "engine/language/format_tokens.hpp"

#include <string>

#include "engine/base/internal_error.hpp"
#include "engine/language/parse_trees.hpp"
#include "grammar/grammar.hpp"

namespace jaring::layout {

namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar;
using internal::Node;

// What the node whose text holds a token is, as far as that token's role goes.
enum class Parent : std::uint8_t { Other, Block, Bracket, Call, Negate, FieldDecl, SpacedColon, TightColon };

Parent parent_of(const Node& n) {
  if (n.is_type<g::record_decl>() || n.is_type<g::group_decl>() || n.is_type<g::amend_group>() ||
      n.is_type<g::test_decl>())
    return Parent::Block;
  if (n.is_type<g::paren_expr>() || n.is_type<g::set_lit>() || n.is_type<g::table>() || n.is_type<g::given_block>() ||
      n.is_type<g::others_block>())
    return Parent::Bracket;
  if (n.is_type<g::call>()) return Parent::Call;
  if (n.is_type<g::negate>()) return Parent::Negate;
  if (n.is_type<g::field_decl>()) return Parent::FieldDecl;
  if (n.is_type<g::let_type>() || n.is_type<g::parameter_decl>()) return Parent::SpacedColon;
  if (n.is_type<g::scheme_def>() || n.is_type<g::table_entry>() || n.is_type<g::given_entry>())
    return Parent::TightColon;
  return Parent::Other;
}

bool is_atomic(const Node& n) {
  return n.is_type<g::identifier>() || n.is_type<g::use_path>() || n.is_type<g::string_lit>() ||
         n.is_type<g::citation>() || n.is_type<g::money>() || n.is_type<g::date>() || n.is_type<g::percent>() ||
         n.is_type<g::number>() || n.is_type<g::budget_year>() || n.is_type<g::function_name>() ||
         n.is_type<g::field_type>() || n.is_type<g::level_name>() || n.is_type<g::amount_name>();
}

TokenKind atomic_kind(const Node& n) {
  if (n.is_type<g::identifier>() || n.is_type<g::use_path>()) return TokenKind::Name;
  if (n.is_type<g::function_name>()) return TokenKind::Function;
  if (n.is_type<g::field_type>()) return TokenKind::TypeName;
  if (n.is_type<g::level_name>()) return TokenKind::LevelName;
  if (n.is_type<g::amount_name>()) return TokenKind::AmountName;
  return TokenKind::Literal;
}

bool starts_item(const Node& n) {
  return n.is_type<g::field_decl>() || n.is_type<g::group_item>() || n.is_type<g::expect_line>() ||
         n.is_type<g::given_block>() || n.is_type<g::others_block>();
}

bool word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

Role punct_role(std::string_view p, Parent parent) {
  if (p == ",") return Role::Comma;
  if (p == ":") {
    if (parent == Parent::FieldDecl) return Role::FieldColon;
    return parent == Parent::SpacedColon ? Role::SpacedColon : Role::TightColon;
  }
  if (p == "-" && parent == Parent::Negate) return Role::Negate;
  if (p == "{" || p == "}") {
    if (parent == Parent::Block) return p == "{" ? Role::BlockOpen : Role::BlockClose;
    return p == "{" ? Role::BracketOpen : Role::BracketClose;
  }
  if (p == "(") return parent == Parent::Call ? Role::CallOpen : Role::BracketOpen;
  if (p == "[") return Role::BracketOpen;
  if (p == ")" || p == "]") return Role::BracketClose;
  return Role::Plain;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Token> run(const Node& root) {
    std::uint32_t at = 0;
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") at = 3;
    walk_children(root, at, static_cast<std::uint32_t>(text_.size()), Parent::Other);
    match_pairs();
    return std::move(tokens_);
  }

 private:
  void walk_children(const Node& n, std::uint32_t begin, std::uint32_t end, Parent parent) {
    std::uint32_t at = begin;
    for (const auto& c : n.children) {
      const auto b = static_cast<std::uint32_t>(c->begin().byte);
      const auto e = static_cast<std::uint32_t>(c->end().byte);
      gap(at, b, parent);
      node(*c);
      at = e;
    }
    gap(at, end, parent);
  }

  void node(const Node& n) {
    const auto b = static_cast<std::uint32_t>(n.begin().byte);
    const auto e = static_cast<std::uint32_t>(n.end().byte);
    const std::size_t first = tokens_.size();
    if (is_atomic(n)) add(atomic_kind(n), Role::Plain, b, e);
    else walk_children(n, b, e, parent_of(n));
    if (first == tokens_.size()) return;  // an empty node (an empty `given_body` does not get here)
    if (n.is_type<g::declaration>()) tokens_[first].starts_declaration = true;
    if (starts_item(n)) tokens_[first].starts_item = true;
    if (n.is_type<g::region_decl>() || n.is_type<g::basis_decl>() || n.is_type<g::valid_decl>())
      tokens_[first].header_keyword = true;
  }

  // The text between nodes: blanks, line breaks, comments, keywords and punctuation.
  void gap(std::uint32_t begin, std::uint32_t end, Parent parent) {
    std::uint32_t i = begin;
    while (i < end) {
      const char c = text_[i];
      if (c == '\n') {
        ++newlines_;
        ++i;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f') {
        ++i;
      } else if (c == '#') {
        std::uint32_t j = i;
        while (j < end && text_[j] != '\n') ++j;
        add(TokenKind::Comment, Role::Plain, i, j);
        i = j;
      } else if (word_char(c)) {
        std::uint32_t j = i;
        while (j < end && word_char(text_[j])) ++j;
        add(TokenKind::Keyword, Role::Plain, i, j);
        i = j;
      } else {
        const std::uint32_t n = punct_length(i, end);
        add(TokenKind::Punct, punct_role(text_.substr(i, n), parent), i, i + n);
        i += n;
      }
    }
  }

  std::uint32_t punct_length(std::uint32_t i, std::uint32_t end) const {
    if (i + 1 < end) {
      const std::string_view two = text_.substr(i, 2);
      if (two == "==" || two == "!=" || two == "<=" || two == ">=" || two == "..") return 2;
    }
    return 1;
  }

  void add(TokenKind kind, Role role, std::uint32_t begin, std::uint32_t end) {
    Token t;
    t.kind = kind;
    t.role = role;
    t.begin = begin;
    t.end = end;
    t.newlines_before = newlines_;
    newlines_ = 0;
    tokens_.push_back(t);
  }

  void match_pairs() {
    std::vector<std::uint32_t> open;
    for (std::uint32_t i = 0; i < tokens_.size(); ++i) {
      const Role r = tokens_[i].role;
      if (r == Role::BlockOpen || r == Role::BracketOpen || r == Role::CallOpen) {
        open.push_back(i);
      } else if (r == Role::BlockClose || r == Role::BracketClose) {
        if (open.empty()) throw InternalError("format: a closing bracket without its opener");
        tokens_[i].partner = open.back();
        tokens_[open.back()].partner = i;
        open.pop_back();
      }
    }
    if (!open.empty()) throw InternalError("format: an opening bracket without its closer");
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  std::uint32_t newlines_ = 0;
};

}  // namespace

std::vector<Token> format_tokens(std::string_view text) {
  std::unique_ptr<Node> root;
  try {
    root = internal::parse_tree_for_format(text);
  } catch (const pegtl::parse_error&) {
    throw InternalError("format: a policy that parsed does not parse again");
  }
  if (!root) throw InternalError("format: a policy that parsed does not parse again");
  return Lexer(text).run(*root);
}

}  // namespace jaring::layout

// Internal to the formatter (format.cpp): a policy's text as the tokens its layout is made of,
// comments included, each marked with what the layout needs to know of the parse (where a
// declaration or a block's item starts, which brace opens a block, which colon is spaced).
// Only format_tokens.cpp includes PEGTL.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace jaring::layout {

enum class TokenKind : std::uint8_t {
  Keyword,     // a word of the keyword table, in either language
  Name,        // an identifier, a `use` path
  Function,    // a function's name in a call
  TypeName,    // a field's, a let's or a parameter's type
  LevelName,   // a region level after `level`
  AmountName,  // the name before `=` in `expect contribution` (`total`, a programme)
  Literal,     // text, citation, money, date, percent, number, a budget's year
  Punct,
  Comment,  // from `#` to the end of the line, without the line break
};

// What a token does, as far as spacing and line breaks care.
enum class Role : std::uint8_t {
  Plain,
  BlockOpen,     // `{` of a record, a group, an amended group or a test
  BlockClose,    // its `}`
  BracketOpen,   // `(` of a parenthesised expression, `[` of a set, `{` of a table or a given record
  BracketClose,  // its closer
  CallOpen,      // `(` right after a function's name
  Comma,
  TightColon,   // `scheme PU:`, `key: value`
  SpacedColon,  // `let x : set`, `parameter p "label" : money`
  FieldColon,   // `name : type` of a record's field (aligned down the record)
  Negate,       // unary `-`
};

struct Token {
  TokenKind kind = TokenKind::Punct;
  Role role = Role::Plain;
  std::uint32_t begin = 0;  // byte span in the text
  std::uint32_t end = 0;
  std::uint32_t newlines_before = 0;  // line breaks between the previous token and this one
  bool starts_declaration = false;
  bool starts_item = false;     // a field, a group's item, a test's given, others or expect line
  bool header_keyword = false;  // the keyword of a `region`, `basis` or `valid` declaration
  std::uint32_t partner = 0;    // an opener's closer and a closer's opener (index)
};

// The tokens of `text`, which must parse (parse() accepted it); an InternalError otherwise.
// A byte order mark is not a token.
std::vector<Token> format_tokens(std::string_view text);

}  // namespace jaring::layout

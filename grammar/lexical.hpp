// Tokens of the policy language: separators and comments, bilingual keywords (from
// keywords.hpp), identifiers and literals. Token rules never consume trailing blanks, so every
// node's span is tight. Numbers are lexed loosely (digits with `.`/`_` groups) and classified
// when the AST is built, so `1.528`, `36.72` and a bare `1.5` each get a precise message.
#pragma once

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/analyze_traits.hpp>

#include <algorithm>
#include <array>
#include <string_view>

#include "grammar/keywords.hpp"

namespace jaring::grammar {
using namespace tao::pegtl;

// clang-format off
struct comment : seq< one< '#' >, until< eolf > > {};
struct sep : sor< space, comment > {};
struct seps : star< sep > {};

struct ident_first : ranges< 'a', 'z', 'A', 'Z', '_' > {};
struct ident_other : ranges< 'a', 'z', 'A', 'Z', '0', '9', '_' > {};
struct word : seq< ident_first, star< ident_other > > {};

template< typename En, typename Id >
struct kw : sor< seq< Id, not_at< ident_other > >, seq< En, not_at< ident_other > > > {};

#define JARING_KEY_RULE( name, en, id ) \
  struct key_##name : kw< TAO_PEGTL_STRING( en ), TAO_PEGTL_STRING( id ) > {};
JARING_KEYWORDS( JARING_KEY_RULE )
#undef JARING_KEY_RULE

// clang-format on

// Any keyword, in either language, as a whole word: the longest word at the input, looked up
// in the keyword table. The same words as a `sor` of the 60 `key_*` rules (each word must be
// followed by a character that cannot continue it), which tried up to 120 spellings before
// every identifier and, for the `key_*` rules the parse tree keeps, made a node for each try:
// a third of a policy's parse.
struct keyword {
  using rule_t = keyword;
  using subs_t = empty_list;

  static bool is_keyword(std::string_view w) noexcept {
    static constexpr auto sorted = [] {
#define JARING_KEY_WORDS(name, en, id) std::string_view(en), std::string_view(id),
      std::array a{JARING_KEYWORDS(JARING_KEY_WORDS)};
#undef JARING_KEY_WORDS
      std::sort(a.begin(), a.end());
      return a;
    }();
    return std::binary_search(sorted.begin(), sorted.end(), w);
  }

  template <apply_mode, rewind_mode, template <typename...> class Action, template <typename...> class Control,
            typename ParseInput, typename... States>
  static bool match(ParseInput& in, States&&... /*unused*/) {
    const char* const start = in.current();
    const char* const end = in.end();
    // The characters of `word` (ident_first, then ident_other), tested as those rules test them.
    if (start == end || !ident_first::test(*start)) return false;
    const char* p = start + 1;
    while (p != end && ident_other::test(*p)) ++p;
    const auto size = static_cast<std::size_t>(p - start);
    if (!is_keyword(std::string_view(start, size))) return false;
    in.bump_in_this_line(size);
    return true;
  }
};

// clang-format off

struct identifier : seq< not_at< keyword >, word > {};
// A type name or a `use` path may spell a keyword (`region`, `wilayah`): checked later.
struct type_name : seq< word > {};

// Literals
struct date : seq< rep< 4, digit >, one< '-' >, rep< 2, digit >, one< '-' >, rep< 2, digit >, not_at< ident_other > > {};
struct digit_run : seq< digit, star< sor< digit, seq< one< '.', '_' >, digit > > > > {};
struct number : seq< digit_run, not_at< ident_other > > {};
struct per_mille_sign : string< '\xE2', '\x80', '\xB0' > {};
struct percent : seq< plus< digit >, opt< one< ',', '.' >, plus< digit > >, sor< one< '%' >, per_mille_sign > > {};
struct rupiah : string< 'R', 'p' > {};
struct money : seq< rupiah, star< blank >, digit_run, opt< one< ',' >, plus< digit > >, not_at< ident_other > > {};

struct escaped : seq< one< '\\' >, one< '"', '\\', 'n' > > {};
struct string_char : sor< escaped, not_one< '"', '\\', '\n', '\r' > > {};
struct string_close : one< '"' > {};
struct string_body : star< string_char > {};
struct string_lit : if_must< one< '"' >, string_body, string_close > {};

struct citation_text : star< not_one< ']', '\n', '\r' > > {};
struct citation_close : one< ']' > {};
struct citation : if_must< one< '[' >, citation_text, citation_close > {};
struct label : seq< string_lit > {};

struct comma : seq< seps, one< ',' >, seps > {};
// clang-format on

}  // namespace jaring::grammar

// For the grammar's analysis (tests/unit/grammar_test.cpp): `keyword` consumes input when it
// matches and has no rules below it.
template <typename Name>
struct tao::pegtl::analyze_traits<Name, jaring::grammar::keyword> : analyze_any_traits<> {};

#include "engine/language/format_spelling.hpp"

#include <algorithm>
#include <array>

#include "engine/language/builtins.hpp"
#include "engine/language/constraint.hpp"
#include "engine/language/types.hpp"
#include "grammar/keywords.hpp"

namespace jaring::layout {

namespace {

struct Pair {
  std::string_view en;
  std::string_view id;
};

// clang-format off
constexpr std::array keywords = {
#define JARING_KEYWORD_PAIR(name, en, id) Pair{en, id},
    JARING_KEYWORDS(JARING_KEYWORD_PAIR)
#undef JARING_KEYWORD_PAIR
};
// clang-format on

template <typename Pairs, typename En, typename Id>
std::string_view convert(const Pairs& pairs, En en, Id id, std::string_view word, KeywordLanguage language) {
  for (const auto& p : pairs) {
    if (language == KeywordLanguage::English && id(p) == word) return en(p);
    if (language == KeywordLanguage::Indonesian && en(p) == word) return id(p);
  }
  return word;
}

std::string_view level_spelling(std::string_view word, KeywordLanguage language) {
  const auto level = parse_region_level(word);
  if (!level) return word;
  const std::string_view en = region_level_name(*level);
  if (language == KeywordLanguage::English) return en;
  return word == en ? region_level_name_id(*level) : word;
}

}  // namespace

std::string_view spelling(TokenKind kind, std::string_view word, KeywordLanguage language) {
  if (language == KeywordLanguage::AsWritten) return word;
  switch (kind) {
    case TokenKind::Keyword:
      return convert(
          keywords, [](const Pair& p) { return p.en; }, [](const Pair& p) { return p.id; }, word, language);
    case TokenKind::TypeName:
      return convert(
          type_table, [](const TypeName& t) { return t.english; }, [](const TypeName& t) { return t.indonesian; }, word,
          language);
    case TokenKind::Function:
      return convert(
          builtin_aliases(), [](const BuiltinAlias& a) { return a.english; },
          [](const BuiltinAlias& a) { return a.indonesian; }, word, language);
    case TokenKind::LevelName: return level_spelling(word, language);
    case TokenKind::AmountName:
      return convert(
          std::array{Pair{"total", "jumlah"}}, [](const Pair& p) { return p.en; }, [](const Pair& p) { return p.id; },
          word, language);
    default: return word;
  }
}

std::size_t header_keyword_width(std::string_view keyword) {
  const bool english = std::any_of(keywords.begin(), keywords.end(), [&](const Pair& p) { return p.en == keyword; });
  std::size_t width = 0;
  for (const auto& p : keywords)
    if (p.en == "region" || p.en == "basis" || p.en == "valid") width = std::max(width, (english ? p.en : p.id).size());
  return width;
}

}  // namespace jaring::layout

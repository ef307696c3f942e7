// Internal to the formatter: the words a policy may write in English or Indonesian (keywords,
// type names, function names, region levels, `total`) in the language asked for.
#pragma once

#include <cstddef>
#include <string_view>

#include "engine/language/format.hpp"
#include "engine/language/format_tokens.hpp"

namespace jaring::layout {

// `word`, a token of `kind`, in `language`: itself when it is already in that language, when
// the language is AsWritten, or when it is not a word of the tables (an unknown type or
// function is left for `check` to report).
std::string_view spelling(TokenKind kind, std::string_view word, KeywordLanguage language);

// The width the header keywords of `keyword`'s language pad to (`region`, `basis  `, `valid  `;
// `wilayah`, `dasar   `, `berlaku`): the longest of the three in that language.
std::size_t header_keyword_width(std::string_view keyword);

}  // namespace jaring::layout

// "Did you mean" suggestions by edit distance, offered only for small distances.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jaring {

// Levenshtein distance between `a` and `b`, ignoring ASCII case.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The largest edit distance a suggestion for `word` may have: 1 for short words, 2 for words
// of 5+ characters, 3 for 9+.
std::size_t suggestion_distance_limit(std::string_view word);

// The candidate nearest to `word` if its edit distance is small (≤ 1 for short words,
// ≤ 2 for words of 5+ characters, ≤ 3 for 9+), else nothing. Ties go to the first listed.
std::optional<std::string> suggest(std::string_view word, const std::vector<std::string>& candidates);

// `did you mean `x`?` for use as a diagnostic's help, or nothing.
std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace jaring

// UTF-8 validation shared by the parser, record reading and JSON output.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace jaring {

// The length of the well-formed UTF-8 sequence at `s[i]` (Unicode table 3-7), or 0.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);
// Where `utf8_sequence_length` is 0: how many bytes at `i` the ill-formed sequence spans (its
// "maximal subpart", Unicode 3.9: a lead byte and the continuation bytes that could still follow
// it, cut short), at least 1. One U+FFFD stands for them, as nlohmann's dump writes it.
std::size_t utf8_maximal_subpart(std::string_view s, std::size_t i);

// `text` in backticks for a message: at most 40 characters, control characters and bytes
// that are not UTF-8 written as `\xNN`, so a message is always printable, valid UTF-8.
std::string quoted_for_message(std::string_view text);

}  // namespace jaring

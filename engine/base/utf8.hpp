// UTF-8 validation shared by the parser, record reading and JSON output.
#pragma once

#include <cstddef>
#include <string_view>

namespace jaring {

// The length of the well-formed UTF-8 sequence at `s[i]` (Unicode table 3-7), or 0.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

}  // namespace jaring

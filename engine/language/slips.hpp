// Everyday slips behind a syntax error, recognised from the text where the parser stopped, so
// the message says what was written wrong and how to write it (issue 13, point 4): money with
// English thousands separators (`Rp 4,724,338`), a bare decimal (`0.5` for a share), `=` where
// `==` was meant. The checker recognises the slips that parse (a `dd/mm/yyyy` date, unquoted
// text in a test).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "engine/base/diagnostic_codes.hpp"

namespace jaring {

struct Slip {
  DiagCode code;
  std::size_t begin, end;
  std::string message, help;
};

// The slip behind a syntax error at byte `offset` of `text`, if it is one of those above.
// `after_item`: the parser had finished an item (a condition may have ended just before), the
// only place a lone `=` is taken for a comparison.
std::optional<Slip> syntax_slip(std::string_view text, std::size_t offset, bool after_item);

}  // namespace jaring

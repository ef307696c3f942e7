// The C locale's white space and decimal digits, byte by byte and without a locale: what the
// record readers trim from a cell and the field conversions take for digits.
#pragma once

namespace jaring {

constexpr bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

constexpr bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace jaring

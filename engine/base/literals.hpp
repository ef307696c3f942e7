// Decoding of literal tokens as Indonesian drafters write them. Each function either gives
// the value or an error message (lowercase, one sentence) and an optional help line.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "engine/base/diagnostic_codes.hpp"

namespace jaring {

struct LiteralError {
  DiagCode code;
  std::string message;
  std::optional<std::string> help;
};

enum class NumberKind { Int, Region };

struct NumberLiteral {
  NumberKind kind = NumberKind::Int;
  std::int64_t value = 0;  // Int
  std::string region;      // Region, canonical
};

// A digits token with `.`/`_` separators: `1528`, `1_528`, `1.528` (whole numbers), `36.72`,
// `63.10.05.2001` (region codes). A bare decimal such as `1.5` is an error.
struct NumberResult {
  std::optional<NumberLiteral> value;
  std::optional<LiteralError> error;
};
NumberResult decode_number(std::string_view token);

// `Rp 1.000.000`, `Rp1.000.000,50`, `Rp 1_000_000` -> sen.
struct IntResult {
  std::optional<std::int64_t> value;
  std::optional<LiteralError> error;
};
IntResult decode_money(std::string_view token);
// `1%`, `0,24%`, `0.24%`, `3,5‰` -> millionths (1% = 10'000).
IntResult decode_percent(std::string_view token);
// A quoted string with `\"`, `\\`, `\n` escapes -> its text.
std::string decode_string(std::string_view token);

// Formatting in the language's own notation (used by dump and messages).
std::string format_money(std::int64_t sen);           // `Rp 1.000.000` or `Rp 1.000.000,50`
std::string format_percent(std::int64_t millionths);  // `0,24%`
std::string format_int(std::int64_t value);           // `1.528`
// The same written at `at` (room for `notation_chars` bytes), returning their end: no
// allocation.
inline constexpr std::size_t notation_chars = 40;  // `-Rp 92.233.720.368.547.758,08` is 29
char* write_money(char* at, std::int64_t sen);
char* write_int(char* at, std::int64_t value);

// An amount of money as an argument of a message (say, say_later): formatted as format_money
// does, straight into the message.
struct MoneyText {
  std::int64_t sen = 0;
};

}  // namespace jaring

template <>
struct fmt::formatter<jaring::MoneyText> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  template <typename Context>
  auto format(const jaring::MoneyText& m, Context& ctx) const {
    char text[jaring::notation_chars];
    return std::copy(text, jaring::write_money(text, m.sen), ctx.out());
  }
};

// Exact fractions for percentages and unrounded money. Every operation either gives the exact
// result or says it does not fit: int128 arithmetic is checked for overflow, and every
// narrowing to 64 bits is checked. Nothing is ever silently wrong.
#pragma once

#include <cstdint>
#include <optional>

namespace jaring {

// GCC's 128-bit integers, named once (`__extension__` keeps -Wpedantic quiet about them).
__extension__ using int128 = __int128;
__extension__ using uint128 = unsigned __int128;

// num/den with den > 0, reduced when den != 1 (reduce()).
struct Rational {
  int128 num = 0;
  int128 den = 1;
};

Rational reduce(Rational r);

// Exact sums, differences, products and quotients (reduced); nothing on overflow or, for
// checked_div, a zero divisor.
std::optional<Rational> checked_add(Rational a, Rational b);
std::optional<Rational> checked_sub(Rational a, Rational b);
std::optional<Rational> checked_mul(Rational a, Rational b);
std::optional<Rational> checked_div(Rational a, Rational b);
std::optional<Rational> checked_neg(Rational a);

// Rounding to a 64-bit integer: half away from zero, toward -inf, toward +inf; nothing when
// the result does not fit in 64 bits.
std::optional<std::int64_t> round_half_away(Rational r);
std::optional<std::int64_t> floor_div(Rational r);
std::optional<std::int64_t> ceil_div(Rational r);

// The result of a rounding that fits by construction (a share of an amount, a percentage of a
// count); throws InternalError when it does not, since that is a bug.
std::int64_t must_fit(std::optional<std::int64_t> v);

// -1, 0, 1; exact for every pair (no overflow: falls back to comparing continued fractions).
int compare(Rational a, Rational b);

}  // namespace jaring

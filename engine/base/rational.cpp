#include "engine/base/rational.hpp"

#include <limits>

#include "engine/base/internal_error.hpp"

namespace jaring {

namespace {

constexpr int128 int128_min = static_cast<int128>(static_cast<uint128>(1) << 127);

int128 gcd128(int128 a, int128 b) {
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  while (b != 0) {
    const int128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

bool mul(int128 a, int128 b, int128& out) { return !__builtin_mul_overflow(a, b, &out); }
bool add(int128 a, int128 b, int128& out) { return !__builtin_add_overflow(a, b, &out); }

std::optional<std::int64_t> narrow(int128 v) {
  if (v < std::numeric_limits<std::int64_t>::min() || v > std::numeric_limits<std::int64_t>::max()) return std::nullopt;
  return static_cast<std::int64_t>(v);
}

// Floor of num/den (den > 0) and the remainder in [0, den).
void floor_divmod(int128 num, int128 den, int128& q, int128& r) {
  q = num / den;
  r = num % den;
  if (r < 0) {
    --q;
    r += den;
  }
}

}  // namespace

Rational reduce(Rational r) {
  if (r.den < 0 && r.num != int128_min && r.den != int128_min) r.num = -r.num, r.den = -r.den;
  if (r.den == 1) return r;
  const int128 g = gcd128(r.num, r.den);
  if (g > 1) r.num /= g, r.den /= g;
  return r;
}

std::optional<Rational> checked_add(Rational a, Rational b) {
  int128 x = 0, y = 0, num = 0, den = 0;
  if (a.den == b.den) {
    if (!add(a.num, b.num, num)) return std::nullopt;
    return reduce({num, a.den});
  }
  if (!mul(a.num, b.den, x) || !mul(b.num, a.den, y) || !add(x, y, num) || !mul(a.den, b.den, den)) return std::nullopt;
  return reduce({num, den});
}

std::optional<Rational> checked_neg(Rational a) {
  if (a.num == int128_min) return std::nullopt;
  return Rational{-a.num, a.den};
}

std::optional<Rational> checked_sub(Rational a, Rational b) {
  const auto nb = checked_neg(b);
  if (!nb) return std::nullopt;
  return checked_add(a, *nb);
}

std::optional<Rational> checked_mul(Rational a, Rational b) {
  // Cross-reduce first, so that products of reduced fractions overflow only when the result
  // itself does not fit.
  const int128 g1 = gcd128(a.num, b.den), g2 = gcd128(b.num, a.den);
  if (g1 > 1) a.num /= g1, b.den /= g1;
  if (g2 > 1) b.num /= g2, a.den /= g2;
  int128 num = 0, den = 0;
  if (!mul(a.num, b.num, num) || !mul(a.den, b.den, den)) return std::nullopt;
  return reduce({num, den});
}

std::optional<Rational> checked_div(Rational a, Rational b) {
  if (b.num == 0) return std::nullopt;
  Rational inverse{b.den, b.num};
  if (inverse.den < 0) {
    if (inverse.den == int128_min) return std::nullopt;
    inverse = {-inverse.num, -inverse.den};
  }
  return checked_mul(a, inverse);
}

std::optional<std::int64_t> floor_div(Rational r) {
  int128 q = 0, rem = 0;
  floor_divmod(r.num, r.den, q, rem);
  return narrow(q);
}

std::optional<std::int64_t> ceil_div(Rational r) {
  int128 q = 0, rem = 0;
  floor_divmod(r.num, r.den, q, rem);
  return narrow(rem == 0 ? q : q + 1);
}

std::optional<std::int64_t> round_half_away(Rational r) {
  const bool negative = r.num < 0;
  int128 q = 0, rem = 0;
  // |num| / den rounded half up, then the sign back: no 2*n that could overflow.
  const int128 n = negative ? -(r.num + 1) : r.num;  // -(num+1) cannot overflow
  floor_divmod(n, r.den, q, rem);
  if (negative) {
    // n = |num| - 1: |num| = q*den + rem + 1.
    rem += 1;
    if (rem == r.den) ++q, rem = 0;
  }
  if (rem >= r.den - rem) ++q;  // rem/den >= 1/2
  return narrow(negative ? -q : q);
}

std::int64_t must_fit(std::optional<std::int64_t> v) {
  if (!v) throw InternalError("an exact amount that must fit in 64 bits does not");
  return *v;
}

int compare(Rational a, Rational b) {
  int128 l = 0, r = 0;
  if (mul(a.num, b.den, l) && mul(b.num, a.den, r)) return l < r ? -1 : l > r ? 1 : 0;
  // Too large to cross-multiply: compare integer parts, then the inverted remainders.
  for (;;) {
    int128 qa = 0, ra = 0, qb = 0, rb = 0;
    floor_divmod(a.num, a.den, qa, ra);
    floor_divmod(b.num, b.den, qb, rb);
    if (qa != qb) return qa < qb ? -1 : 1;
    if (ra == 0 || rb == 0) return ra == rb ? 0 : (ra == 0 ? -1 : 1);
    // ra/da < rb/db  <=>  db/rb < da/ra: compare the inverses the other way round.
    const Rational next_a{b.den, rb}, next_b{a.den, ra};
    a = next_a;
    b = next_b;
  }
}

}  // namespace jaring

// Decimal digits eight bytes at a time (SWAR), on the hot paths: the fast lane's cells
// (io/fast_population.cpp) and the allocation's id keys (runtime/allocate.cpp). Inline always:
// moved here from the lane's own file, plain `inline` left some of them calls there and cost
// cilegon-bench 15 instructions a record (1.187 against 1.172).
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

namespace jaring {

inline constexpr std::uint64_t swar_ones = 0x0101010101010101ULL, swar_highs = 0x8080808080808080ULL;

// Eight bytes from `p`, the first in the lowest byte of the word, whatever the machine's order.
[[gnu::always_inline]] inline std::uint64_t load8(const char* p) {
  std::uint64_t w = 0;
  std::memcpy(&w, p, 8);
  if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
  return w;
}

// Whether the 8 bytes of `w` are all '0'..'9' (no borrow below '0', no carry above '9').
[[gnu::always_inline]] inline bool digits8(std::uint64_t w) {
  return (((w - swar_ones * '0') | (w + swar_ones * (0x7F - '9'))) & swar_highs) == 0;
}

// The value of 8 digits, the first the most significant, from their bytes in a word as load8
// gives them (each '0'..'9': check with digits8 first): pairs, then fours, then all eight.
[[gnu::always_inline]] inline std::uint64_t eight_digits(std::uint64_t w) {
  w -= swar_ones * '0';
  w = w * 10 + (w >> 8);
  constexpr std::uint64_t mask = 0x000000FF000000FF, mul1 = 100 + (std::uint64_t{1000000} << 32),
                          mul2 = 1 + (std::uint64_t{10000} << 32);
  return ((w & mask) * mul1 + ((w >> 16) & mask) * mul2) >> 32;
}

}  // namespace jaring

// Short texts on the hot paths: the hash of record ids (io/id_hashes.hpp), and a text's two
// end words, read without a loop, for the fast lane's dictionary (runtime/kernel_eval.cpp) and
// its ASCII check (io/fast_population.cpp).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace jaring {

// A text's bytes at its two ends as two words, read without a loop: from 8 bytes on its first
// and last 8 (overlapping below 16, the middle left out beyond 16); from 4 to 7 its first and
// last 4; below 4, bytes 0, n/2 and n-1 in `first`. Up to 16 bytes they hold every byte, each
// at a byte's place, so two texts of one length are equal exactly when their ends are.
struct TextEnds {
  std::uint64_t first = 0, last = 0;
};
// Inline always: when the lane's decide() grew (`5f6929c`), GCC made it a call there, and
// cilegon-bench went from 1.172 to 1.209 instructions a record (1.164 inline).
[[gnu::always_inline]] inline TextEnds text_ends(std::string_view t) {
  const char* p = t.data();
  const std::size_t n = t.size();
  TextEnds e;
  if (n >= 8) {
    std::memcpy(&e.first, p, 8);
    std::memcpy(&e.last, p + n - 8, 8);
  } else if (n >= 4) {
    std::uint32_t x = 0, y = 0;
    std::memcpy(&x, p, 4);
    std::memcpy(&y, p + n - 4, 4);
    e.first = x;
    e.last = y;
  } else if (n > 0) {
    e.first = std::uint64_t{static_cast<unsigned char>(p[0])} |
              std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 |
              std::uint64_t{static_cast<unsigned char>(p[n - 1])} << 16;
  }
  return e;
}

// A hash of a text (a record's id). Its 8-byte words (the last one overlapping the one before; a shorter text's bytes
// in one word) each multiplied in, then the bits mixed down so that the top 8 (the bucket of an id) and the low ones
// depend on every byte. A NIK is two words: about 20 instructions, where
// std::hash (murmur, a call) was 48. Two texts with one hash only cost the exact comparison that tells them apart.
inline std::uint64_t text_hash(std::string_view s) {
  constexpr std::uint64_t k1 = 0x9E3779B97F4A7C15ULL, k2 = 0xC2B2AE3D27D4EB4FULL;
  const char* p = s.data();
  const std::size_t n = s.size();
  std::uint64_t h = (n + 1) * k2;
  const auto mix = [&h](std::uint64_t w) {
    h = (h ^ w) * k1;
    h ^= h >> 32;
  };
  std::uint64_t w = 0;
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8) {
      std::memcpy(&w, p + i, 8);
      mix(w);
    }
    std::memcpy(&w, p + n - 8, 8);
  } else {
    for (std::size_t i = 0; i < n; ++i) w = w << 8 | static_cast<unsigned char>(p[i]);
  }
  mix(w);
  h ^= h >> 29;
  h *= k2;
  h ^= h >> 32;
  return h;
}

}  // namespace jaring

// One hash of short texts for the hot paths: record ids (io/id_hashes.hpp) and the fast lane's
// dictionary of text constants (runtime/kernel_eval.cpp).
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace jaring {

// A hash of a text (a record's id, a dictionary's word). Its 8-byte words (the last one overlapping the one before; a
// shorter text's bytes in one word) each multiplied in, then the bits mixed down so that the top 8 (the bucket of an
// id) and the low ones (a dictionary slot) depend on every byte. A NIK is two words: about 20 instructions, where
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

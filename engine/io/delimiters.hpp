// The cell and line ends of a block of plain CSV (its delimiter, `,` unless told, and LF),
// found 64 bytes at a time: one bit per byte, taken in order. Finding them cell by cell, eight
// bytes at a time, left the loop at a different count of words for every cell, a branch the
// processor could not foresee; here the branch is taken once per 64 bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace jaring {

class Delimiters {
 public:
  Delimiters(const char* begin, const char* end, char delimiter = ',')
      : base_(begin), end_(end), delimiter_(delimiter) {
    mask_ = scan(base_);
  }

  // The next delimiter or LF, in order (each once), or `end` when none is left.
  const char* next() {
    while (mask_ == 0) {
      base_ += 64;
      if (base_ >= end_) {
        base_ = end_;
        return end_;
      }
      mask_ = scan(base_);
    }
    const char* const at = base_ + __builtin_ctzll(mask_);
    mask_ &= mask_ - 1;
    return at;
  }

  // Goes on from `p` (at or after the last delimiter returned): next() returns the first
  // delimiter or LF at or after it.
  void skip_to(const char* p) {
    if (p >= end_) {
      base_ = end_;
      mask_ = 0;
    } else if (p < base_ + 64) {
      if (p > base_) mask_ &= ~std::uint64_t{0} << (p - base_);
    } else {
      base_ = p;
      mask_ = scan(base_);
    }
  }

 private:
  // The bits of the 64 bytes from `p` that are the delimiter or LF, none past the end.
  std::uint64_t scan(const char* p) const {
    if (end_ - p >= 64) return mask64(p);
    if (p >= end_) return 0;
    alignas(64) char last[64] = {};  // the last bytes, copied: nothing is read past the end
    const auto n = static_cast<std::size_t>(end_ - p);
    std::memcpy(last, p, n);
    return mask64(last) & ((std::uint64_t{1} << n) - 1);
  }

  std::uint64_t mask64(const char* p) const {
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(delimiter_), lf = _mm_set1_epi8('\n');
    const auto bits = [&](std::size_t i) {  // written out four times: -O2 kept the loop
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
      const __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, lf));
      return static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(hit)));
    };
    return bits(0) | bits(1) << 16 | bits(2) << 32 | bits(3) << 48;
#else
    std::uint64_t m = 0;
    for (int i = 0; i < 64; ++i) m |= static_cast<std::uint64_t>(p[i] == delimiter_ || p[i] == '\n') << i;
    return m;
#endif
  }

  const char* base_;
  const char* end_;
  std::uint64_t mask_ = 0;
  char delimiter_;
};

}  // namespace jaring

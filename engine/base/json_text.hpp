// Appending JSON text by hand on the hot output path (one decision per record). Produces the
// same bytes as nlohmann::json::dump() with error_handler_t::replace: minimal escapes, UTF-8
// kept, invalid UTF-8 replaced by U+FFFD.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace jaring {

void append_json_string(std::string& out, std::string_view s);

// Whether every byte of `s` is printable ASCII other than `"` and `\`: its JSON string is the
// text in quotes. Eight bytes at a time.
bool json_plain(std::string_view s);

// The most bytes append_json_string() can write for `s`: a control byte becomes `\u00XX` (six),
// every other byte at most two (`\"`, `\\`; an invalid UTF-8 byte's U+FFFD is three bytes for
// a subpart of at least one), plus the quotes.
constexpr std::size_t json_string_bound(std::string_view s) { return 6 * s.size() + 2; }

// The number of decimal digits of `u` (1 for 0).
inline unsigned decimal_digits(std::uint64_t u) {
  static constexpr std::uint64_t powers[] = {1ULL,
                                             10ULL,
                                             100ULL,
                                             1000ULL,
                                             10000ULL,
                                             100000ULL,
                                             1000000ULL,
                                             10000000ULL,
                                             100000000ULL,
                                             1000000000ULL,
                                             10000000000ULL,
                                             100000000000ULL,
                                             1000000000000ULL,
                                             10000000000000ULL,
                                             100000000000000ULL,
                                             1000000000000000ULL,
                                             10000000000000000ULL,
                                             100000000000000000ULL,
                                             1000000000000000000ULL,
                                             10000000000000000000ULL};
  // log10 from log2: bits × 1233 / 4096 is floor(log10(2^bits)) for bits up to 64, one short of
  // the digits at most; the table says which.
  const auto bits = static_cast<unsigned>(64 - __builtin_clzll(u | 1));
  const unsigned t = (bits * 1233) >> 12;
  return t + (u >= powers[t] ? 1 : 0) + (u == 0 ? 1 : 0);
}

// `v` in decimal at `p` (at most 20 bytes); returns the end. The same digits as std::to_chars,
// two at a time from a table (in 32 bits once the rest fits).
inline char* write_decimal(char* p, std::int64_t v) {
  static constexpr char pairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  std::uint64_t u = static_cast<std::uint64_t>(v);
  if (v < 0) {
    *p++ = '-';
    u = 0 - u;
  }
  char* const end = p + decimal_digits(u);
  char* q = end;
  while (u > 0xFFFFFFFFULL) {
    const auto pair = static_cast<unsigned>(u % 100) * 2;
    u /= 100;
    q -= 2;
    std::memcpy(q, pairs + pair, 2);
  }
  auto w = static_cast<std::uint32_t>(u);
  while (w >= 100) {
    const std::uint32_t pair = (w % 100) * 2;
    w /= 100;
    q -= 2;
    std::memcpy(q, pairs + pair, 2);
  }
  if (w >= 10) std::memcpy(q - 2, pairs + std::size_t{w} * 2, 2);
  else q[-1] = static_cast<char>('0' + w);
  return end;
}

inline void append_json_int(std::string& out, std::int64_t v) {
  char text[24];
  out.append(text, static_cast<std::size_t>(write_decimal(text, v) - text));
}

}  // namespace jaring

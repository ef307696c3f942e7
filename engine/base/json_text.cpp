#include "engine/base/json_text.hpp"

#include <cstdint>
#include <cstring>

#include "engine/base/utf8.hpp"

namespace jaring {

namespace {

// Whether the 8 bytes at `p` are all printable ASCII other than `"` and `\` (SWAR: a byte is
// flagged by its high bit in each test).
bool plain_ascii8(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
  const auto has_zero = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
  const std::uint64_t control = (v - 0x20 * ones) & ~v & highs;  // a byte below 0x20 (or from 0x80)
  return ((v & highs) | control | has_zero(v ^ (0x22 * ones)) | has_zero(v ^ (0x5C * ones))) == 0;
}

// One byte of the same: printable ASCII other than `"` and `\`.
bool plain_byte(char ch) {
  const auto u = static_cast<unsigned char>(ch);
  return u >= 0x20 && u < 0x80 && u != '"' && u != '\\';
}

}  // namespace

bool json_plain(std::string_view s) {
  if (s.size() < 8) {
    for (const char ch : s)
      if (!plain_byte(ch)) return false;
    return true;
  }
  for (std::size_t i = 0; i + 8 < s.size(); i += 8)
    if (!plain_ascii8(s.data() + i)) return false;
  return plain_ascii8(s.data() + s.size() - 8);
}

void append_json_string(std::string& out, std::string_view s) {
  if (json_plain(s)) {  // the usual id, label or citation: the quoted text in one piece
    const std::size_t at = out.size();
    out.resize(at + s.size() + 2);
    char* p = out.data() + at;
    p[0] = '"';
    if (!s.empty()) std::memcpy(p + 1, s.data(), s.size());
    p[s.size() + 1] = '"';
    return;
  }
  static const char* hex = "0123456789abcdef";
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    // Plain ASCII needs no escape: append the whole run at once. Eight bytes are tested at a
    // time (none below 0x20, none from 0x80, no `"` or `\`): labels and citations are long.
    std::size_t run = i;
    while (run + 8 <= s.size() && plain_ascii8(s.data() + run)) run += 8;
    while (run < s.size() && plain_byte(s[run])) ++run;
    if (run > i) {
      out.append(s.data() + i, run - i);
      i = run;
      continue;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const std::size_t n = utf8_sequence_length(s, i);
      if (n == 0) {
        out += "\xEF\xBF\xBD";
        i += utf8_maximal_subpart(s, i);
      } else {
        out.append(s.substr(i, n));
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  out += '"';
}

}  // namespace jaring

// The plainest flat JSON object, read by hand: a record's keys whose values mean to nlohmann
// exactly their bytes, so that each converts as nlohmann's reading would have it. Read so by the
// generic reader (json_read.cpp's plain_flat_record, before nlohmann's SAX parser; compared with
// it by tests/unit/record_test.cpp and fuzz_records) and by the fast lane's JSON Lines
// (fast_population.cpp). Anything else is nlohmann's to read.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engine/base/digits.hpp"
#include "engine/base/text_hash.hpp"
#include "engine/base/utf8.hpp"
#include "engine/runtime/record.hpp"

namespace jaring {

// A value as plainest_json_fields reads it.
enum class JsonToken { String, Number, True, False, Null };

// The keys plainest_json_fields knows: a record's field names (`schema()`, `is(field, key)`) and
// keys to read past (`ignored(key)`: their place among them). These: the field names each
// compared with a key by its length and two words (text_ends: every byte of a name up to 16
// bytes), not by a call to memcmp; and the keys --ignore-field names, read past.
class JsonKeys {
 public:
  JsonKeys(const Schema& schema, const std::vector<std::string>& ignored) : schema_(schema), ignored_(ignored) {
    for (const FieldSpec& f : schema.fields) ends_.push_back(text_ends(f.name));
  }
  const Schema& schema() const { return schema_; }
  // The key's place among the ignored ones, if --ignore-field names it.
  std::optional<std::size_t> ignored(std::string_view key) const {
    for (std::size_t i = 0; i < ignored_.size(); ++i)
      if (ignored_[i] == key) return i;
    return std::nullopt;
  }
  bool ignores_any() const { return !ignored_.empty(); }
  [[gnu::always_inline]] bool is(std::size_t field, std::string_view key) const {
    const std::string& name = schema_.fields[field].name;
    if (name.size() != key.size()) return false;
    if (key.size() > 16) return name == key;
    const TextEnds e = text_ends(key);
    return e.first == ends_[field].first && e.last == ends_[field].last;
  }

 private:
  const Schema& schema_;
  const std::vector<std::string>& ignored_;
  std::vector<TextEnds> ends_;
};

// The rest of a JSON string whose text began at `start` and whose first escape is at `p` (a
// backslash), its escapes decoded as nlohmann's lexer decodes them: `\"` `\\` `\/` `\b` `\f`
// `\n` `\r` `\t`, and `\uXXXX` (a high surrogate only followed by `\u` and a low one, a low
// one never alone; U+0000 too) as UTF-8. The text goes into this thread's buffer, emptied and
// given room for the whole line of `line_size` bytes at the line's `first`, so that no earlier
// view into it moves. Returns the string's decoded text and the byte past its closing quote,
// that null for what nlohmann refuses (another escape, bad hex digits or surrogates, a control
// byte, ill-formed UTF-8), and for DEL, which the plainest reading leaves to nlohmann too. Out
// of line, its buffer too, and nothing of the caller's passed by address (the cursor's address
// taken kept it out of a register: JSON Lines 4 % slower): a line without escapes pays nothing.
struct DecodedJson {
  const char* after = nullptr;  // past the closing quote; null when refused
  std::string_view text;
};
[[gnu::noinline]] inline DecodedJson decode_json_escapes(const char* p, const char* end, const char* start,
                                                         std::size_t line_size, bool first) {
  thread_local std::string decoded;
  if (first) {
    decoded.clear();
    decoded.reserve(line_size);  // decoded text is never longer than its JSON
  }
  const std::size_t from = decoded.size();
  decoded.append(start, static_cast<std::size_t>(p - start));
  const auto hex4 = [&](std::uint32_t& v) {
    if (end - p < 4) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = *p++;
      const std::uint32_t d = c >= '0' && c <= '9'   ? static_cast<std::uint32_t>(c - '0')
                              : c >= 'a' && c <= 'f' ? static_cast<std::uint32_t>(c - 'a' + 10)
                              : c >= 'A' && c <= 'F' ? static_cast<std::uint32_t>(c - 'A' + 10)
                                                     : 16;
      if (d == 16) return false;
      v = v << 4 | d;
    }
    return true;
  };
  while (p != end) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"') {
      return {p + 1, std::string_view(decoded).substr(from)};
    }
    if (c == '\\') {
      if (++p == end) return {};
      const char e = *p++;
      switch (e) {
        case '"': decoded += '"'; continue;
        case '\\': decoded += '\\'; continue;
        case '/': decoded += '/'; continue;
        case 'b': decoded += '\b'; continue;
        case 'f': decoded += '\f'; continue;
        case 'n': decoded += '\n'; continue;
        case 'r': decoded += '\r'; continue;
        case 't': decoded += '\t'; continue;
        case 'u': break;
        default: return {};
      }
      std::uint32_t cp = 0;
      if (!hex4(cp)) return {};
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        std::uint32_t low = 0;
        if (end - p < 2 || p[0] != '\\' || p[1] != 'u') return {};
        p += 2;
        if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return {};
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        return {};
      }
      if (cp < 0x80) {
        decoded += static_cast<char>(cp);
      } else if (cp < 0x800) {
        decoded += static_cast<char>(0xC0 | cp >> 6);
        decoded += static_cast<char>(0x80 | (cp & 0x3F));
      } else if (cp < 0x10000) {
        decoded += static_cast<char>(0xE0 | cp >> 12);
        decoded += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
        decoded += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        decoded += static_cast<char>(0xF0 | cp >> 18);
        decoded += static_cast<char>(0x80 | (cp >> 12 & 0x3F));
        decoded += static_cast<char>(0x80 | (cp >> 6 & 0x3F));
        decoded += static_cast<char>(0x80 | (cp & 0x3F));
      }
      continue;
    }
    if (c >= 0x80) {
      const std::size_t n = utf8_sequence_length(std::string_view(p, static_cast<std::size_t>(end - p)), 0);
      if (n == 0) return {};
      decoded.append(p, n);
      p += n;
      continue;
    }
    if (c < 0x20 || c == 0x7F) return {};
    decoded += static_cast<char>(c);
    ++p;
  }
  return {};
}

// After the opening quote: the text up to the closing one, sixteen or eight bytes at a time to
// the first that is a quote, a backslash or a byte outside printable ASCII (in a word, the
// lowest byte the tests flag is always one: a borrow only flags bytes above a true one), then
// byte by byte from there.
[[gnu::always_inline]] inline bool json_plain_string(const char*& p, const char* const end, std::string_view& out) {
  const char* const start = p;
  constexpr std::uint64_t quotes = swar_ones * '"', backslashes = swar_ones * '\\', dels = swar_ones * 0x7F;
  const auto zero = [](std::uint64_t x) { return (x - swar_ones) & ~x & swar_highs; };
#if defined(__SSE2__)
  // Sixteen bytes a step: a signed comparison below ' ' takes the control bytes and every byte
  // past ASCII (negative) at once (the SWAR test below was 40 % of a line's reading).
  const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), del = _mm_set1_epi8(0x7F),
                space = _mm_set1_epi8(' ');
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                     _mm_or_si128(_mm_cmpeq_epi8(v, del), _mm_cmplt_epi8(v, space)));
    if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit))) {
      p += __builtin_ctz(mask);
      goto bytes;
    }
    p += 16;
  }
#endif
  while (end - p >= 8) {
    const std::uint64_t w = load8(p);
    const std::uint64_t special = zero(w ^ quotes) | zero(w ^ backslashes) | zero(w ^ dels) |
                                  ((w - swar_ones * 0x20) & ~w & swar_highs) | (w & swar_highs);
    if (special) {
      p += __builtin_ctzll(special) / 8;
      break;
    }
    p += 8;
  }
bytes:
  while (p != end) {
    const auto c = static_cast<unsigned char>(*p);
    if (c == '"') {
      out = std::string_view(start, static_cast<std::size_t>(p - start));
      ++p;
      return true;
    }
    if (c >= 0x80) {  // well-formed UTF-8 (Unicode table 3-7, as nlohmann's lexer checks it): its bytes
      const std::size_t n = utf8_sequence_length(std::string_view(p, static_cast<std::size_t>(end - p)), 0);
      if (n == 0) return false;
      p += n;
      continue;
    }
    if (c < 0x20 || c == 0x7F || c == '\\') return false;
    ++p;
  }
  return false;
}

// JSON's four whitespace bytes, skipped: one test where no space follows (the usual case), as
// all four are <= ' '.
[[gnu::always_inline]] inline void json_skip_space(const char*& p, const char* const end) {
  while (p != end && static_cast<unsigned char>(*p) <= ' ' && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    ++p;
}

// `word` (true, false, null) at `p`, passed over.
[[gnu::always_inline]] inline bool json_literal(const char*& p, const char* const end, std::string_view word) {
  if (static_cast<std::size_t>(end - p) < word.size() || std::memcmp(p, word.data(), word.size()) != 0) return false;
  p += word.size();
  return true;
}

// After a string's opening quote: its text, in the line (json_plain_string) or, stopped at a
// backslash, read again with its escapes decoded into this thread's buffer, out of the way of
// the usual one (decode_json_escapes, `decoded`: a string of this line's was decoded before;
// the cursor passed to it by value). False for what nlohmann refuses.
[[gnu::always_inline]] inline bool json_string(const char*& p, const char* const end, std::size_t line_size,
                                               bool& decoded, std::string_view& out) {
  const char* const start = p;
  if (json_plain_string(p, end, out)) return true;
  if (p == end || *p != '\\') return false;
  const DecodedJson d = decode_json_escapes(p, end, start, line_size, !decoded);
  if (!d.after) return false;
  decoded = true;
  p = d.after;
  out = d.text;
  return true;
}

// An object or array under a key read past (--ignore-field), from its opening bracket at `p`:
// a PHP or JavaScript export's `"alamat": {...}` or `"meta": [...]`, which sent every such line
// to the generic reader, one record at a time. Read over when it is what nlohmann reads without
// a doubt, and as the generic reader takes it (json_read.cpp, which notes a key given twice in
// any object): strings as plainest_json_fields reads them (escapes decoded into the thread's
// buffer, `decoded` as there), whole numbers of up to 18 digits with up to 18 after a point (no
// exponent: nlohmann refuses one past a double's range), true, false, null; at most 8 levels
// deep and 16 keys an object, no key twice in one, a key with no escape. Returns the byte past
// its closing bracket, null for anything else (the generic reader's, as before). Out of line,
// the cursor passed and returned by value (plainest_json_fields keeps its own in a register).
struct NestedJson {
  const char* after = nullptr;
  bool decoded = false;
};
[[gnu::noinline]] inline NestedJson json_read_past_nested(const char* p, const char* const end, std::size_t line_size,
                                                          bool decoded) {
  constexpr std::size_t most_depth = 8, most_keys = 16;
  std::array<std::array<std::string_view, most_keys>, most_depth> keys_at{};
  std::array<std::size_t, most_depth> key_count{};
  std::uint32_t objects = 0;  // bit d: level d is an object (else an array)
  std::size_t depth = 0;
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const auto skip_space = [&] { json_skip_space(p, end); };
  const auto open = [&](char c) {
    if (depth == most_depth) return false;
    if (c == '{') objects |= std::uint32_t{1} << depth;
    else objects &= ~(std::uint32_t{1} << depth);
    key_count[depth] = 0;
    ++depth;
    return true;
  };
  const auto closing = [&] { return (objects >> (depth - 1) & 1) ? '}' : ']'; };
  const auto number = [&] {
    if (*p == '-') ++p;
    const char* const whole = p;
    if (p == end || !digit(*p)) return false;
    if (*p == '0') ++p;
    else
      while (p != end && digit(*p)) ++p;
    if (p - whole > 18) return false;
    if (p != end && *p == '.') {
      const char* const fraction = ++p;
      while (p != end && digit(*p)) ++p;
      if (p == fraction || p - fraction > 18) return false;
    }
    return p == end || (*p != 'e' && *p != 'E' && !digit(*p));
  };
  const NestedJson refused{nullptr, decoded};
  if (!open(*p++)) return refused;
  bool opened = true;  // at a container's start: it may be empty
  for (;;) {
    skip_space();
    if (p == end) return refused;
    if (opened && *p == closing()) {  // an empty one
      ++p;
      if (--depth == 0) return {p, decoded};
    } else {
      opened = false;
      std::string_view text;
      if (objects >> (depth - 1) & 1) {  // a key, new in its object
        if (*p++ != '"' || !json_plain_string(p, end, text)) return refused;
        std::size_t& n = key_count[depth - 1];
        if (n == most_keys) return refused;
        for (std::size_t i = 0; i < n; ++i)
          if (keys_at[depth - 1][i] == text) return refused;
        keys_at[depth - 1][n++] = text;
        skip_space();
        if (p == end || *p++ != ':') return refused;
        skip_space();
        if (p == end) return refused;
      }
      if (*p == '{' || *p == '[') {
        if (!open(*p++)) return refused;
        opened = true;
        continue;
      }
      if (*p == '"') {
        if (!json_string(++p, end, line_size, decoded, text)) return refused;
      } else if (*p == '-' || digit(*p)) {
        if (!number()) return refused;
      } else if (!json_literal(p, end, "true") && !json_literal(p, end, "false") && !json_literal(p, end, "null")) {
        return refused;
      }
    }
    // After a whole value: the next of its container, or the container's end (and perhaps its
    // container's, and so on).
    for (;;) {
      skip_space();
      if (p == end) return refused;
      const char c = *p++;
      if (c == ',') break;
      if (c != closing()) return refused;
      if (--depth == 0) return {p, decoded};
    }
  }
}

// The plainest flat object: the record's fields as keys, each once, without escapes; text
// values without control bytes or DEL, in well-formed UTF-8, their escapes decoded as nlohmann
// decodes them (decode_json_escapes: PHP's json_encode writes `RT 001\/RW 002` and `\u00e9`,
// Python's json.dumps the latter); whole numbers (no fraction, exponent or leading zero), true,
// false and null; JSON's four whitespace bytes between them; the keys `keys.ignored` names read
// past (each once, their values plain too, or objects and arrays json_read_past_nested reads
// over). `each(field, kind, token)` for every field's key
// (a string's token is its text: in the line, or decoded into this thread's buffer, valid until
// its next call; a number's its digits and sign). False for anything else, or when `each`
// answers false: the generic reader reads the line.

template <typename Keys, typename Each>
[[gnu::noinline]] bool plainest_json_fields(std::string_view line, const Keys& keys, Each&& each) {
  const Schema& schema = keys.schema();
  const char* p = line.data();
  const char* const end = p + line.size();
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto skip_space = [&]() __attribute__((always_inline)) { json_skip_space(p, end); };
  auto literal = [&](std::string_view word) __attribute__((always_inline)) { return json_literal(p, end, word); };
  bool decoded = false;                                    // a string of this line's was decoded (decode_json_escapes)
  thread_local std::array<std::uint8_t, 64> last_field{};  // the field of each key's place in the last line
  std::uint64_t seen = 0, seen_ignored = 0;
  constexpr std::size_t no_field = ~std::size_t{0};
  skip_space();
  if (p == end || *p++ != '{') return false;
  skip_space();
  if (p != end && *p == '}') {
    ++p;
  } else {
    for (std::size_t place = 0;; ++place) {
      std::string_view key;
      if (p == end || *p++ != '"' || !json_plain_string(p, end, key)) return false;
      std::size_t f = place < last_field.size() ? last_field[place] : schema.fields.size();
      if (f >= schema.fields.size() || !keys.is(f, key)) {
        if (const auto i = schema.index_of(key)) {
          f = *i;
          if (place < last_field.size()) last_field[place] = static_cast<std::uint8_t>(f);
        } else if (const auto g = keys.ignored(key); g && *g < 64 && !(seen_ignored >> *g & 1)) {
          seen_ignored |= std::uint64_t{1} << *g;
          f = no_field;
        } else {
          return false;  // unknown, or an ignored key given twice: the generic reader's to say
        }
      }
      if (f != no_field) {
        if (seen >> f & 1) return false;  // given twice
        seen |= std::uint64_t{1} << f;
      }
      skip_space();
      if (p == end || *p++ != ':') return false;
      skip_space();
      if (p == end) return false;
      std::string_view token;
      JsonToken kind;
      if (*p == '"') {
        if (!json_string(++p, end, line.size(), decoded, token)) return false;
        kind = JsonToken::String;
      } else if (*p == '-' || digit(*p)) {
        const char* const start = p;
        if (*p == '-') ++p;
        if (p == end || !digit(*p)) return false;
        if (*p == '0') ++p;
        else
          while (p != end && digit(*p)) ++p;
        if (p != end && (*p == '.' || *p == 'e' || *p == 'E' || digit(*p))) return false;
        token = std::string_view(start, static_cast<std::size_t>(p - start));
        kind = JsonToken::Number;
      } else if (literal("true")) {
        kind = JsonToken::True;
      } else if (literal("false")) {
        kind = JsonToken::False;
      } else if (literal("null")) {
        kind = JsonToken::Null;
      } else {
        return false;  // a nested value of a field, or malformed text
      }
      if (f != no_field && !each(f, kind, token)) return false;
      skip_space();
      if (p == end) return false;
      const char next = *p++;
      if (next == '}') break;
      if (next != ',') return false;
      skip_space();
    }
  }
  skip_space();
  return p == end;
}

// Each object or array under a key `keys` reads past (--ignore-field), in a JSON Lines line,
// overwritten in place by `0` and spaces when it is what json_read_past_nested reads over: a PHP
// or JavaScript export's `"alamat": {...}` sent every such line to the generic reader, one
// record at a time, and now the usual reading (plainest_json_fields, left as it was) reads past
// a `0`. The line keeps its length and its line ends, and means to the generic reader what it
// meant (a key read past is read past whatever its value; json_read_past_nested leaves alone
// what nlohmann would refuse or json_read.cpp note: a key twice in a nested object). The
// top-level object is walked to find the values (keys without escapes; strings, numbers and
// words passed over, checked when the line is read); anything else leaves the line as it is.
// Reading such a value again from the line's copy instead, or from a call in the usual
// reading's loop, made JSON Lines without nested values 3-6 % slower (GCC's code moved).
template <typename Keys>
[[gnu::noinline]] void flatten_nested(char* const line, std::size_t size, const Keys& keys) {
  const char* p = line;
  const char* const end = line + size;
  bool decoded = false;
  const auto skip_space = [&] { json_skip_space(p, end); };
  skip_space();
  if (p == end || *p++ != '{') return;
  for (;;) {
    skip_space();
    std::string_view key;
    if (p == end || *p++ != '"' || !json_plain_string(p, end, key)) return;
    skip_space();
    if (p == end || *p++ != ':') return;
    skip_space();
    if (p == end) return;
    if (*p == '{' || *p == '[') {
      if (!keys.ignored(key)) return;  // a field's nested value: the generic reader's to refuse
      const NestedJson n = json_read_past_nested(p, end, size, decoded);
      if (!n.after) return;
      char* const value = line + (p - line);
      value[0] = '0';
      std::memset(value + 1, ' ', static_cast<std::size_t>(n.after - p - 1));
      p = n.after;
      decoded = n.decoded;
    } else if (*p == '"') {  // a string: to its closing quote
      for (++p; p != end && *p != '"'; ++p)
        if (*p == '\\' && ++p == end) return;
      if (p == end) return;
      ++p;
    } else {  // a number or a word
      while (p != end && *p != ',' && *p != '}' && *p != ' ' && *p != '\t' && *p != '\r') ++p;
    }
    skip_space();
    if (p == end) return;
    const char next = *p++;
    if (next != ',') return;
  }
}

}  // namespace jaring

// A JSON array's elements found without reading the array from its start, for the fast lane
// (fast_population.cpp, block_run.cpp): a block of the file begins at an element that may begin
// there (a `{` after a comma), and its elements are then framed one after another as
// read_json_document frames them (json_read.cpp: strings and their escapes passed over, brackets
// of either kind counted). The blocks' guesses are checked by the framing: a block's last element
// and its comma must end exactly where the next block begins, so a `,{` inside a string or a
// nested value makes the framing fail (and the file is the generic reader's), never a wrong row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace jaring {

inline bool json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Where an element may begin: the first `{` in [from, end) whose byte before, past whitespace,
// is a comma, looking back no further than `floor`; `end` when there is none, nullptr when the
// whitespace before one runs back to `floor` (it cannot be told).
inline const char* find_json_element(const char* from, const char* end, const char* floor) {
  for (const char* p = from; p < end; ++p) {
    p = static_cast<const char*>(std::memchr(p, '{', static_cast<std::size_t>(end - p)));
    if (!p) return end;
    const char* q = p;
    while (q > floor && json_space(q[-1])) --q;
    if (q == floor) return nullptr;
    if (q[-1] == ',') return p;
  }
  return end;
}

// The end (one past) of the object or array that starts at `p`, as read_json_document's
// take_value frames it: a string runs to its unescaped quote, and `{` or `[` opens a level that
// either `}` or `]` closes. nullptr when it runs on to `end`.
inline const char* json_value_end(const char* p, const char* end) {
  std::size_t depth = 0;
  while (p < end) {
    const char c = *p++;
    if (c == '"') {
      for (;;) {  // to the string's closing quote: one with an even run of backslashes before it
        const void* q = std::memchr(p, '"', static_cast<std::size_t>(end - p));
        if (!q) return nullptr;
        const char* quote = static_cast<const char*>(q);
        std::size_t backslashes = 0;
        while (quote - backslashes > p && quote[-1 - static_cast<std::ptrdiff_t>(backslashes)] == '\\') ++backslashes;
        p = quote + 1;
        if (backslashes % 2 == 0) break;
      }
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && depth > 0) {
      if (--depth == 0) return p;
    }
  }
  return nullptr;
}

// One element of a block of a JSON array at `p` (a `{`): its text as read_json_document hands it
// on (to the comma or `]` after it, the whitespace before that included), and `p` moved to the
// next element, or to `end` when the block ends there (after a comma) or the array does (after
// its `]` and whitespace). False when the block is not framed so: an element that runs past the
// block, anything but a comma or `]` after it, an element after a comma that is not an object,
// text after the `]`.
inline bool next_json_element(const char*& p, const char* end, std::string_view& text) {
  const char* const start = p;
  const char* e = json_value_end(p, end);
  if (!e) return false;
  while (e < end && json_space(*e)) ++e;
  if (e == end) return false;
  text = std::string_view(start, static_cast<std::size_t>(e - start));
  const char stop = *e++;
  while (e < end && json_space(*e)) ++e;
  if (stop == ',') {
    if (e != end && *e != '{') return false;
  } else if (stop != ']' || e != end) {
    return false;
  }
  p = e;
  return true;
}

}  // namespace jaring

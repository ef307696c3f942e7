// Where and why nlohmann refuses JSON text, found without an exception: a SAX pass that accepts
// every value and keeps the error the parser hands it. Throwing and catching nlohmann's
// parse_error to read its message was a fifth of a run over JSON Lines whose lines were mostly
// malformed (perf), and `jaring serve` answered 32.000 malformed bodies a second against 38.600
// without it (wrk, 8 connections, 2 cores; Jaring against Jaring: cilegon-bench's loop reads no
// JSON and serves nothing).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace jaring {

struct JsonRefusal {
  std::size_t byte = 0;  // the parser's position: bytes read when it stopped
  int id = 0;            // nlohmann's error id: 1xx a parse error, 406 a number too large
  std::string what;      // nlohmann's message, as its exception's what() says it
  // What went wrong in the parser's English words, without its prefix or the text it last read
  // (`invalid literal`, `number overflow parsing '1e400'`); empty when they hold a byte that
  // is not printable ASCII.
  std::string detail() const;
};

// Nothing for text nlohmann accepts (strictly: one value, nothing after it but blanks).
std::optional<JsonRefusal> json_refusal(std::string_view text);

}  // namespace jaring

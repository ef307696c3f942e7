// The LSP base protocol on a byte stream: each message is `Content-Length: N` (other headers
// allowed and ignored), a blank line, then N bytes of JSON. Reading never trusts the peer: a
// header block without a length, a length that is not a number or exceeds `max_body`, or a
// stream that ends mid-message is reported, not crashed on.
#pragma once

#include <cstddef>
#include <istream>
#include <ostream>
#include <string>

namespace jaring::lsp {

struct Incoming {
  enum class Kind {
    Message,  // `body` holds one message's bytes
    Skipped,  // a malformed or oversized message was read past; `error` says what; go on
    End,      // the stream ended between messages
    Broken,   // the stream ended inside a message, or cannot be resynchronized; `error` says what
  };
  Kind kind = Kind::End;
  std::string body;
  std::string error;
};

// A message body larger than this (bytes) is read past and reported as Skipped.
inline constexpr std::size_t default_max_body = 64u << 20;

Incoming read_message(std::istream& in, std::size_t max_body = default_max_body);

// Writes one message (header and body) and flushes. Returns false when the stream failed.
bool write_message(std::ostream& out, const std::string& body);

}  // namespace jaring::lsp

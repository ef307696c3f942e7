#include "engine/lsp/transport.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>
#include <string_view>

namespace jaring::lsp {

namespace {

// A header line is at most this long; a longer one means the stream is not LSP.
constexpr std::size_t max_header_line = 4096;

// One header line without its `\r\n` (a bare `\n` is accepted); nothing at the stream's end.
std::optional<std::string> read_header_line(std::istream& in, bool& too_long) {
  std::string line;
  int c;
  while ((c = in.get()) != std::char_traits<char>::eof()) {
    if (c == '\n') {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    if (line.size() >= max_header_line) {
      too_long = true;
      return line;
    }
    line += static_cast<char>(c);
  }
  if (line.empty()) return std::nullopt;
  return line;  // the stream ended inside a header line: the caller sees no blank line follow
}

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Reads and drops `n` bytes; false when the stream ends first.
bool skip_bytes(std::istream& in, std::size_t n) {
  char buffer[1 << 16];
  while (n > 0) {
    const auto chunk = static_cast<std::streamsize>(std::min(n, sizeof buffer));
    in.read(buffer, chunk);
    if (in.gcount() != chunk) return false;
    n -= static_cast<std::size_t>(chunk);
  }
  return true;
}

}  // namespace

Incoming read_message(std::istream& in, std::size_t max_body) {
  Incoming out;
  std::optional<std::size_t> length;
  std::string problem;
  bool any_header = false;
  for (;;) {
    bool too_long = false;
    auto line = read_header_line(in, too_long);
    if (!line) {
      out.kind = any_header ? Incoming::Kind::Broken : Incoming::Kind::End;
      if (any_header) out.error = "the input ended inside a message's headers";
      return out;
    }
    if (too_long) {
      out.kind = Incoming::Kind::Broken;
      out.error = "a header line longer than 4096 bytes: the input is not the LSP base protocol";
      return out;
    }
    if (line->empty()) {
      if (!any_header) continue;  // blank lines between messages
      break;
    }
    any_header = true;
    const auto colon = line->find(':');
    if (colon == std::string::npos) {
      problem = "a header line without `:`: `" + line->substr(0, 80) + "`";
      continue;
    }
    const std::string_view name = trim(std::string_view(*line).substr(0, colon));
    const std::string_view value = trim(std::string_view(*line).substr(colon + 1));
    if (!same_name(name, "Content-Length")) continue;
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (ec != std::errc() || end != value.data() + value.size()) {
      problem = "Content-Length `" + std::string(value.substr(0, 40)) + "` is not a number of bytes";
      continue;
    }
    length = n;
  }
  if (!length) {
    // Without a length the body's end cannot be found: what follows is read as the next headers.
    out.kind = Incoming::Kind::Skipped;
    out.error = problem.empty() ? "a message without a Content-Length header" : problem;
    return out;
  }
  if (*length > max_body) {
    out.kind = skip_bytes(in, *length) ? Incoming::Kind::Skipped : Incoming::Kind::Broken;
    out.error =
        "a message of " + std::to_string(*length) + " bytes, more than the " + std::to_string(max_body) + " allowed";
    return out;
  }
  out.body.resize(*length);
  in.read(out.body.data(), static_cast<std::streamsize>(*length));
  if (static_cast<std::size_t>(in.gcount()) != *length) {
    out.kind = Incoming::Kind::Broken;
    out.error = "the input ended inside a message's body";
    out.body.clear();
    return out;
  }
  out.kind = Incoming::Kind::Message;
  return out;
}

bool write_message(std::ostream& out, const std::string& body) {
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace jaring::lsp

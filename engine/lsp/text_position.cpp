#include "engine/lsp/text_position.hpp"

#include <filesystem>

#include "engine/base/text_escape.hpp"

namespace jaring::lsp {

namespace {

// The length of the UTF-8 sequence a lead byte starts (1 for a stray continuation or an
// invalid byte, which an editor shows as one replacement character).
std::uint32_t sequence_length(unsigned char lead) {
  if (lead < 0xC0) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  if (lead < 0xF8) return 4;
  return 1;
}

// Code units one character takes: UTF-8 bytes, or UTF-16 units (2 for a 4-byte sequence).
std::uint32_t units(std::uint32_t length, Encoding enc) {
  if (enc == Encoding::Utf8) return length;
  return length == 4 ? 2 : 1;
}

// The end of the line starting at `at` (its terminator's first byte, or the text's end).
std::uint32_t line_end(std::string_view text, std::uint32_t at) {
  while (at < text.size() && text[at] != '\n' && text[at] != '\r') ++at;
  return at;
}

// The start of the next line after the terminator at `at` (`\n`, `\r\n` or `\r`).
std::uint32_t next_line(std::string_view text, std::uint32_t at) {
  if (at < text.size() && text[at] == '\r') ++at;
  else if (at < text.size()) return at + 1;
  if (at < text.size() && text[at] == '\n') ++at;
  return at;
}

}  // namespace

Position position_of(std::string_view text, std::uint32_t offset, Encoding enc) {
  if (offset > text.size()) offset = static_cast<std::uint32_t>(text.size());
  Position p;
  std::uint32_t start = 0;
  for (;;) {
    const std::uint32_t end = line_end(text, start);
    if (offset <= end || end >= text.size()) break;
    const std::uint32_t next = next_line(text, end);
    if (offset < next) {  // inside a `\r\n`: the line's end
      offset = end;
      break;
    }
    start = next;
    ++p.line;
  }
  for (std::uint32_t at = start; at < offset;) {
    const std::uint32_t len = sequence_length(static_cast<unsigned char>(text[at]));
    p.character += units(len, enc);
    at += len;
  }
  return p;
}

std::uint32_t offset_of(std::string_view text, Position p, Encoding enc) {
  std::uint32_t start = 0;
  for (std::uint32_t line = 0; line < p.line; ++line) {
    const std::uint32_t end = line_end(text, start);
    if (end >= text.size()) return static_cast<std::uint32_t>(text.size());
    start = next_line(text, end);
  }
  const std::uint32_t end = line_end(text, start);
  std::uint32_t at = start, counted = 0;
  while (at < end) {
    const std::uint32_t len = sequence_length(static_cast<unsigned char>(text[at]));
    const std::uint32_t u = units(len, enc);
    if (counted + u > p.character) break;
    counted += u;
    at += len;
  }
  return at < end ? at : end;
}

nlohmann::json position_json(Position p) { return {{"line", p.line}, {"character", p.character}}; }

nlohmann::json range_json(std::string_view text, std::uint32_t begin, std::uint32_t end, Encoding enc) {
  return {{"start", position_json(position_of(text, begin, enc))}, {"end", position_json(position_of(text, end, enc))}};
}

Position position_from_json(const nlohmann::json& j) {
  return {j.at("line").get<std::uint32_t>(), j.at("character").get<std::uint32_t>()};
}

std::string path_from_uri(std::string_view uri) {
  constexpr std::string_view scheme = "file://";
  if (uri.substr(0, scheme.size()) != scheme) return std::string(uri);
  std::string_view rest = uri.substr(scheme.size());
  // `file://host/path`: only the local host (empty or `localhost`) names a file here.
  if (rest.substr(0, 9) == "localhost") rest.remove_prefix(9);
  return percent_decode(rest, false);
}

std::string uri_from_path(const std::string& path) {
  std::error_code ec;
  std::string absolute = std::filesystem::absolute(path, ec).lexically_normal().string();
  if (ec) absolute = path;
  std::string out = "file://";
  static constexpr char hex[] = "0123456789ABCDEF";
  for (unsigned char c : absolute) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
                       c == '-' || c == '_' || c == '.' || c == '~';
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace jaring::lsp

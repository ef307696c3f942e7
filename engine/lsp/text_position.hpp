// Where LSP positions and Jaring's byte offsets meet. Jaring counts bytes; LSP counts a
// 0-based line and a character offset in UTF-16 code units, unless the client and server agree
// on UTF-8 (LSP 3.17 `positionEncoding`). Documents come from editors, so nothing here assumes
// valid UTF-8 or a position inside the text: out-of-range positions are clamped.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/base/source.hpp"

namespace jaring::lsp {

enum class Encoding { Utf16, Utf8 };

struct Position {
  std::uint32_t line = 0;       // 0-based
  std::uint32_t character = 0;  // 0-based, in the encoding's code units
};

// The LSP position of byte `offset` in `text` (clamped to the text's end).
Position position_of(std::string_view text, std::uint32_t offset, Encoding enc);
// The byte offset of an LSP position (a line past the end: the text's end; a character past the
// line's end: the line's end; inside a UTF-8 sequence or a surrogate pair: the character's start).
std::uint32_t offset_of(std::string_view text, Position p, Encoding enc);

// `{"line": L, "character": C}` and `{"start": …, "end": …}`.
nlohmann::json position_json(Position p);
nlohmann::json range_json(std::string_view text, std::uint32_t begin, std::uint32_t end, Encoding enc);
// A position read from a request's JSON; throws nlohmann::json::exception when it is not one.
Position position_from_json(const nlohmann::json& j);

// `file:///a/b%20c.policy` → `/a/b c.policy`; nothing-like (the URI itself) for another scheme.
// Percent escapes are decoded; a malformed one is kept as written.
std::string path_from_uri(std::string_view uri);
// `/a/b c.policy` → `file:///a/b%20c.policy` (an absolute path; a relative one is made absolute).
std::string uri_from_path(const std::string& path);

}  // namespace jaring::lsp

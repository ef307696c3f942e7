// Appending JSON text by hand on the hot output path (one decision per record). Produces the
// same bytes as nlohmann::json::dump() with error_handler_t::replace: minimal escapes, UTF-8
// kept, invalid UTF-8 replaced by U+FFFD.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace jaring {

void append_json_string(std::string& out, std::string_view s);

inline void append_json_int(std::string& out, std::int64_t v) {
  char text[24];
  out.append(text, std::to_chars(text, text + sizeof text, v).ptr);
}

}  // namespace jaring

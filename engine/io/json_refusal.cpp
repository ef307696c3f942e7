#include "engine/io/json_refusal.hpp"

#include <nlohmann/json.hpp>

namespace jaring {

namespace {

using nlohmann::json;

struct ErrorOnly {
  JsonRefusal refusal;
  bool refused = false;
  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(json::number_integer_t) { return true; }
  bool number_unsigned(json::number_unsigned_t) { return true; }
  bool number_float(json::number_float_t, const json::string_t&) { return true; }
  bool string(json::string_t&) { return true; }
  bool binary(json::binary_t&) { return true; }
  bool start_object(std::size_t) { return true; }
  bool key(json::string_t&) { return true; }
  bool end_object() { return true; }
  bool start_array(std::size_t) { return true; }
  bool end_array() { return true; }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    refusal = {position, e.id, e.what()};
    refused = true;
    return false;
  }
};

}  // namespace

std::string JsonRefusal::detail() const {
  std::string words = what;
  if (const auto at = words.find(" - "); at != std::string::npos) words = words.substr(at + 3);
  else if (const auto end = words.find("] "); end != std::string::npos) words = words.substr(end + 2);
  words = words.substr(0, words.find("; last read"));
  for (char c : words)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) return {};
  return words;
}

std::optional<JsonRefusal> json_refusal(std::string_view text) {
  ErrorOnly handler;
  if (json::sax_parse(text, &handler)) return std::nullopt;
  if (!handler.refused) return JsonRefusal{0, 0, {}};  // stopped without an error: none of ours stops so
  return std::move(handler.refusal);
}

}  // namespace jaring

// append_json_string against nlohmann's dump (the bytes it promises to match): every byte value
// at every place of a string long enough for the eight-byte test, and invalid UTF-8.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "engine/base/json_text.hpp"

namespace {

std::string dumped(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string appended(const std::string& s) {
  std::string out = "x";  // appended after what is there
  jaring::append_json_string(out, s);
  return out.substr(1);
}

}  // namespace

TEST_CASE("append_json_string writes what nlohmann's dump writes, byte for byte", "[json_text]") {
  const std::string base = "Perwal 41/2024 Pasal 3";  // 22 plain bytes: two 8-byte words and a tail
  for (int b = 0; b < 256; ++b)
    for (std::size_t at = 0; at <= base.size(); ++at) {
      std::string s = base;
      s.insert(at, 1, static_cast<char>(b));
      INFO("byte " << b << " at " << at);
      REQUIRE(appended(s) == dumped(s));
    }
  for (const std::string& s : std::vector<std::string>{
           "", "a", "Kota Cilegon \xE2\x80\x94 kelurahan", "\xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80 ok", "cut \xE2\x80",
           "\xF0\x9F\x98", "\xF0\x9F\x98X", "\xED\xA0\x80", "\xE0\x80\x80 x", "\xFF\xFE plain tail of some length",
           std::string(64, '"'), std::string(40, 'a') + "\\" + std::string(40, 'b')})
    CHECK(appended(s) == dumped(s));
  // Every ill-formed pair and cut-short triple: one U+FFFD for each maximal subpart.
  for (int a = 0x80; a < 0x100; ++a)
    for (int b = 0; b < 0x100; ++b)
      for (const char* tail : {"", "\x80", "\x80X", "Z"}) {
        const std::string s = std::string("ab") + static_cast<char>(a) + static_cast<char>(b) + tail;
        INFO("bytes " << a << " " << b << " tail " << tail);
        REQUIRE(appended(s) == dumped(s));
      }
}

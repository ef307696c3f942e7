// append_json_string against nlohmann's dump (the bytes it promises to match): every byte value
// at every place of a string long enough for the eight-byte test, and invalid UTF-8.
#include <catch2/catch.hpp>

#include <charconv>
#include <limits>
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

TEST_CASE("write_decimal writes what std::to_chars writes, and decimal_digits counts them", "[json_text]") {
  std::vector<std::int64_t> values = {0,
                                      1,
                                      -1,
                                      9,
                                      10,
                                      99,
                                      100,
                                      4294967295LL,
                                      4294967296LL,
                                      -4294967296LL,
                                      std::numeric_limits<std::int64_t>::max(),
                                      std::numeric_limits<std::int64_t>::min()};
  std::int64_t p = 1;
  for (int i = 0; i < 19; ++i) {  // every power of ten, and one either side
    for (const std::int64_t v : {p - 1, p, p + 1}) {
      values.push_back(v);
      values.push_back(-v);
    }
    if (i < 18) p *= 10;  // 10^18 is the last that fits
  }
  std::uint64_t x = 88172645463325252ULL;  // xorshift: values of every length
  for (int i = 0; i < 20000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    values.push_back(static_cast<std::int64_t>(x >> (x % 64)));
  }
  for (const std::int64_t v : values) {
    char want[24], got[24];
    const std::string expected(want, std::to_chars(want, want + sizeof want, v).ptr);
    const char* end = jaring::write_decimal(got, v);
    INFO(v);
    REQUIRE(std::string(got, static_cast<std::size_t>(end - got)) == expected);
    if (v >= 0) REQUIRE(jaring::decimal_digits(static_cast<std::uint64_t>(v)) == expected.size());
  }
  CHECK(jaring::decimal_digits(std::numeric_limits<std::uint64_t>::max()) == 20);
  std::string out = "n=";
  jaring::append_json_int(out, -120);
  CHECK(out == "n=-120");
}

TEST_CASE("json_string_bound holds what append_json_string writes; json_plain texts are quoted as they are",
          "[json_text]") {
  for (const std::string& s :
       std::vector<std::string>{"", "plain text", std::string(20, '\x01'), std::string(9, '"'), "\xFF\xFE\xFD", "\xC3",
                                "\xE2\x80", "tab\there", "\xF0\x9F\x98\x80"}) {
    INFO(s);
    CHECK(appended(s).size() <= jaring::json_string_bound(s));
    if (jaring::json_plain(s)) CHECK(appended(s) == "\"" + s + "\"");
  }
  CHECK(jaring::json_plain("plain text, long enough for two words"));
  for (const char* s : {"a\"b", "back\\slash in a longer text", "tab\tinside", "\xC3\xBCml"})
    CHECK_FALSE(jaring::json_plain(s));
}

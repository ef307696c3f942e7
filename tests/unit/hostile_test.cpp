// Hostile input: every case gives a clear diagnostic and no crash.
#include <catch2/catch.hpp>

#include <random>

#include "support.hpp"

using namespace jaring;
using jaring::test::check_text;

TEST_CASE("hostile: 10.000-deep nested parentheses", "[hostile]") {
  std::string text = "policy \"x\"\nlet a = " + std::string(10000, '(') + "1" + std::string(10000, ')') + "\n";
  auto r = check_text(text);
  CHECK(r->codes() == std::vector<std::string>{"too-deep"});
}

TEST_CASE("hostile: deep `not`, minus and sets", "[hostile]") {
  std::string nots;
  for (int i = 0; i < 10000; ++i) nots += "not ";
  CHECK(check_text("policy \"x\"\nlet a = " + nots + "true\n")->has("too-deep"));
  CHECK(check_text("policy \"x\"\nlet a = " + std::string(10000, '-') + "1\n")->has("too-deep"));
  CHECK(check_text("policy \"x\"\nlet a = " + std::string(10000, '[') + "\n")->has("too-deep"));
}

TEST_CASE("hostile: 50 MB of random bytes", "[hostile]") {
  std::mt19937_64 rng(42);
  std::string text(50u << 20, '\0');
  for (auto& c : text) c = static_cast<char>(rng());
  auto r = check_text(text);
  REQUIRE(r->diags.has_errors());
  const auto code = r->codes().front();
  CHECK((code == "invalid-utf8" || code == "nul-byte"));
}

TEST_CASE("hostile: 5 MB of plausible text fails at the first bad token", "[hostile]") {
#ifdef JARING_SANITIZED
  constexpr std::size_t size = 1u << 20;  // the same shape; 5 MB took most of an hour instrumented
#else
  constexpr std::size_t size = 5u << 20;
#endif
  std::string text;
  while (text.size() < size) text += "group g { when role == \"x\" covers JKK paid_by a } ";
  text += "?";
  auto r = check_text(text);
  CHECK(r->diags.has_errors());
}

TEST_CASE("hostile: a NUL byte", "[hostile]") {
  auto r = check_text(std::string("policy \"x\"\n\0\n", 13));
  CHECK(r->codes() == std::vector<std::string>{"nul-byte"});
  CHECK(r->diags.all()[0].span.begin == 11);
}

TEST_CASE("hostile: invalid UTF-8", "[hostile]") {
  for (const char* bad : {"\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80", "\xc0\xaf", "\xf5\x80\x80\x80"}) {
    auto r = check_text(std::string("policy \"") + bad + "\"\n");
    CHECK(r->codes() == std::vector<std::string>{"invalid-utf8"});
  }
  CHECK(check_text("policy \"Pekerja Rentan — Kota Cilegon ✓\"\n")->codes().empty());
}

TEST_CASE("hostile: an empty file", "[hostile]") {
  auto r = check_text("");
  CHECK(r->codes() == std::vector<std::string>{"missing-policy-name"});
  CHECK(check_text("\xEF\xBB\xBF# only a BOM and a comment\n")->codes() ==
        std::vector<std::string>{"missing-policy-name"});
}

TEST_CASE("hostile: a file that uses itself", "[hostile]") {
  auto r = test::Result();
  auto path = std::string(JARING_SOURCE_DIR) + "/tests/unit/fixtures/self_use.policy";
  r.policy = test::shared(load_policy(path, r.sources, r.diags));
  CHECK(r.has("circular-use"));
}

TEST_CASE("hostile: very long lines and names", "[hostile]") {
  const std::string name(100000, 'a');
  auto r = check_text("policy \"x\"\nlet b = " + name + "\n");
  CHECK(r->has("unknown-field"));
  auto field = check_text("policy \"x\"\nlet b = \"" + std::string(10u << 20, 'x') + "\"\n");
  CHECK(field->codes().empty());
}

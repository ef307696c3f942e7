#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <tao/pegtl/contrib/analyze.hpp>
#include <vector>

#include "grammar/grammar.hpp"

namespace pegtl = tao::pegtl;
namespace g = jaring::grammar;

namespace {

// True when `Rule` matches the whole of `text` (no exception, nothing left over).
template <typename Rule>
bool matches(const std::string& text) {
  pegtl::memory_input<> in(text, "test");
  try {
    return pegtl::parse<pegtl::seq<Rule, pegtl::eof>, pegtl::nothing, g::control>(in);
  } catch (const pegtl::parse_error&) {
    return false;
  }
}

}  // namespace

TEST_CASE("grammar: analyze reports no problems", "[grammar]") { CHECK(pegtl::analyze<g::file>(-1) == 0); }

TEST_CASE("grammar: keywords in both languages, whole words only", "[grammar]") {
  CHECK(matches<g::key_group>("group"));
  CHECK(matches<g::key_group>("kelompok"));
  CHECK(matches<g::key_programme>("programme"));
  CHECK(matches<g::key_programme>("program"));
  CHECK(matches<g::key_paid_by>("dibayar_oleh"));
  CHECK_FALSE(matches<g::key_group>("groups"));
  CHECK(matches<g::identifier>("groups"));
  CHECK(matches<g::identifier>("not_pu"));
  CHECK_FALSE(matches<g::identifier>("not"));
  CHECK_FALSE(matches<g::identifier>("tidak"));
  CHECK_FALSE(matches<g::identifier>("1abc"));
}

TEST_CASE("grammar: `keyword` is the word at the input looked up, the same as every key_* rule", "[grammar]") {
  // The rule `keyword` (one lookup) against the 60 bilingual key_* rules it stands for: the
  // same words match, whole words only, consuming the same bytes.
#define JARING_KEY_ALT(name, en, id) g::key_##name,
  using every_key = pegtl::sor<JARING_KEYWORDS(JARING_KEY_ALT) pegtl::failure>;
#undef JARING_KEY_ALT
  auto consumed = [](auto rule, const std::string& text) -> long {
    pegtl::memory_input<> in(text, "test");
    return pegtl::parse<decltype(rule), pegtl::nothing, g::control>(in) ? static_cast<long>(in.current() - text.data())
                                                                        : -1;
  };
  std::vector<std::string> words;
#define JARING_KEY_WORDS(name, en, id) words.insert(words.end(), {en, id});
  JARING_KEYWORDS(JARING_KEY_WORDS)
#undef JARING_KEY_WORDS
  REQUIRE(words.size() == 120);
  std::vector<std::string> texts;
  for (const std::string& w : words)
    for (const char* tail : {"", " x", "(", "_", "s", "1", "\n", ".5"}) texts.push_back(w + tail);
  for (const std::string& w : words) texts.push_back(w.substr(0, w.size() - 1));
  for (const char* t : {"", " group", "Group", "GROUP", "1group", "_", "x", "di", "dalam_", "pemberi", "rp", "Rp 5"})
    texts.emplace_back(t);
  for (const std::string& t : texts) {
    INFO(t);
    CHECK(consumed(g::keyword{}, t) == consumed(every_key{}, t));
  }
  CHECK(consumed(g::keyword{}, "di_dalam x") == 8);
  CHECK(consumed(g::keyword{}, "kelompokA") == -1);
}

TEST_CASE("grammar: literal tokens", "[grammar]") {
  CHECK(matches<g::money>("Rp 1.000.000"));
  CHECK(matches<g::money>("Rp1.000.000,50"));
  CHECK(matches<g::money>("Rp 1_000_000"));
  CHECK_FALSE(matches<g::money>("Rp"));
  CHECK(matches<g::percent>("0,24%"));
  CHECK(matches<g::percent>("3,5‰"));
  CHECK(matches<g::date>("2024-07-01"));
  CHECK_FALSE(matches<g::date>("2024-7-01"));
  CHECK(matches<g::number>("63.10.05.2001"));
  CHECK(matches<g::string_lit>(R"("a \"quoted\" word")"));
  CHECK_FALSE(matches<g::string_lit>("\"unterminated"));
  CHECK(matches<g::citation>("[Pasal 3 ayat (1) huruf a]"));
}

TEST_CASE("grammar: expressions", "[grammar]") {
  CHECK(matches<g::expression>("round(max(declared_income, bpu_min_income) * 1%)"));
  CHECK(matches<g::expression>("age between 15 and 65 and not registered_pu"));
  CHECK(matches<g::expression>("role in [\"ketua_rt\", \"ketua_rw\"]"));
  CHECK(matches<g::expression>("role not in []"));
  CHECK(matches<g::expression>("domicile within 36.72"));
  CHECK(matches<g::expression>("if a then 50% else 0%"));
  CHECK(matches<g::expression>("jika a maka 50% selainnya 0%"));
  CHECK(matches<g::expression>("-(a + b) * 2"));
  CHECK_FALSE(matches<g::expression>("a +"));
  CHECK_FALSE(matches<g::expression>("(a"));
  CHECK_FALSE(matches<g::expression>("if a then b"));
  CHECK_FALSE(matches<g::expression>("age between 15"));
}

TEST_CASE("grammar: declarations", "[grammar]") {
  CHECK(matches<g::file>("policy \"x\" amends \"base.policy\"\nvalid 2024-01-01 .. 2024-12-31\n"));
  CHECK(matches<g::file>("record p { nik : nik  village : region optional  income : money = Rp 1.000.000 }"));
  CHECK(matches<g::file>(
      "parameter p \"P\" : percent by risk_class [PP 44/2015]\n since 2015-07-01 = { 1: 0,24%, 2: 0,54% }"));
  CHECK(matches<g::file>("programme JP scheme PU: employer = round(wage * 2%), worker = round(wage * 1%)"));
  CHECK(matches<g::file>(
      "group g { when true covers JKK as BPU paid_by a 50% of village for employer, b 50% since 2024-07-01 }"));
  CHECK(matches<g::file>("group g { quota 1.528 per village rank by registered_on desc waive a, b priority 2 }"));
  CHECK(matches<g::file>("test \"t\" on 2024-08-01 { given { } expect not eligible because a, b }"));
  CHECK(matches<g::file>("test \"t\" on 2024-08-01 { given { a: 1 } expect eligible, paid_by x, y, scheme BPU }"));
  CHECK(matches<g::file>("amend group g { quota 2.000 }\nremove group h\nadd payer p \"P\""));
  CHECK(matches<g::file>("kelompok g { bila benar menanggung JKK dibayar_oleh a }"));
  CHECK_FALSE(matches<g::file>("grup g { }"));
  CHECK_FALSE(matches<g::file>("group g { when }"));
  CHECK_FALSE(matches<g::file>("parameter p : money"));
}

TEST_CASE("grammar: the README's keyword table lists every keyword in both languages", "[grammar]") {
  std::ifstream in(std::string(JARING_SOURCE_DIR) + "/README.md");
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string readme = buf.str();
#define JARING_README_ROW(name, en, id) \
  CHECK(readme.find(std::string("`") + en + "` | `" + id + "`") != std::string::npos);
  JARING_KEYWORDS(JARING_README_ROW)
#undef JARING_README_ROW
}

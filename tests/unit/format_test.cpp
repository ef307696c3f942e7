// `jaring fmt` (engine/language/format.hpp): the canonical layout, and over every .policy file of
// the repository: idempotent, and the same policy (dump, hence hash) as the original, with the
// keywords as written, in English and in Indonesian.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "engine/base/line_diff.hpp"
#include "engine/base/read_file.hpp"
#include "engine/language/dump.hpp"
#include "engine/language/format.hpp"
#include "engine/language/load.hpp"
#include "grammar/keywords.hpp"

using namespace jaring;

namespace {

std::optional<std::string> fmt_text(const std::string& text, KeywordLanguage keywords = KeywordLanguage::AsWritten) {
  SourceMap sources;
  Diagnostics diags;
  const auto id = sources.add("t.policy", text);
  FormatOptions options;
  options.keywords = keywords;
  return format_policy(sources, id, diags, options);
}

std::string fmt_ok(const std::string& text, KeywordLanguage keywords = KeywordLanguage::AsWritten) {
  auto out = fmt_text(text, keywords);
  REQUIRE(out);
  return *out;
}

// Every .policy file under rules/, examples/ and tests/ that can be read.
std::vector<std::filesystem::path> repository_policies() {
  std::vector<std::filesystem::path> out;
  const std::filesystem::path root(JARING_SOURCE_DIR);
  for (const char* dir : {"rules", "examples", "tests"})
    for (const auto& e : std::filesystem::recursive_directory_iterator(root / dir))
      if (e.path().extension() == ".policy" && e.is_regular_file() && !e.is_symlink()) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// What a policy means: its dump when it loads clean, else its diagnostics (code and message, in
// order; their positions move with the layout).
std::string meaning(const std::string& path, const std::string& text) {
  SourceMap sources;
  Diagnostics diags;
  const auto policy = load_policy_text(path, text, sources, diags);
  if (policy && !diags.has_errors()) return dump_policy(*policy);
  diags.sort();
  std::string out = "not loaded:\n";
  for (const auto& d : diags.all()) out += d.code + ": " + d.message + "\n";
  return out;
}

}  // namespace

TEST_CASE("format: declarations start lines, tokens one space apart", "[format]") {
  CHECK(fmt_ok("policy   \"x\"  valid 2024-01-01..2024-12-31 use national/bpjstk") ==
        "policy \"x\"\nvalid  2024-01-01 .. 2024-12-31\nuse national/bpjstk\n");
  CHECK(fmt_ok("let a=round( max(b ,c)*1% )\nlet d = - e + [ \"x\" , \"y\" ]\nlet f = (a+b) * 2") ==
        "let a = round(max(b, c) * 1%)\nlet d = -e + [\"x\", \"y\"]\nlet f = (a + b) * 2\n");
  CHECK(fmt_ok("let r : set = []\nlet z = not  x") == "let r : set = []\nlet z = not x\n");
}

TEST_CASE("format: the header aligns its values in either language", "[format]") {
  CHECK(fmt_ok("policy \"x\"\nregion 36.72 \"Kota Cilegon\"\nbasis \"a\"\nvalid 2024-01-01 .. 2024-12-31\n") ==
        "policy \"x\"\nregion 36.72 \"Kota Cilegon\"\nbasis  \"a\"\nvalid  2024-01-01 .. 2024-12-31\n");
  CHECK(fmt_ok("kebijakan \"x\"\nwilayah 36.72 \"Kota Cilegon\"\ndasar \"a\"\nberlaku sejak 2024-01-01\n") ==
        "kebijakan \"x\"\nwilayah 36.72 \"Kota Cilegon\"\ndasar   \"a\"\nberlaku sejak 2024-01-01\n");
}

TEST_CASE("format: blocks over several lines put each item on its own line", "[format]") {
  const std::string in =
      "group g \"G\" [Pasal 1] {   when role == \"x\" covers JKK,JKM\n"
      "      paid_by a 50% , b 50%\n"
      "\n\n"
      "  require r \"R\"\n"
      "age between 15 and 70\n"
      "\n"
      "}\n"
      "amend group h {quota 2.000}\n"
      "add group m {when role == \"m\" covers JKM paid_by a}\n";
  CHECK(fmt_ok(in) ==
        "group g \"G\" [Pasal 1] {\n"
        "  when role == \"x\"\n"
        "  covers JKK, JKM\n"
        "  paid_by a 50%, b 50%\n"
        "\n"
        "  require r \"R\"\n"
        "    age between 15 and 70\n"
        "}\n"
        "amend group h { quota 2.000 }\n"
        "add group m { when role == \"m\"  covers JKM  paid_by a }\n");
}

TEST_CASE("format: a record's fields align their colons in runs between blank lines", "[format]") {
  const std::string in =
      "record p {\n nik : nik\n  declared_income:money = Rp 1.000.000 # income\n  wage : money\n\n"
      "  # other\n  a : text\n bb : int between 1 and 5 optional\n}\n";
  CHECK(fmt_ok(in) ==
        "record p {\n  nik             : nik\n  declared_income : money = Rp 1.000.000  # income\n"
        "  wage            : money\n\n  # other\n  a  : text\n  bb : int between 1 and 5 optional\n}\n");
}

TEST_CASE("format: a continued line is indented, or aligned after its open bracket", "[format]") {
  const std::string in =
      "let j = if w > Rp 0\nthen round(w * r)\n   else round((a * b\n + c) * d)\n"
      "test \"t\" on 2024-08-01 {\ngiven { nik: \"1\",\n name: \"A\" }\n"
      "others 2 {\nregistered_on: 2024-01-01\n}\n"
      "expect eligible,\ngroup g\n}\n";
  CHECK(fmt_ok(in) ==
        "let j = if w > Rp 0\n  then round(w * r)\n  else round((a * b\n              + c) * d)\n"
        "test \"t\" on 2024-08-01 {\n  given { nik: \"1\",\n          name: \"A\" }\n"
        "  others 2 {\n    registered_on: 2024-01-01\n  }\n"
        "  expect eligible,\n    group g\n}\n");
}

TEST_CASE("format: comments stay where they are, own-line ones indented as the next line", "[format]") {
  const std::string in =
      "# head\n\n\n\npolicy \"x\" # trailing, moved two spaces after the code\n"
      "valid 2024-01-01 .. 2024-12-31                 # kept at its column\n"
      "group g {   # after the brace\n\n# leading\n    when a\n      # before the end\n}\n"
      "  # last\n";
  CHECK(fmt_ok(in) ==
        "# head\n\npolicy \"x\"  # trailing, moved two spaces after the code\n"
        "valid  2024-01-01 .. 2024-12-31                # kept at its column\n"
        "group g {   # after the brace\n  # leading\n  when a\n  # before the end\n}\n"
        "# last\n");
}

TEST_CASE("format: literals as written, line ends made LF, no byte order mark", "[format]") {
  CHECK(fmt_ok("\xEF\xBB\xBFlet a = Rp1.000.000,50 + Rp  2_000\r\nlet b = 0.24% # x \r\n") ==
        "let a = Rp1.000.000,50 + Rp  2_000\nlet b = 0.24%  # x\n");
  CHECK(fmt_ok("") == "");
  CHECK(fmt_ok("\n\n# only a comment\n\n") == "# only a comment\n");
}

TEST_CASE("format: --keywords converts keywords and the names of types, functions, levels and total", "[format]") {
  const std::string en =
      "record p {\n  v : region within 63.10 level village optional\n  r : bool = true\n}\n"
      "let a = if not r then round(max(x, y)) else Rp 0\n"
      "test \"t\" on 2024-08-01 {\n  given { v: 63.10 }\n  expect contribution total = Rp 1\n}\n";
  const std::string id =
      "data p {\n  v : wilayah di_dalam 63.10 tingkat desa opsional\n  r : logika = benar\n}\n"
      "misalkan a = jika tidak r maka bulatkan(terbesar(x, y)) selainnya Rp 0\n"
      "uji \"t\" pada 2024-08-01 {\n  diberikan { v: 63.10 }\n  harapkan iuran jumlah = Rp 1\n}\n";
  CHECK(fmt_ok(en, KeywordLanguage::Indonesian) == id);
  CHECK(fmt_ok(id, KeywordLanguage::English) == en);
  CHECK(fmt_ok(en, KeywordLanguage::English) == en);
  CHECK(fmt_ok(id, KeywordLanguage::Indonesian) == id);
  // Mixed stays mixed unless asked; `kota` is a regency level in Indonesian already.
  CHECK(fmt_ok("let a = bila_x dan round(b)\n") == "let a = bila_x dan round(b)\n");
  CHECK(fmt_ok("record p { v : region level kota }\n", KeywordLanguage::Indonesian) ==
        "data p { v : wilayah tingkat kota }\n");
}

TEST_CASE("format: no keyword is spelt the same as another keyword in the other language", "[format]") {
  std::vector<std::string> en, id;
#define JARING_SPELLINGS(name, e, i) \
  en.emplace_back(e);                \
  id.emplace_back(i);
  JARING_KEYWORDS(JARING_SPELLINGS)
#undef JARING_SPELLINGS
  for (std::size_t i = 0; i < en.size(); ++i)
    for (std::size_t j = 0; j < id.size(); ++j)
      if (i != j) CHECK(en[i] != id[j]);
}

TEST_CASE("format: a file with a syntax error is refused with the parser's diagnostic", "[format]") {
  SourceMap sources;
  Diagnostics diags;
  const auto id = sources.add("t.policy", "group g {\n  when\n}\n");
  CHECK_FALSE(format_policy(sources, id, diags));
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.all()[0].code == "syntax");
  CHECK_FALSE(fmt_text("let a = 1.5\n"));  // a literal error, as parse reports it
}

TEST_CASE("format: every .policy file of the repository formats idempotently to the same policy", "[format]") {
  std::size_t formatted = 0;
  for (const auto& path : repository_policies()) {
    std::string error;
    const auto text = read_file(path, error);
    if (!text) continue;
    INFO(path.string());
    for (auto keywords : {KeywordLanguage::AsWritten, KeywordLanguage::English, KeywordLanguage::Indonesian}) {
      const auto once = fmt_text(*text, keywords);
      if (!once) break;  // a golden case of a syntax error
      INFO("keywords " << static_cast<int>(keywords));
      const auto twice = fmt_text(*once, keywords);
      REQUIRE(twice);
      CHECK(unified_diff(*once, *twice, "once", "twice") == "");
      CHECK(meaning(path.string(), *once) == meaning(path.string(), *text));
      ++formatted;
    }
  }
  CHECK(formatted >= 3 * 180);  // the files that parse (the others are golden cases of syntax errors)
}

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "engine/base/diagnostic.hpp"
#include "engine/base/internal_error.hpp"
#include "engine/base/suggest.hpp"

using namespace jaring;

TEST_CASE("source: line and column in code points", "[source]") {
  Source s("f.policy", "ab\r\nc\xC3\xA9x\nlast");
  CHECK(s.line_col(0).line == 1);
  CHECK(s.line_col(4).line == 2);
  CHECK(s.line_col(7).column == 3);  // after `c` and the two-byte `é`
  CHECK(s.line_text(1) == "ab");
  CHECK(s.line_text(3) == "last");
  CHECK(s.line_col(100).line == 3);  // clamped to the end
}

TEST_CASE("diagnostics: text rendering with caret, underline and help", "[diagnostic]") {
  SourceMap sm;
  const auto id = sm.add("r.policy", "group g {\n  when birth_dat > 1\n}\n");
  Diagnostic d{Severity::Error,
               "unknown-field",
               {id, 17, 26},
               "record `participant` has no field `birth_dat`",
               "did you mean `birth_date`?"};
  CHECK(render_text(d, sm) ==
        "r.policy:2:8: error: record `participant` has no field `birth_dat` [unknown-field]\n"
        " 2 |   when birth_dat > 1\n"
        "   |        ^~~~~~~~~\n"
        "   = help: did you mean `birth_date`?\n");
  const std::string json = render_json(d, sm);
  CHECK(json.find(R"("line":2)") != std::string::npos);
  CHECK(json.find(R"("column":8)") != std::string::npos);
  CHECK(json.find(R"("end":{"column":17,"line":2})") != std::string::npos);
}

TEST_CASE("diagnostics: an empty span at the end of the file", "[diagnostic]") {
  SourceMap sm;
  const auto id = sm.add("r.policy", "group g {");
  Diagnostic d{Severity::Error, "syntax", {id, 9, 9}, "expected `}`", std::nullopt};
  CHECK(render_text(d, sm) == "r.policy:1:10: error: expected `}` [syntax]\n 1 | group g {\n   |          ^\n");
}

TEST_CASE("diagnostics: sorted by position, deduplicated, capped", "[diagnostic]") {
  Diagnostics ds;
  ds.error("syntax", {0, 20, 21}, "second");
  ds.error("arity", {0, 5, 6}, "first");
  ds.error("arity", {0, 5, 6}, "first");
  ds.warning("empty-range", {0, 10, 11}, "middle");
  ds.sort();
  REQUIRE(ds.all().size() == 3);
  CHECK(ds.all()[0].message == "first");
  CHECK(ds.all()[1].message == "middle");
  CHECK(ds.has_errors());
  CHECK(ds.warning_count() == 1);
  Diagnostics many;
  for (int i = 0; i < 150; ++i) many.error("syntax", {0, 0, 0}, "m");
  CHECK(many.all().size() == Diagnostics::limit);
  CHECK(many.dropped() == 50);
}

TEST_CASE("diagnostics: merge keeps the order reported, the cap and every count", "[diagnostic]") {
  Diagnostics all;
  for (int i = 0; i < 60; ++i) all.error("syntax", {0, 0, 0}, "first file");
  Diagnostics second;
  for (int i = 0; i < 70; ++i) second.error("arity", {1, 0, 0}, "second file");
  second.warning("empty-range", {1, 0, 0}, "second file");
  second.note("slow-policy", {1, 0, 0}, "second file");
  all.merge(std::move(second));
  CHECK(all.all().size() == Diagnostics::limit);
  CHECK(all.error_count() == 130);
  CHECK(all.warning_count() == 1);
  CHECK(all.note_count() == 1);
  CHECK(all.dropped() == 32);
  CHECK(all.all()[59].message == "first file");
  CHECK(all.all()[60].message == "second file");
}

TEST_CASE("diagnostic codes: one registry, every code with a golden case", "[diagnostic][registry]") {
  // Every registered code is shown to a drafter by at least one pinned case in tests/golden/.
  std::string goldens;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(JARING_SOURCE_DIR) + "/tests/golden")) {
    if (entry.path().extension() != ".diag") continue;
    std::ifstream in(entry.path());
    goldens.append(std::istreambuf_iterator<char>(in), {});
  }
  for (const auto& c : diagnostic_codes) {
    INFO("code " << c.code);
    CHECK(goldens.find("[" + std::string(c.code) + "]") != std::string::npos);
    CHECK(!c.meaning.empty());
  }
  // Codes made at run time are checked against the registry too.
  CHECK(DiagCode::of("unknown-amend-target").text() == "unknown-amend-target");
  CHECK_THROWS_AS(DiagCode::of("no-such-code"), InternalError);
}

TEST_CASE("suggest: only near names", "[diagnostic]") {
  CHECK(*suggest("birth_dat", {"birth_date", "role"}) == "birth_date");
  CHECK(*suggest("grup", {"group", "payer"}) == "group");
  CHECK_FALSE(suggest("zzzzzz", {"group", "payer"}));
  CHECK_FALSE(suggest("ab", {"xy"}));
}

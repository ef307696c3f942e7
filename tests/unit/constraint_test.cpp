// Field constraints end to end: the checker's rules, reading CSV and JSON against them, the
// test runner's `expect rejected`, dump, and the constraint module's own messages.
#include <sstream>

#include "engine/language/constraint.hpp"
#include "engine/language/dump.hpp"
#include "engine/runtime/test_runner.hpp"
#include "eval_support.hpp"

using namespace jaring;

namespace {

const std::string constrained = R"(
policy "Uji"
valid 2024-01-01 .. 2024-12-31
record participant {
  nik        : nik
  risk_class : int between 1 and 5 = 1
  status     : text in ["aktif", "nonaktif"] optional
  village    : region within [63.10, 63.11] level village optional
  domicile   : region level regency optional
  income     : money between Rp 0 and Rp 10.000.000 optional
  started    : date between 2020-01-01 and 2024-12-31 optional
}
payer apbd "APBD"
programme JKM "Jaminan Kematian"
  contribution = Rp 6.800
group all "Semua" {
  when true
  covers JKM
  paid_by apbd
}
)";

std::string first_error(const Decision& d) {
  if (d.errors.empty()) return "<none>";
  return d.errors.front().field + ": " + d.errors.front().reason;
}

std::vector<ReadResult> read_csv(const Schema& schema, const std::string& text) {
  std::istringstream in(text);
  std::vector<ReadResult> out;
  read_records(in, InputFormat::Csv, schema, [&](ReadResult&& r) { out.push_back(std::move(r)); });
  return out;
}

}  // namespace

TEST_CASE("constraints: values inside are read, values outside reject the record naming why", "[constraint]") {
  test::Compiled c(constrained);
  const char* day = "2024-08-01";
  CHECK(c.decide(R"({"nik": "6310014101850001", "risk_class": 5, "status": "aktif", "village": "63.11.02.2001"})", day)
            .status == Status::Eligible);
  CHECK(c.decide(R"({"nik": "6310014101850001", "risk_class": 1, "domicile": "63.10", "income": "Rp 10.000.000"})", day)
            .status == Status::Eligible);

  auto d = c.decide(R"({"nik": "6310014101850001", "risk_class": 9})", day);
  CHECK(d.status == Status::Rejected);
  CHECK(first_error(d) == "risk_class: `9` is not between 1 and 5");
  d = c.decide(R"({"nik": "6310014101850001", "risk_class": "0"})", day);
  CHECK(first_error(d) == "risk_class: `0` is not between 1 and 5");
  d = c.decide(R"({"nik": "6310014101850001", "status": "aktiv"})", day);
  CHECK(first_error(d) == "status: `aktiv` is not one of \"aktif\" or \"nonaktif\" (did you mean `aktif`?)");
  d = c.decide(R"({"nik": "6310014101850001", "village": "63.10"})", day);
  CHECK(first_error(d) ==
        "village: `63.10` is a regency code; this field needs a village code (PP.KK.CC.VVVV, such as "
        "`36.72.01.1001`)");
  d = c.decide(R"({"nik": "6310014101850001", "village": "63.09.01.2001"})", day);
  CHECK(first_error(d) == "village: `63.09.01.2001` is not within 63.10 or 63.11");
  d = c.decide(R"({"nik": "6310014101850001", "domicile": "63.10.01"})", day);
  CHECK(first_error(d).starts_with("domicile: `63.10.01` is a district code; this field needs a regency code"));
  d = c.decide(R"({"nik": "6310014101850001", "income": 10000001})", day);
  CHECK(first_error(d) == "income: `Rp 10.000.001` is not between Rp 0 and Rp 10.000.000");
  d = c.decide(R"({"nik": "6310014101850001", "started": "2019-12-31"})", day);
  CHECK(first_error(d) == "started: `2019-12-31` is not between 2020-01-01 and 2024-12-31");
  // Every field problem at once, in schema order; the id is kept.
  d = c.decide(R"({"nik": "6310014101850001", "risk_class": 6, "status": "x", "village": "63.10"})", day);
  CHECK(d.status == Status::Rejected);
  CHECK(d.errors.size() == 3);
  CHECK(d.id == "6310014101850001");
  // A missing optional field is not checked; a missing field with a default takes it.
  CHECK(c.decide(R"({"nik": "6310014101850001"})", day).status == Status::Eligible);
}

TEST_CASE("constraints: CSV rows outside a constraint are rejected with their line", "[constraint]") {
  test::Compiled c(constrained);
  const auto rows = read_csv(c.program->schema,
                             "nik,risk_class,village\n"
                             "6310014101850001,3,63.10.01.2001\n"
                             "6310014101850002,6,63.10.01.2001\n"
                             "6310014101850003,,63.10\n");
  REQUIRE(rows.size() == 3);
  CHECK(std::holds_alternative<Record>(rows[0]));
  REQUIRE(std::holds_alternative<Rejection>(rows[1]));
  CHECK(std::get<Rejection>(rows[1]).line == 3);
  CHECK(std::get<Rejection>(rows[1]).errors.at(0).field == "risk_class");
  REQUIRE(std::holds_alternative<Rejection>(rows[2]));
  CHECK(std::get<Rejection>(rows[2]).errors.at(0).field == "village");
}

TEST_CASE("constraints: the checker refuses constraints that cannot work", "[constraint][check]") {
  auto field = [](const std::string& decl) {
    return test::check_text("policy \"Uji\"\nrecord participant {\n  " + decl + "\n}\n");
  };
  CHECK(field("role : text between \"a\" and \"z\"")->has("constraint-type"));
  CHECK(field("flag : bool in [true]")->has("constraint-type"));
  CHECK(field("n : int within 63.10")->has("constraint-type"));
  CHECK(field("n : int level village")->has("constraint-type"));
  CHECK(field("n : int between 5 and 1")->has("impossible-constraint"));
  CHECK(field("s : text in []")->has("impossible-constraint"));
  CHECK(field("v : region within 63.10.01.2001 level district")->has("impossible-constraint"));
  CHECK(field("v : region level vilage")->has("unknown-level"));
  CHECK(field("v : region level vilage")->diags.all().at(0).help == "did you mean `village`?");
  CHECK(field("n : int between 1 and 5 = 0")->has("default-breaks-constraint"));
  CHECK(field("s : text in [\"a\", \"b\"] = \"c\"")->has("default-breaks-constraint"));
  CHECK(field("n : int between 1 and \"5\"")->has("type-mismatch"));
  CHECK(field("s : text in [\"a\", \"a\"]")->has("duplicate-item"));
  CHECK(field("v : region within [63.10, \"x\"]")->has("not-constant"));
  CHECK(field("n : int between 1 + 1 and 5")->has("not-constant"));
  // Defaults must be written out too (a computed one used to pass check and fail later).
  CHECK(field("n : int = 1 + 1")->has("not-constant"));
  // Negative bounds and the Indonesian spellings are fine.
  CHECK(field("n : int between -5 and 5 = 0")->diags.all().empty());
  CHECK(field("v : wilayah di_dalam 63.10 tingkat desa opsional")->diags.all().empty());
  CHECK(field("v : region level kelurahan optional")->diags.all().empty());
}

TEST_CASE("constraints: dump writes them back in English keywords", "[constraint][dump]") {
  const auto r = test::check_text(
      "policy \"Uji\"\nrecord participant {\n  v : wilayah di_dalam 63.10 tingkat desa opsional\n"
      "  n : bilangan antara 1 dan 5 = 1\n  s : teks dalam [\"a\", \"b\"] opsional\n  d : region level kota\n}\n");
  REQUIRE(r->checked);
  const std::string out = dump_policy(r->checked->policy());
  CHECK(out.find("v : region within 63.10 level village optional") != std::string::npos);
  CHECK(out.find("n : int between 1 and 5 = 1") != std::string::npos);
  CHECK(out.find("s : text in [\"a\", \"b\"] optional") != std::string::npos);
  CHECK(out.find("d : region level regency") != std::string::npos);
  // The dump reads back to the same constraints.
  const auto again = test::check_text(out);
  CHECK(again->checked);
}

TEST_CASE("constraints: a test expects rejected, and a rejected record fails other expectations", "[constraint]") {
  test::Compiled c(constrained + R"(
test "kelas 6 ditolak" on 2024-08-01 {
  given { nik: "6310014101850001", risk_class: 6 }
  expect rejected
}
test "kelas 6 bukan layak" on 2024-08-01 {
  given { nik: "6310014101850001", risk_class: 6 }
  expect eligible
}
test "kelas 5 tidak ditolak" on 2024-08-01 {
  given { nik: "6310014101850001", risk_class: 5 }
  expect rejected
}
)");
  const auto results = run_tests(*c.checked->policy, *c.program, nullptr);
  REQUIRE(results.size() == 3);
  CHECK(results[0].passed);
  CHECK_FALSE(results[1].passed);
  REQUIRE(results[1].mismatches.size() == 1);
  CHECK(results[1].mismatches[0].second == "rejected; `risk_class`: `6` is not between 1 and 5");
  CHECK_FALSE(results[2].passed);
}

TEST_CASE("constraints: messages quote long values short and list long sets in part", "[constraint]") {
  ValueConstraint c;
  c.kind = ast::ConstraintKind::OneOf;
  for (int i = 1; i <= 20; ++i) c.allowed.push_back(Value::integer(i));
  const auto why = constraint_violation(c, Value::integer(21));
  REQUIRE(why);
  CHECK(*why == "`21` is not one of 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, … (20 in all)");
  CHECK(constraint_text(c).starts_with("in [1, 2, 3"));
  ValueConstraint t;
  t.kind = ast::ConstraintKind::OneOf;
  t.allowed.push_back(Value::text("a"));
  const auto long_text = constraint_violation(t, Value::text(std::string(100, 'x') + "\x01"));
  REQUIRE(long_text);
  CHECK(long_text->starts_with("`" + std::string(40, 'x') + "…`"));
  CHECK(region_level_of("63") == RegionLevel::Province);
  CHECK(region_level_of("63.10.01.2001") == RegionLevel::Village);
  CHECK(parse_region_level("kecamatan") == RegionLevel::District);
  CHECK_FALSE(parse_region_level("rt"));
}

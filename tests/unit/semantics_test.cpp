// More evaluation semantics, one behaviour per test (LANGUAGE.md "Semantics").
#include <nlohmann/json.hpp>

#include "engine/language/dump.hpp"
#include "engine/runtime/allocate.hpp"
#include "engine/runtime/open_policy.hpp"
#include "eval_support.hpp"

using namespace jaring;
using test::Compiled;
using test::paid;
using test::reason_rules;

namespace {

// A person's record; `extra` adds keys or replaces them (a record never gives a key twice).
std::string person(const std::string& extra = "") {
  auto j =
      nlohmann::json::parse(R"({"nik":"3672010105840001","birth_date":"1984-01-01","role":"x","domicile":"36.72"})");
  j.update(nlohmann::json::parse("{" + extra + "}"));
  return j.dump();
}

Compiled with(const std::string& declarations) { return Compiled(std::string(test::base_policy) + declarations); }

}  // namespace

TEST_CASE("semantics: a leap-day birthday in a leap year", "[semantics][age]") {
  const Compiled c = with("require adult \"Usia 24\" age >= 24\ngroup g { when true covers JKM paid_by apbd_kota }\n");
  CHECK(c.decide(person(R"("birth_date":"2000-02-29")"), "2024-02-29").status == Status::Eligible);
  CHECK(c.decide(person(R"("birth_date":"2000-02-29")"), "2024-02-28").status == Status::NotEligible);
}

TEST_CASE("semantics: a value closed with `until` has no value afterwards", "[semantics][parameter]") {
  const Compiled c = with(
      "parameter flat \"Iuran tetap\" : money\n  since 2024-01-01 = Rp 5.000 until 2024-06-30\n"
      "programme P contribution = flat\n"
      "group g { when true covers P paid_by apbd_kota }\n");
  CHECK(c.decide(person(), "2024-06-30").total == 500'000);
  const Decision d = c.decide(person(), "2024-07-01");
  CHECK(d.status == Status::NotEligible);
  CHECK(render(d.reasons[0].detail, Lang::en) == "parameter `flat` has no value on 2024-07-01");
}

TEST_CASE("semantics: `and` is false when one side is false, even if the other is missing", "[semantics][missing]") {
  const Compiled c = with(
      "require r \"r\" role == \"y\" and village within 36.72\ngroup g { when true covers JKM paid_by apbd_kota }\n");
  const Decision d = c.decide(person(), "2024-05-01");
  CHECK(reason_rules(d) == std::vector<std::string>{"r"});
  CHECK(d.reasons[0].detail.empty());  // decided by `role`, not by the missing village
}

TEST_CASE("semantics: `or` is true when one side is true, even if the other is missing", "[semantics][missing]") {
  const Compiled c = with(
      "require r \"r\" role == \"x\" or village within 36.72\ngroup g { when true covers JKM paid_by apbd_kota }\n");
  CHECK(c.decide(person(), "2024-05-01").status == Status::Eligible);
}

TEST_CASE("semantics: a missing value that decides fails the rule and names the field", "[semantics][missing]") {
  const Compiled c = with(
      "require r \"r\" role == \"x\" and village within 36.72\ngroup g { when true covers JKM paid_by apbd_kota }\n");
  const Decision d = c.decide(person(), "2024-05-01");
  CHECK(reason_rules(d) == std::vector<std::string>{"r"});
  CHECK(render(d.reasons[0].detail, Lang::en) == "field `village` is missing");
}

TEST_CASE("semantics: a field default is used when the field is absent", "[semantics][record]") {
  const Compiled c = with("group g { when true covers JKK paid_by apbd_kota }\n");
  CHECK(c.decide(person(), "2024-05-01").total == 1'000'000);  // 1 % of the default Rp 1.000.000
  CHECK(c.decide(person(R"("declared_income":"")"), "2024-05-01").total == 1'000'000);
}

TEST_CASE("semantics: a rejected record lists every field problem", "[semantics][record]") {
  const Compiled c = with("group g { when true covers JKK paid_by apbd_kota }\n");
  const Decision d = c.decide(R"({"nik":"12","birth_date":"2024-02-30","role":"x","domicile":"36.7"})", "2024-05-01");
  CHECK(d.status == Status::Rejected);
  CHECK(d.errors.size() == 3);
}

TEST_CASE("semantics: date arithmetic and months_between", "[semantics][dates]") {
  const Compiled c = with(
      "require waited \"Terdaftar 3 bulan\" months_between(registered_on, as_of) >= 3\n"
      "require recent \"Terdaftar 30 hari terakhir tidak dihitung\" as_of - registered_on > 30\n"
      "group g { when true covers JKM paid_by apbd_kota }\n");
  CHECK(c.decide(person(R"("registered_on":"2024-02-01")"), "2024-05-01").status == Status::Eligible);
  CHECK(reason_rules(c.decide(person(R"("registered_on":"2024-02-02")"), "2024-05-01")) ==
        std::vector<std::string>{"waited"});
}

TEST_CASE("semantics: groups with a priority come before groups without, lower number first", "[semantics][groups]") {
  const Compiled c = with(
      "group plain { when true covers JKM paid_by apbd_kota }\n"
      "group second { when true covers JKM paid_by apbd_kota priority 2 }\n"
      "group first { when true covers JKM paid_by apbd_kota priority 1 }\n");
  CHECK(c.decide(person(), "2024-05-01").group->rule == "first");
}

TEST_CASE("semantics: without priorities the first declared group wins", "[semantics][groups]") {
  const Compiled c = with(
      "group one { when role == \"x\" covers JKM paid_by apbd_kota }\n"
      "group two { when role in [\"x\"] covers JKK paid_by apbd_kota }\n");
  CHECK(c.decide(person(), "2024-05-01").group->rule == "one");
}

TEST_CASE("semantics: a group's own requirements come after the general ones", "[semantics][reasons]") {
  const Compiled c = with("group g { when true covers JKM paid_by apbd_kota require own \"Sendiri\" role == \"y\" }\n");
  const Decision d = c.decide(person(R"("domicile":"36.73")"), "2024-05-01");
  CHECK(reason_rules(d) == std::vector<std::string>{"in_region", "own"});
}

TEST_CASE("semantics: a waived requirement never fails the record", "[semantics][waive]") {
  const Compiled c = with("group g { when true covers JKM paid_by apbd_kota waive in_region }\n");
  const Decision d = c.decide(person(R"("domicile":"36.73")"), "2024-05-01");
  CHECK(d.status == Status::Eligible);
  REQUIRE(d.requirements.size() == 1);
  CHECK(d.requirements[0].outcome == Outcome::Waived);
}

TEST_CASE("semantics: percent times percent is exact", "[semantics][money]") {
  const Compiled c = with(
      "programme P contribution = round(Rp 1.000.000 * 1% * 1%)\n"  // Rp 100 exactly
      "programme Q contribution = round(Rp 333 * 33,3333%)\n"       // 110,999889 -> Rp 111,00
      "group g { when true covers P, Q paid_by apbd_kota }\n");
  const Decision d = c.decide(person(), "2024-05-01");
  CHECK(d.programmes[0].total == 10'000);
  CHECK(d.programmes[1].total == 11'100);
}

TEST_CASE("semantics: money divided by a whole number is rounded where the formula says", "[semantics][money]") {
  const Compiled c = with(
      "programme P contribution = floor(Rp 10.000 / 3)\n"
      "programme Q contribution = ceil(Rp 10.000 / 3)\n"
      "group g { when true covers P, Q paid_by apbd_kota }\n");
  const Decision d = c.decide(person(), "2024-05-01");
  CHECK(d.programmes[0].total == 333'333);
  CHECK(d.programmes[1].total == 333'334);
}

TEST_CASE("semantics: min and max of money and unrounded amounts", "[semantics][money]") {
  const Compiled c = with(
      "programme P contribution = round(min(declared_income * 2%, Rp 25.000))\n"
      "group g { when true covers P paid_by apbd_kota }\n");
  CHECK(c.decide(person(), "2024-05-01").total == 2'000'000);
  CHECK(c.decide(person(R"("declared_income":5000000)"), "2024-05-01").total == 2'500'000);
}

TEST_CASE("semantics: a contribution of zero is a valid amount", "[semantics][money]") {
  const Compiled c = with("programme Z contribution = Rp 0\ngroup g { when true covers Z paid_by apbd_kota }\n");
  const Decision d = c.decide(person(), "2024-05-01");
  CHECK(d.status == Status::Eligible);
  CHECK(d.total == 0);
}

TEST_CASE("semantics: a payer line ending on a date pays on that date, not the next", "[semantics][payer]") {
  const Compiled c = with(
      "group g { when true covers JKM\n paid_by apbd_kota during 2024-01-01 .. 2024-03-20\n paid_by kpu since "
      "2024-03-21 }\n");
  CHECK(paid(c.decide(person(), "2024-03-20"), "apbd_kota") == 680'000);
  CHECK(paid(c.decide(person(), "2024-03-21"), "kpu") == 680'000);
}

TEST_CASE("semantics: the same policy in English and Indonesian has one hash", "[semantics][identity]") {
  auto load = [](const char* file) {
    SourceMap sources;
    Diagnostics diags;
    const auto opened = open_policy(std::string(JARING_SOURCE_DIR) + "/examples/bilingual/" + file, sources, diags);
    REQUIRE(opened.ok());
    return opened.program->hash;
  };
  CHECK(load("en.policy") == load("id.policy"));
}

TEST_CASE("semantics: a payer without a budget for the year is not limited", "[semantics][budget]") {
  const Compiled c = with(
      "payer lean \"Anggaran kecil\"\n  budget 2023 = Rp 1\n"
      "group g { when true covers JKM paid_by lean }\n");
  Allocator a(*c.program, *parse_date("2024-05-01"));
  Decision d = c.decide(person(), "2024-05-01");
  a.add(d, 0);
  a.run();
  a.apply(d, 0);
  CHECK(d.status == Status::Eligible);
}

TEST_CASE("semantics: the budget of the as-of year applies", "[semantics][budget]") {
  const Compiled c = with(
      "payer lean \"Anggaran kecil\"\n  budget 2024 = Rp 1\n"
      "group g { when true covers JKM paid_by lean }\n");
  Allocator a(*c.program, *parse_date("2024-05-01"));
  Decision d = c.decide(person(), "2024-05-01");
  a.add(d, 0);
  a.run();
  a.apply(d, 0);
  CHECK(d.status == Status::Waitlisted);
  CHECK(d.reasons.back().rule == "budget");
  CHECK(render(d.reasons.back().detail, Lang::en).find("budget 2024") == 0);
  CHECK(render(d.reasons.back().detail, Lang::id) ==
        "anggaran 2024: Rp 0 dari Rp 1 terpakai; orang ini memerlukan Rp 81.600 pada 2024");
}

TEST_CASE("semantics: a group with no valid payer line on the date decides nothing paid", "[semantics][payer]") {
  const Compiled c = with("group g { when true covers JKM paid_by apbd_kota\n valid 2024-01-01 .. 2024-12-31 }\n");
  CHECK(c.decide(person(), "2024-12-31").status == Status::Eligible);
}

TEST_CASE("semantics: cost shares by part keep every sen", "[semantics][shares]") {
  const Compiled c = with(
      "programme S scheme PU: employer = Rp 100,01, worker = Rp 50,01\n"
      "payer mandiri \"Peserta\"\n"
      "group g { when true covers S as PU paid_by apbd_kota 50% for employer, kpu 50% for employer, mandiri for worker "
      "}\n");
  const Decision d = c.decide(person(), "2024-05-01");
  REQUIRE(d.status == Status::Eligible);
  CHECK(paid(d, "apbd_kota") == 5'001);  // 10.001 sen: 5.000 each, the remainder to the first
  CHECK(paid(d, "kpu") == 5'000);
  CHECK(paid(d, "mandiri") == 5'001);
  CHECK(d.total == 15'002);
}

#include <catch2/catch.hpp>

#include "support.hpp"

using namespace jaring;
using jaring::test::base_policy;
using jaring::test::check_text;

TEST_CASE("check: the base policy is clean", "[check]") {
  auto r = check_text(base_policy);
  CHECK(r->codes().empty());
}

TEST_CASE("check: unknown field suggests the nearest name", "[check]") {
  auto r = check_text(std::string(base_policy) + "require x \"x\" years_between(birth_dat, as_of) > 15\n");
  REQUIRE(r->has("unknown-field"));
  CHECK(r->underlined("unknown-field") == "birth_dat");
  CHECK(r->diags.all()[0].help == "did you mean `birth_date`?");
  CHECK(r->diags.all()[0].message == "record `participant` has no field `birth_dat`");
}

TEST_CASE("check: money times percent must be rounded", "[check]") {
  auto r = check_text(std::string(base_policy) + "programme JHT contribution = declared_income * 2%\n");
  CHECK(r->has("unrounded-money"));
  CHECK(r->underlined("unrounded-money") == "declared_income * 2%");
  auto ok = check_text(std::string(base_policy) + "programme JHT contribution = floor(declared_income * 2%)\n");
  CHECK(ok->codes().empty());
}

TEST_CASE("check: money times money is refused", "[check]") {
  auto r =
      check_text(std::string(base_policy) + "programme JHT contribution = round(declared_income * declared_income)\n");
  CHECK(r->codes() == std::vector<std::string>{"money-times-money"});
}

TEST_CASE("check: comparisons need compatible types", "[check]") {
  auto r = check_text(std::string(base_policy) + "require x \"x\" role == 5\n");
  CHECK(r->has("type-mismatch"));
  auto ok = check_text(std::string(base_policy) + "require x \"x\" declared_income >= Rp 500.000 and age < 70\n");
  CHECK(ok->codes().empty());
  auto cond = check_text(std::string(base_policy) + "require x \"x\" declared_income\n");
  CHECK(cond->has("type-mismatch"));
}

TEST_CASE("check: shares must sum to 100 percent", "[check]") {
  auto bad = check_text(std::string(base_policy) +
                        "group g { when role == \"a\" covers JKK, JKM paid_by apbd_kota 50%, kpu 40% }\n");
  CHECK(bad->has("shares-not-100"));
  auto ok = check_text(std::string(base_policy) +
                       "group g { when role == \"a\" covers JKK, JKM paid_by apbd_kota 50%, kpu 50% }\n");
  CHECK(ok->codes().empty());
  auto parts =
      check_text(std::string(base_policy) +
                 "group g { when role == \"a\" covers JKK, JKM paid_by apbd_kota for employer, kpu for worker }\n");
  CHECK(parts->codes().empty());
  auto unpaid = check_text(std::string(base_policy) +
                           "group g { when role == \"a\" covers JKK, JKM paid_by apbd_kota for employer }\n");
  CHECK(unpaid->has("unpaid-part"));
}

TEST_CASE("check: payer periods neither overlap nor leave gaps", "[check]") {
  const std::string group = "group g { when role == \"a\" covers JKK, JKM\n";
  auto ok = check_text(std::string(base_policy) + group +
                       "paid_by apbd_kota during 2024-01-01 .. 2024-06-30\n paid_by kpu since 2024-07-01 }\n");
  CHECK(ok->codes().empty());
  auto overlap = check_text(std::string(base_policy) + group +
                            "paid_by apbd_kota during 2024-01-01 .. 2024-07-01\n paid_by kpu since 2024-07-01 }\n");
  CHECK(overlap->has("overlapping-payers"));
  auto gap = check_text(std::string(base_policy) + group +
                        "paid_by apbd_kota during 2024-01-01 .. 2024-06-29\n paid_by kpu since 2024-07-01 }\n");
  CHECK(gap->has("payer-gap"));
  auto late = check_text(std::string(base_policy) + group + "paid_by kpu since 2024-02-01 }\n");
  CHECK(late->has("payer-gap"));
}

TEST_CASE("check: a group needs a condition, a programme and a payer", "[check]") {
  auto r = check_text(std::string(base_policy) + "group g { }\n");
  CHECK(r->has("missing-condition"));
  CHECK(r->has("group-without-programme"));
  CHECK(r->has("group-without-payer"));
  auto prog = check_text(std::string(base_policy) + "group g { when true covers JKX paid_by apbd_kota }\n");
  CHECK(prog->has("unknown-programme"));
  auto payer = check_text(std::string(base_policy) + "group g { when true covers JKK paid_by apbd_kot }\n");
  CHECK(payer->has("unknown-payer"));
  auto scheme = check_text(std::string(base_policy) + "group g { when true covers JKK as PU paid_by apbd_kota }\n");
  CHECK(scheme->has("unknown-scheme"));
}

TEST_CASE("check: tests name existing groups and requirements", "[check]") {
  const std::string policy =
      std::string(base_policy) + "group rt_rw { when role == \"ketua_rt\" covers JKK, JKM paid_by apbd_kota }\n";
  auto r =
      check_text(policy + "test \"t\" on 2024-08-01 { given { role: \"ketua_rt\" } expect eligible, group rt_rx }\n");
  CHECK(r->has("unknown-group"));
  CHECK(r->diags.all()[0].help == "did you mean `rt_rw`?");
  auto because =
      check_text(policy + "test \"t\" on 2024-08-01 { given { role: \"x\" } expect not eligible because in_regio }\n");
  CHECK(because->has("unknown-requirement"));
  auto given = check_text(policy + "test \"t\" on 2024-08-01 { given { rol: \"x\" } expect not eligible }\n");
  CHECK(given->has("unknown-field"));
  auto types = check_text(policy + "test \"t\" on 2024-08-01 { given { role: 5 } expect not eligible }\n");
  CHECK(types->has("type-mismatch"));
  auto conflict =
      check_text(policy + "test \"t\" on 2024-08-01 { given { role: \"x\" } expect eligible, not eligible }\n");
  CHECK(conflict->has("conflicting-expectations"));
}

TEST_CASE("check: duplicate names are reported with the first place", "[check]") {
  auto r = check_text(std::string(base_policy) + "payer kpu \"again\"\n");
  REQUIRE(r->has("duplicate-name"));
  CHECK(r->diags.all()[0].help->find("the first is at") == 0);
  auto value = check_text(std::string(base_policy) + "let role = 1\n");
  CHECK(value->has("duplicate-name"));
}

TEST_CASE("check: parameters", "[check]") {
  auto order = check_text(std::string(base_policy) +
                          "parameter p : money\n since 2024-03-01 = Rp 1\n since 2024-01-01 = Rp 2\n");
  CHECK(order->has("parameter-order"));
  auto type = check_text(std::string(base_policy) + "parameter p : money\n since 2024-03-01 = 1%\n");
  CHECK(type->has("type-mismatch"));
  auto table = check_text(std::string(base_policy) + "parameter p : percent\n since 2024-03-01 = { 1: 1% }\n");
  CHECK(table->has("table-without-key"));
  auto key = check_text(std::string(base_policy) + "parameter p : percent by role\n since 2024-03-01 = { 1: 1% }\n");
  CHECK(key->has("type-mismatch"));
}

TEST_CASE("check: circular let and unknown function", "[check]") {
  auto r = check_text(std::string(base_policy) + "let a = b + 1\nlet b = a + 1\n");
  CHECK(r->has("circular-let"));
  auto f = check_text(std::string(base_policy) + "let a = roud(declared_income)\n");
  CHECK(f->has("unknown-function"));
  CHECK(f->diags.all()[0].help == "did you mean `round`?");
}

TEST_CASE("check: all semantic errors of a file are reported, sorted", "[check]") {
  auto r = check_text(std::string(base_policy) +
                      "require a \"a\" rol == \"x\"\nrequire b \"b\" 5 and true\nlet c = roud(1)\n");
  REQUIRE(r->diags.all().size() == 3);
  CHECK(r->diags.all()[0].span.begin < r->diags.all()[1].span.begin);
  CHECK(r->diags.all()[1].span.begin < r->diags.all()[2].span.begin);
}

TEST_CASE("check: overlapping groups are a warning unless a priority decides", "[check]") {
  const std::string groups =
      "group a { when role in [\"x\", \"y\"] covers JKK paid_by apbd_kota }\n"
      "group b { when role == \"y\" covers JKK paid_by apbd_kota }\n";
  auto r = check_text(std::string(base_policy) + groups);
  CHECK(r->codes() == std::vector<std::string>{"overlapping-groups"});
  CHECK_FALSE(r->diags.has_errors());
  auto disjoint = check_text(std::string(base_policy) +
                             "group a { when role == \"x\" covers JKK paid_by apbd_kota }\n"
                             "group b { when role == \"y\" covers JKK paid_by apbd_kota }\n");
  CHECK(disjoint->codes().empty());
}

TEST_CASE("check: shares are summed per part", "[check]") {
  auto r = check_text(std::string(base_policy) +
                      "payer mandiri \"Peserta\"\n"
                      "group g { when true covers JKK as PU paid_by apbd_kota 50% for employer, kpu 50% for employer, "
                      "mandiri for worker }\n"
                      "programme JX scheme PU: employer = Rp 1, worker = Rp 1\n");
  CHECK_FALSE(r->has("shares-not-100"));
}

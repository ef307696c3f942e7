// The kernel (the fast lane's compiled form of a policy) against the language's own
// definitions, where the compiler rewrites a test into a cheaper one.
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/date.hpp"
#include "engine/io/fast_render.hpp"
#include "engine/runtime/kernel.hpp"
#include "eval_support.hpp"

namespace jaring::test {
namespace {

// The kernel's decision of a record against the generic runtime's: eligible alike, and each of
// the `checks` requirements failed alike.
void same_checks(const KernelDecision& k, const Decision& d, std::size_t checks) {
  CHECK((k.outcome == KernelOutcome::Eligible) == (d.status == Status::Eligible));
  REQUIRE(d.requirements.size() == checks);
  for (std::size_t i = 0; i < checks; ++i)
    CHECK(((k.failed >> i & 1) != 0) == (d.requirements[i].outcome == Outcome::Fail));
}

// Every form an age test takes: between, each comparison with a constant, and months.
const char* const age_policy = R"(
policy "Umur"
region 36.72 "Kota Cilegon"
valid 1900-01-01 .. 2100-12-31
record participant {
  nik : nik
  birth_date : date
  role : text
}
let age = years_between(birth_date, as_of)
let months = months_between(birth_date, as_of)
programme JKM "Jaminan Kematian"
  contribution = Rp 6.800
payer apbd "APBD"
require working_age "Berusia 15 sampai 65 tahun" [P 1]
  age between 15 and 65
require adult "Dewasa" [P 2]
  age >= 18
require young "Muda" [P 3]
  age < 60
require forty "Empat puluh" [P 4]
  age == 40
require over_one "Lebih dari satu tahun" [P 5]
  age > 1
require at_most "Paling tua" [P 6]
  age <= 70
require months_over "Lebih dari 300 bulan" [P 7]
  months > 300
require months_range "Antara 12 dan 13 bulan" [P 8]
  months between 12 and 13
require none "Tidak ada" [P 9]
  age between 20 and 10
group nobody "Tidak ada yang cocok" {
  when role == "tidak ada"
  covers JKM
  paid_by apbd
}
)";

}  // namespace

TEST_CASE("an age test is a range of birth dates, exact for every date", "[kernel]") {
  const Compiled c(age_policy);
  const std::size_t field = *c.program->schema.index_of("birth_date");
  const std::size_t role = *c.program->schema.index_of("role");
  // As-of dates at the calendar's edges: a leap day, the day after it, month and year ends.
  for (const char* as_of_text : {"2024-02-29", "2024-03-01", "2023-02-28", "2024-08-01", "2024-12-31", "2025-01-01"}) {
    const Day as_of = *parse_date(as_of_text);
    const auto kernel = Kernel::compile(*c.program, as_of);
    REQUIRE(kernel);
    REQUIRE(kernel->general().size() == 9);
    KernelRow row = kernel->row();
    row.text[role] = "lain";
    std::size_t checked = 0;
    // Every birth date from 1900 to 2040 (after as_of too: negative ages).
    for (Day d = *parse_date("1900-01-01"); d <= *parse_date("2040-12-31"); ++d) {
      row.num[field] = d;
      const KernelDecision k = kernel->decide(row);
      REQUIRE(k.outcome == KernelOutcome::NoGroup);
      const int age = years_between(d, as_of), months = months_between(d, as_of);
      const bool expected[9] = {
          15 <= age && age <= 65,       age >= 18, age<60, age == 40, age> 1, age <= 70, months > 300,
          12 <= months && months <= 13, false};
      for (std::size_t i = 0; i < 9; ++i) {
        const bool failed = (k.failed >> i & 1) != 0;
        if (failed == expected[i]) FAIL(format_date(d) << " as of " << as_of_text << ": requirement " << i + 1);
      }
      // The tests read the date itself: neither count is computed for them.
      if (row.lets_done != 0) FAIL(format_date(d) << ": a let was computed");
      ++checked;
    }
    CHECK(checked == 51500);
  }
}

TEST_CASE("a count used beyond a comparison is still computed", "[kernel]") {
  const Compiled c(std::string(base_policy) + R"(
programme JHT "Jaminan Hari Tua"
  contribution = Rp 1.000 * age
require adult "Dewasa" [P 1]
  age >= 18
group semua "Semua" {
  when role == "ketua_rt"
  covers JHT
  paid_by apbd_kota
}
)");
  const Day as_of = *parse_date("2024-08-01");
  const auto kernel = Kernel::compile(*c.program, as_of);
  REQUIRE(kernel);
  const Schema& schema = c.program->schema;
  KernelRow row = kernel->row();
  row.num[*schema.index_of("birth_date")] = *parse_date("1984-08-02");
  row.text[*schema.index_of("role")] = "ketua_rt";
  row.text[*schema.index_of("domicile")] = "36.72";
  row.num[*schema.index_of("declared_income")] = 100'000'000;
  const KernelDecision k = kernel->decide(row);
  REQUIRE(k.outcome == KernelOutcome::Eligible);
  CHECK(k.total == std::int64_t{39} * 100'000);  // 39 years old the day before the 40th birthday
}

namespace {

// Every condition the kernel tests in place (KernelTest): truth fields, comparisons of a field
// with a constant (at the ends of 64 bits too), ranges, codes, sets and areas.
const char* const direct_policy = R"(
policy "Langsung"
region 36.72 "Kota Cilegon"
valid 1900-01-01 .. 2100-12-31
record participant {
  nik : nik
  n : int
  flag : bool
  role : text
  domicile : region
  start : date
}
programme JKM "Jaminan Kematian"
  contribution = Rp 6.800
payer apbd "APBD"
require r1 "1" [P 1]
  flag
require r2 "2" [P 2]
  not flag
require r3 "3" [P 3]
  n == 3
require r4 "4" [P 4]
  n != 3
require r5 "5" [P 5]
  n < 3
require r6 "6" [P 6]
  n <= 3
require r7 "7" [P 7]
  n > 3
require r8 "8" [P 8]
  n >= 3
require r9 "9" [P 9]
  n between -2 and 5
require r10 "10" [P 10]
  n < 9223372036854775807
require r11 "11" [P 11]
  n > -9223372036854775807
require r12 "12" [P 12]
  role == "a"
require r13 "13" [P 13]
  role != "a"
require r14 "14" [P 14]
  role in ["a", "b"]
require r15 "15" [P 15]
  role not in ["a", "b"]
require r16 "16" [P 16]
  domicile within 36.72
require r17 "17" [P 17]
  start < 2024-01-01
require r18 "18" [P 18]
  n between 5 and -2
group nobody "Tidak ada yang cocok" {
  when role == "tidak ada"
  covers JKM
  paid_by apbd
}
)";

}  // namespace

TEST_CASE("the tests read in place decide as the generic runtime", "[kernel]") {
  const Compiled c(direct_policy);
  const Schema& schema = c.program->schema;
  const Day as_of = *parse_date("2024-08-01");
  const auto kernel = Kernel::compile(*c.program, as_of);
  REQUIRE(kernel);
  REQUIRE(kernel->general().size() == 18);
  for (const KernelCheck& check : kernel->general()) {
    INFO(check.requirement->info.name);
    CHECK(check.test.kind != KernelTest::Kind::Node);
  }
  KernelRow row = kernel->row();
  KernelDecision k;  // kept from record to record, as the lane keeps it
  const std::int64_t min64 = std::numeric_limits<std::int64_t>::min(), max64 = std::numeric_limits<std::int64_t>::max();
  std::size_t checked = 0;
  for (const std::int64_t n : {min64, min64 + 1, std::int64_t{-3}, std::int64_t{-2}, std::int64_t{2}, std::int64_t{3},
                               std::int64_t{4}, std::int64_t{5}, std::int64_t{6}, max64 - 1, max64})
    for (const bool flag : {false, true})
      for (const char* role : {"a", "b", "c", "tidak ada lagi"})
        for (const char* domicile : {"36.72", "36.72.01", "36.71", "36.72.01.1001", "37.72"})
          for (const char* start : {"2023-12-31", "2024-01-01"}) {
            row.num[*schema.index_of("n")] = n;
            row.num[*schema.index_of("flag")] = flag;
            row.text[*schema.index_of("nik")] = "3672010101800001";
            row.text[*schema.index_of("role")] = role;
            row.text[*schema.index_of("domicile")] = domicile;
            row.num[*schema.index_of("start")] = *parse_date(start);
            kernel->decide(row, k);
            REQUIRE(k.outcome == KernelOutcome::NoGroup);
            const Decision d = c.decide(fmt::format(R"({{"nik": "3672010101800001", "n": {}, "flag": {}, "role": "{}",
                                                       "domicile": "{}", "start": "{}"}})",
                                                    n, flag, role, domicile, start),
                                        "2024-08-01");
            REQUIRE(d.requirements.size() == 18);
            for (std::size_t i = 0; i < 18; ++i) {
              const bool failed = (k.failed >> i & 1) != 0;
              if (failed != (d.requirements[i].outcome == Outcome::Fail))
                FAIL("n " << n << ", flag " << flag << ", role " << role << ", domicile " << domicile << ", start "
                          << start << ": requirement " << i + 1);
            }
            ++checked;
          }
  CHECK(checked == 11 * 2 * 4 * 5 * 2);
}

TEST_CASE("a text's code is its word's, whatever its length and however close another word", "[kernel]") {
  // Words of every length the lookup compares differently (under 8 bytes, 8, 9 to 16, longer),
  // each the group of its own; then texts that differ from one of them in one byte or one more.
  const std::vector<std::string> words = {"a",
                                          "b",
                                          "ab",
                                          "ba",
                                          "abcd",
                                          "abce",
                                          "abcdefg",
                                          "abcdefh",
                                          "abcdefgh",
                                          "abcdefgi",
                                          "bbcdefgh",
                                          "abcdefghi",
                                          "abcdefghij_klmnop",
                                          "abcdefghij_klmnoq",
                                          "abcdefghiX_klmnop",
                                          "petugas_kebersihan_kota"};
  std::string policy = R"(
policy "Kamus"
region 36.72 "Kota Cilegon"
valid 1900-01-01 .. 2100-12-31
record participant {
  nik : nik
  role : text
}
programme JKM "Jaminan Kematian"
  contribution = Rp 6.800
payer apbd "APBD"
)";
  for (std::size_t i = 0; i < words.size(); ++i)
    policy +=
        fmt::format("group g{} \"G{}\" {{\n  when role == \"{}\"\n  covers JKM\n  paid_by apbd\n}}\n", i, i, words[i]);
  const Compiled c(policy);
  const Schema& schema = c.program->schema;
  const auto kernel = Kernel::compile(*c.program, *parse_date("2024-08-01"));
  REQUIRE(kernel);
  KernelRow row = kernel->row();
  KernelDecision k;
  std::vector<std::string> texts = words;
  for (const char* near :
       {"c", "abcf", "bbcd", "abcde", "abcdef", "abcdefj", "abcdefgj", "Abcdefgh", "abcdefgh_", "abcdefghj",
        "abcdefghij_klmnor", "abcdefghij_klmnopq", "bbcdefghij_klmnop", "petugas_kebersihan_kotb",
        "xetugas_kebersihan_kota", "petugas_kebersihan_kota_", "petugas_kebersihaN_kota", "petugas_kebXrsihan_kota"})
    texts.emplace_back(near);
  for (const std::string& role : texts) {
    INFO(role);
    row.text[*schema.index_of("nik")] = "3672010101800001";
    row.text[*schema.index_of("role")] = role;
    kernel->decide(row, k);
    const Decision d = c.decide(fmt::format(R"({{"nik": "3672010101800001", "role": "{}"}})", role), "2024-08-01");
    const auto word = std::find(words.begin(), words.end(), role);
    if (word == words.end()) {
      CHECK(k.outcome == KernelOutcome::NoGroup);
      CHECK(d.group_index == -1);
    } else {
      REQUIRE(k.outcome == KernelOutcome::Eligible);
      CHECK(k.group == word - words.begin());
      CHECK(d.group_index == k.group);
    }
  }
}

namespace {

// Every shape of contribution the kernel computes in place (KernelAmount): a constant; a field
// under a max, a min or both (through lets, with several constants), alone or times a
// percentage with each rounding;
// amounts whose product leaves 64 bits (then computed from the node); and a sum (a node).
const char* const amount_policy = R"(
policy "Iuran"
region 36.72 "Kota Cilegon"
valid 1900-01-01 .. 2100-12-31
record participant {
  nik : nik
  m : money
}
let base = max(m, Rp 1.000.000)
let capped = min(base, Rp 12.000.000)
programme A "A"
  contribution = round(base * 1%)
programme B "B"
  contribution = floor(min(m, Rp 12.000.000) * 3,7%)
programme C "C"
  contribution = ceil(capped * 2,5%)
programme D "D"
  contribution = max(m, Rp 50.000, Rp 40.000)
programme E "E"
  contribution = Rp 6.800
programme F "F"
  contribution = round(m * 0,35%)
programme G "G"
  contribution = max(min(m, Rp 7.000.000), Rp 2.000.000)
programme H "H"
  contribution = min(max(m, Rp 10), Rp 1.000, Rp 5.000)
programme I "I"
  contribution = round(max(m, Rp 1) * 1%) + Rp 1
programme J "J"
  contribution = max(min(m, Rp 1.000), Rp 5.000)
payer apbd "APBD"
group all "Semua" {
  when true
  covers A, B, C, D, E, F, G, H, I, J
  paid_by apbd
}
)";

}  // namespace

namespace {

// Decides a record of `m` sen (field `m`, a fixed NIK) by the kernel and by the generic runtime,
// and checks that each of the group's `parts` amounts and the total are the same. False when
// the kernel leaves the record to the generic runtime (an overflow), and then checks nothing.
bool same_amounts(const Compiled& c, const Kernel& kernel, std::int64_t m, std::size_t parts) {
  const Schema& schema = c.program->schema;
  KernelRow row = kernel.row();
  KernelDecision k;
  row.text[*schema.index_of("nik")] = "3672010101800001";
  row.num[*schema.index_of("m")] = m;
  kernel.decide(row, k);
  if (k.outcome == KernelOutcome::Fallback) return false;
  const Decision d = c.decide(fmt::format(R"({{"nik": "3672010101800001", "m": "{}"}})", rupiah(m)), "2024-08-01");
  INFO("m " << m << " sen: " << (d.reasons.empty() ? "" : d.reasons.front().rule));
  REQUIRE(d.status == Status::Eligible);
  REQUIRE(k.outcome == KernelOutcome::Eligible);
  REQUIRE(d.programmes.size() == parts);
  for (std::size_t i = 0; i < parts; ++i) {
    INFO("programme " << d.programmes[i].programme.rule);
    CHECK(k.parts[i] == d.programmes[i].total);
  }
  CHECK(k.total == d.total);
  return true;
}

}  // namespace

TEST_CASE("the amounts computed in place are the generic runtime's", "[kernel]") {
  const Compiled c(amount_policy);
  const auto kernel = Kernel::compile(*c.program, *parse_date("2024-08-01"));
  REQUIRE(kernel);
  const KernelGroup& g = kernel->groups().front();
  REQUIRE(g.parts.size() == 10);
  using Kind = KernelAmount::Kind;
  CHECK(g.parts[0].amount.kind == Kind::Clamped);
  CHECK(g.parts[1].amount.kind == Kind::Clamped);
  CHECK(g.parts[2].amount.kind == Kind::Clamped);
  CHECK(g.parts[3].amount.kind == Kind::Clamped);
  CHECK(g.parts[4].amount.kind == Kind::Const);
  CHECK(g.parts[5].amount.kind == Kind::Clamped);
  CHECK(g.parts[6].amount.kind == Kind::Clamped);
  CHECK(g.parts[7].amount.kind == Kind::Clamped);
  CHECK(g.parts[8].amount.kind == Kind::Node);     // a sum
  CHECK(g.parts[9].amount.kind == Kind::Clamped);  // bounds whose order decides
  std::size_t checked = 0;
  const std::int64_t huge = std::numeric_limits<std::int64_t>::max() / 100;  // a product over 64 bits
  for (const std::int64_t m :
       {std::int64_t{0}, std::int64_t{1}, std::int64_t{99}, std::int64_t{4'999'999}, std::int64_t{5'000'000},
        std::int64_t{99'999'999}, std::int64_t{100'000'000}, std::int64_t{100'000'001}, std::int64_t{133'333'337},
        std::int64_t{1'199'999'999}, std::int64_t{1'200'000'000}, std::int64_t{1'200'000'001},
        std::int64_t{99'999'999'999}, huge / 1000, huge / 3})
    checked += same_amounts(c, *kernel, m, 10);
  CHECK(checked == 15);
}

namespace {

// Groups not valid on the date, before a valid one: chosen by the role's code alone (`codes`),
// or by a `when` that also reads a flag (the groups tried in turn).
std::string validity_policy(bool codes) {
  const std::string also = codes ? "" : " and not flag";
  return R"(
policy "Berlaku"
region 36.72 "Kota Cilegon"
valid 2020-01-01 .. 2030-12-31
record participant {
  nik : nik
  role : text
  flag : bool
}
programme JKM "Jaminan Kematian"
  contribution = Rp 6.800
payer apbd "APBD"
group lama "Lama" {
  when role == "a")" +
         also + R"(
  covers JKM
  paid_by apbd
  valid 2020-01-01 .. 2020-12-31
}
group lama_juga "Lama juga" {
  when role in ["a", "b"])" +
         also + R"(
  covers JKM
  paid_by apbd
  valid 2021-01-01 .. 2021-12-31
}
group kini "Kini" {
  when role in ["b", "c"])" +
         also + R"(
  covers JKM
  paid_by apbd
}
)";
}

}  // namespace

TEST_CASE("a group not valid on the date is passed over in place, and named when no group takes the record",
          "[kernel]") {
  for (const bool codes : {true, false}) {
    INFO((codes ? "chosen by code" : "groups tried in turn"));
    const Compiled c(validity_policy(codes));
    const Program& p = *c.program;
    const auto kernel = Kernel::compile(p, *parse_date("2024-08-01"));
    REQUIRE(kernel);
    KernelRow row = kernel->row();
    KernelDecision k;
    for (const char* role : {"a", "b", "c", "d"})
      for (const bool flag : {false, true}) {
        INFO("role " << role << ", flag " << flag);
        row.text[*p.schema.index_of("nik")] = "3672010101800001";
        row.text[*p.schema.index_of("role")] = role;
        row.num[*p.schema.index_of("flag")] = flag;
        kernel->decide(row, k);
        const Decision d = c.decide(
            fmt::format(R"({{"nik": "3672010101800001", "role": "{}", "flag": {}}})", role, flag), "2024-08-01");
        REQUIRE(k.outcome != KernelOutcome::Fallback);  // before: every record a group not valid took
        if (d.status == Status::Eligible) {
          CHECK(k.outcome == KernelOutcome::Eligible);
          CHECK(k.group == d.group_index);
          continue;
        }
        REQUIRE(k.outcome == KernelOutcome::NoGroup);
        REQUIRE(d.reasons.size() == 1);
        const std::string detail = render(d.reasons[0].detail);
        if (k.invalid < 0) {
          CHECK(detail.empty());
        } else {
          CHECK(detail == fmt::format("group `{}` is not valid on 2024-08-01",
                                      p.groups[static_cast<std::size_t>(k.invalid)].info.name));
        }
      }
    // The cases the policy makes: `a` names the first group that held, `b` passes both over.
    row.num[*p.schema.index_of("flag")] = 0;
    row.text[*p.schema.index_of("role")] = "a";
    kernel->decide(row, k);
    CHECK(k.invalid == 0);
    row.text[*p.schema.index_of("role")] = "b";
    kernel->decide(row, k);
    CHECK(k.outcome == KernelOutcome::Eligible);
    CHECK(k.group == 2);
  }
}

TEST_CASE("on a date the policy is not valid on, every record is decided Outside, as the generic runtime says",
          "[kernel]") {
  const Compiled c(validity_policy(true));
  const Program& p = *c.program;
  for (const char* date : {"2019-12-31", "2031-01-01", "2024-08-01"}) {
    INFO(date);
    const auto kernel = Kernel::compile(p, *parse_date(date));
    REQUIRE(kernel);  // before: none (the generic runtime decided every record)
    KernelRow row = kernel->row();
    KernelDecision k;
    row.text[*p.schema.index_of("nik")] = "3672010101800001";
    row.text[*p.schema.index_of("role")] = "c";
    row.num[*p.schema.index_of("flag")] = 0;
    kernel->decide(row, k);
    const Decision d = c.decide(R"({"nik": "3672010101800001", "role": "c", "flag": false})", date);
    const bool outside = std::string_view(date) != "2024-08-01";
    CHECK((k.outcome == KernelOutcome::Outside) == outside);
    CHECK((d.status == Status::NotEligible) == outside);
    if (!outside) continue;
    CHECK(k.group == -1);
    REQUIRE(d.reasons.size() == 1);
    CHECK(d.reasons[0].rule == "policy_validity");
    CHECK(render(d.reasons[0].detail) == "the policy is valid from 2020-01-01 to 2030-12-31");
    CHECK(d.requirements.empty());
  }
}

namespace {

// The calendar edges of a record's date, in requirements and in an amount.
const char* const edges_policy = R"(
policy "Tepi"
region 36.72 "Kota Cilegon"
valid 1900-01-01 .. 2100-12-31
record participant {
  nik : nik
  start : date
}
programme JKM "Jaminan Kematian"
  contribution = Rp 100 * months_between(start_of_year(start), end_of_month(start))
payer apbd "APBD"
require r1 "1" [P 1]
  start_of_month(start) == start
require r2 "2" [P 2]
  end_of_month(start) == start
require r3 "3" [P 3]
  start_of_year(start) < 2000-01-01
require r4 "4" [P 4]
  end_of_year(start) >= as_of
require r5 "5" [P 5]
  end_of_month(start) > 2024-02-28
group semua "Semua" {
  when start_of_month(start) >= 1900-01-01
  covers JKM
  paid_by apbd
}
)";

}  // namespace

TEST_CASE("start_of and end_of a record's date are computed in place, as the generic runtime computes them",
          "[kernel]") {
  const Compiled c(edges_policy);
  const Schema& schema = c.program->schema;
  const auto kernel = Kernel::compile(*c.program, *parse_date("2024-08-01"));
  REQUIRE(kernel);  // before: "function `start_of_month` of a record's date", the generic runtime's
  KernelRow row = kernel->row();
  KernelDecision k;
  std::size_t checked = 0;
  for (const char* date :
       {"1999-12-31", "2000-01-01", "2000-02-29", "2023-02-28", "2024-02-28", "2024-02-29", "2024-03-01", "2024-07-31",
        "2024-08-01", "2024-12-31", "2100-02-28", "1900-01-01", "2024-04-30", "2024-11-15"}) {
    row.text[*schema.index_of("nik")] = "3672010101800001";
    row.num[*schema.index_of("start")] = *parse_date(date);
    kernel->decide(row, k);
    const Decision d = c.decide(fmt::format(R"({{"nik": "3672010101800001", "start": "{}"}})", date), "2024-08-01");
    INFO(date);
    REQUIRE(k.outcome != KernelOutcome::Fallback);
    same_checks(k, d, 5);
    if (d.status == Status::Eligible) CHECK(k.total == d.total);
    ++checked;
  }
  CHECK(checked == 14);
}

namespace {

// Division by constants (the language divides money, an unrounded amount or a percentage by a
// whole number): by a positive and a negative number, in amounts, requirements and a `when`.
const char* const division_policy = R"(
policy "Bagi"
region 36.72 "Kota Cilegon"
valid 1900-01-01 .. 2100-12-31
record participant {
  nik : nik
  m : money
  n : int
}
let monthly = m / 12
programme A "A"
  contribution = round(m / 12)
programme B "B"
  contribution = floor(m * 2 / 3)
programme C "C"
  contribution = ceil(m / 7 * 1%)
programme D "D"
  contribution = round(m * 3% / 4)
programme E "E"
  contribution = round(monthly * 0,35%) + floor(m / -4 * -1)
programme F "F"
  contribution = round(min(monthly, m * 5%) / 3)
payer apbd "APBD"
require per_month "Sebulan" [P 1]
  monthly >= Rp 1.000,01
require share "Bagian" [P 2]
  n * 1% / 3 < 10%
require third "Sepertiga" [P 3]
  (m + Rp 1) / 3 <= Rp 50.000.000
group all "Semua" {
  when m / 1000 >= Rp 1
  covers A, B, C, D, E, F
  paid_by apbd
}
)";

// A record of `m` sen and `n` decided by the kernel and by the generic runtime: nothing when
// the kernel hands it on (an overflow); else whether it is eligible, its outcome, each of its
// `checks` requirements and, eligible, each of its `parts` amounts and its total checked alike.
std::optional<bool> decided_alike(const Compiled& c, const Kernel& kernel, std::int64_t m, std::int64_t n,
                                  std::size_t checks, std::size_t parts) {
  const Schema& schema = c.program->schema;
  KernelRow row = kernel.row();
  KernelDecision k;
  row.text[*schema.index_of("nik")] = "3672010101800001";
  row.num[*schema.index_of("m")] = m;
  row.num[*schema.index_of("n")] = n;
  kernel.decide(row, k);
  const Decision d =
      c.decide(fmt::format(R"({{"nik": "3672010101800001", "m": "{}", "n": {}}})", rupiah(m), n), "2024-08-01");
  INFO("m " << m << " sen, n " << n);
  if (k.outcome == KernelOutcome::Fallback) return std::nullopt;
  same_checks(k, d, checks);
  if (d.status != Status::Eligible) return false;
  REQUIRE(d.programmes.size() == parts);
  for (std::size_t i = 0; i < parts; ++i) {
    INFO("programme " << d.programmes[i].programme.rule);
    CHECK(k.parts[i] == d.programmes[i].total);
  }
  CHECK(k.total == d.total);
  return true;
}

}  // namespace

TEST_CASE("division by a constant is computed in place, exactly as the generic runtime divides", "[kernel]") {
  const Compiled c(division_policy);
  std::string why;
  const auto kernel = Kernel::compile(*c.program, *parse_date("2024-08-01"), &why);
  INFO(why);
  REQUIRE(kernel);  // before: "division", the generic runtime's
  std::size_t checked = 0, eligible = 0;
  for (const std::int64_t m :
       {std::int64_t{0}, std::int64_t{1}, std::int64_t{999}, std::int64_t{1'000}, std::int64_t{1'200'000},
        std::int64_t{1'200'001}, std::int64_t{1'200'012}, std::int64_t{7'777'777}, std::int64_t{10'000'000},
        std::int64_t{123'456'789}, std::int64_t{99'999'999'999}, std::numeric_limits<std::int64_t>::max() / 1000})
    for (const std::int64_t n :
         {std::int64_t{-30}, std::int64_t{0}, std::int64_t{29}, std::int64_t{30}, std::int64_t{100}, std::int64_t{101}})
      if (const std::optional<bool> alike = decided_alike(c, *kernel, m, n, 3, 6)) {  // else an overflow
        ++checked;
        eligible += *alike;
      }
  CHECK(checked >= 66);
  CHECK(eligible >= 10);

  // By zero (a parameter's 0 on the date, here written so): the kernel compiles the policy, and
  // a record that divides is handed on to the generic runtime, which names the problem.
  std::string by_zero = division_policy;
  by_zero.replace(by_zero.find("m / 12\n"), 7, "m / 0\n");
  const Compiled z(by_zero);
  const auto zero_kernel = Kernel::compile(*z.program, *parse_date("2024-08-01"), &why);
  INFO(why);
  REQUIRE(zero_kernel);
  CHECK_FALSE(decided_alike(z, *zero_kernel, 1'200'000, 30, 3, 6).has_value());
  const Decision d = z.decide(R"({"nik": "3672010101800001", "m": "Rp 1.200.000", "n": 30})", "2024-08-01");
  CHECK(std::any_of(d.reasons.begin(), d.reasons.end(),
                    [](const auto& r) { return r.problem && r.problem->kind == ProblemKind::DivisionByZero; }));
}

namespace {

// Division by a value of the record (an income per head of a household): the denominator is
// the record's. Compared, rounded, and multiplied or divided by a constant in place.
// Each contribution is taken as its magnitude, `max(E, -(E))`: a contribution below zero is not
// eligible (the generic runtime's to explain, evaluate.cpp), and the quotients below zero inside
// are still computed by the kernel and compared.
const char* const per_head_policy = R"(
policy "Per kapita"
region 36.72 "Kota Cilegon"
valid 1900-01-01 .. 2100-12-31
record participant {
  nik : nik
  m : money
  n : int
}
let per_head = m / n
let monthly = per_head / 12
programme A "A"
  contribution = max(round(m / n), -(round(m / n)))
programme B "B"
  contribution = max(floor(per_head * 2,5%), -(floor(per_head * 2,5%)))
programme C "C"
  contribution = max(ceil(monthly), -(ceil(monthly)))
programme D "D"
  contribution = max(round(Rp 1.000.000 / n), -(round(Rp 1.000.000 / n)))
programme E "E"
  contribution = max(round(m * 3% / (n + 1)), -(round(m * 3% / (n + 1))))
programme F "F"
  contribution = max(round(m / (n * 2) * 50% / -3), -(round(m / (n * 2) * 50% / -3)))
payer apbd "APBD"
require low "Per kapita rendah" [P 1]
  per_head <= Rp 600.000 or n < 0
require range "Antara" [P 2]
  per_head between Rp 1.000 and m
require less "Lebih kecil" [P 3]
  m / (n + 2) < per_head or monthly == m / 12 / n
group all "Semua" {
  when n >= -100
  covers A, B, C, D, E, F
  paid_by apbd
}
)";

// Programme `name` paying the magnitude of `amount` (as per_head_policy's do).
std::string magnitude(const std::string& name, const std::string& amount) {
  return fmt::format("programme {} \"{}\"\n  contribution = max({}, -({}))\n", name, name, amount, amount);
}

}  // namespace

TEST_CASE("division by a value of the record is compared and rounded in place, exactly as the generic runtime divides",
          "[kernel]") {
  const Compiled c(per_head_policy);
  std::string why;
  const auto kernel = Kernel::compile(*c.program, *parse_date("2024-08-01"), &why);
  INFO(why);
  REQUIRE(kernel);  // before: "division by a value of the record", the generic runtime's
  std::size_t checked = 0, eligible = 0, handed_on = 0;
  for (const std::int64_t m :
       {std::int64_t{0}, std::int64_t{1}, std::int64_t{99'999}, std::int64_t{1'200'000}, std::int64_t{1'200'001},
        std::int64_t{7'777'777}, std::int64_t{60'000'000}, std::int64_t{60'000'001}, std::int64_t{123'456'789},
        std::int64_t{99'999'999'999}, std::numeric_limits<std::int64_t>::max() / 1000,
        std::numeric_limits<std::int64_t>::max()})
    for (const std::int64_t n : {std::int64_t{-7}, std::int64_t{-2}, std::int64_t{-1}, std::int64_t{0}, std::int64_t{1},
                                 std::int64_t{2}, std::int64_t{3}, std::int64_t{100}, std::int64_t{101}})
      if (const std::optional<bool> alike = decided_alike(c, *kernel, m, n, 3, 6)) {
        ++checked;
        eligible += *alike;
      } else {
        ++handed_on;  // a divisor of 0 (n 0, -1, -2) or an overflow
      }
  CHECK(checked >= 60);
  CHECK(eligible >= 10);
  CHECK(checked - eligible >= 10);
  CHECK(handed_on >= 12);
}

TEST_CASE("a quotient by a value of the record is added to, negated, divided and taken by min, max or `if` in place",
          "[kernel]") {
  // The per-head policy with six programmes more, each a pair computed per record.
  std::string text = per_head_policy;
  const std::string payer = "payer apbd \"APBD\"\n";
  text.replace(text.find(payer), payer.size(),
               magnitude("G", "round(m / n + Rp 1)") + magnitude("H", "floor(-(m / n) * -1 - per_head / 3)") +
                   magnitude("I", "round(max(per_head, Rp 5.000, m / (n + 1)))") +
                   magnitude("J", "ceil(if n > 5 then per_head else Rp 5.000) + round(min(monthly, m))") +
                   magnitude("K", "round(per_head / n) + round(Rp 1.000 * (n * 1% / (n + 1)))") +
                   magnitude("L", "round(per_head * n - max(per_head, m) * 2)") + payer);
  const std::string covers = "  covers A, B, C, D, E, F\n";
  text.replace(text.find(covers), covers.size(), "  covers A, B, C, D, E, F, G, H, I, J, K, L\n");
  const Compiled c(text);
  std::string why;
  const auto kernel = Kernel::compile(*c.program, *parse_date("2024-08-01"), &why);
  INFO(why);
  REQUIRE(kernel);  // before: "a quotient by a value of the record used beyond comparing, rounding or scaling"
  std::size_t checked = 0, eligible = 0;
  for (const std::int64_t m :
       {std::int64_t{0}, std::int64_t{1}, std::int64_t{99'999}, std::int64_t{1'200'000}, std::int64_t{1'200'001},
        std::int64_t{7'777'777}, std::int64_t{60'000'000}, std::int64_t{123'456'789}, std::int64_t{99'999'999'999},
        std::numeric_limits<std::int64_t>::max() / 1000, std::numeric_limits<std::int64_t>::max()})
    for (const std::int64_t n : {std::int64_t{-7}, std::int64_t{-2}, std::int64_t{-1}, std::int64_t{0}, std::int64_t{1},
                                 std::int64_t{2}, std::int64_t{3}, std::int64_t{6}, std::int64_t{100}})
      if (const std::optional<bool> alike = decided_alike(c, *kernel, m, n, 3, 12)) {  // else 0 or an overflow
        ++checked;
        eligible += *alike;
      }
  CHECK(checked >= 50);
  CHECK(eligible >= 10);
}

namespace {

// Products with more than one constant factor, as the national contributions are written
// (`round(bpu_base * jkk_bpu_rate * pp49_relief)`): the constants multiplied at once.
const char* const factors_policy = R"(
policy "Faktor"
region 36.72 "Kota Cilegon"
valid 1900-01-01 .. 2100-12-31
record participant {
  nik : nik
  m : money
}
let base = max(m, Rp 1.000.000)
programme A "A"
  contribution = round(base * 1% * 100%)
programme B "B"
  contribution = round(m * 3,7% * 50%)
programme C "C"
  contribution = round(1% * m * 0,0001%)
programme D "D"
  contribution = floor(100% * (m * 2,5%))
programme E "E"
  contribution = ceil(m * 1% * 50% * 200%)
programme F "F"
  contribution = round(m * 0% * 5%)
programme G "G"
  contribution = round(Rp 6.800 * 100%)
programme H "H"
  contribution = floor(Rp 1.234,56 * 33,3333%) + m * 0
payer apbd "APBD"
group all "Semua" {
  when m >= Rp 0
  covers A, B, C, D, E, F, G, H
  paid_by apbd
}
)";

}  // namespace

TEST_CASE(
    "a product's constant factors are multiplied at once, and a constant rounded once, exactly as the "
    "generic runtime computes them",
    "[kernel]") {
  const Compiled c(factors_policy);
  const auto kernel = Kernel::compile(*c.program, *parse_date("2024-08-01"));
  REQUIRE(kernel);
  const KernelGroup& g = kernel->groups().front();
  REQUIRE(g.parts.size() == 8);
  // Each a number field clamped and scaled, read in place, where the constants' product comes
  // back to millionths (was a node: a product of a product, over 10^12); C's (10^-8, over
  // 10^12) stays a node.
  using Kind = KernelAmount::Kind;
  for (const std::size_t i : {0U, 1U, 3U, 4U, 5U}) {
    INFO("programme " << i);
    CHECK(g.parts[i].amount.kind == Kind::Clamped);
    CHECK(g.parts[i].amount.scaled);
  }
  CHECK(g.parts[2].amount.kind == Kind::Node);
  // A constant rounded (the national JKM, `round(jkm_bpu_amount * pp49_relief)`): its value,
  // not a node evaluated for every record.
  CHECK(g.parts[6].amount.kind == Kind::Const);
  CHECK(g.parts[6].amount.value == 680'000);
  std::size_t checked = 0;  // those the kernel decides (not an overflow)
  for (const std::int64_t m :
       {std::int64_t{0}, std::int64_t{1}, std::int64_t{49}, std::int64_t{50}, std::int64_t{51},
        std::int64_t{99'999'999}, std::int64_t{100'000'001}, std::int64_t{135'135'135}, std::int64_t{1'234'567'891},
        std::int64_t{99'999'999'999}, std::numeric_limits<std::int64_t>::max() / 1000,
        std::numeric_limits<std::int64_t>::max() / 3, std::numeric_limits<std::int64_t>::max()})
    checked += same_amounts(c, *kernel, m, 8);
  CHECK(checked >= 11);
}

TEST_CASE("constants whose product is over 64 bits give the generic runtime's amounts", "[kernel]") {
  // Not multiplied at once (kernel.cpp constant_factors: a numerator or the product over 64
  // bits), and not read in place: a node, its amounts the generic runtime's where it decides.
  std::string text = factors_policy;
  text.replace(text.find("round(base * 1% * 100%)"), 23, "round(m * 1000000000% * 1000000000%)");
  const Compiled c(text);
  const auto kernel = Kernel::compile(*c.program, *parse_date("2024-08-01"));
  REQUIRE(kernel);
  CHECK(kernel->groups().front().parts[0].amount.kind == KernelAmount::Kind::Node);
  std::size_t checked = 0;
  for (const std::int64_t m : {std::int64_t{0}, std::int64_t{1}, std::int64_t{12'345}, std::int64_t{50'000}})
    checked += same_amounts(c, *kernel, m, 8);
  CHECK(checked == 4);
}

namespace {

// Money and unrounded amounts together in a min, max or `if`, whose value keeps the kind of the
// one taken (builtins.cpp eval_extreme): rounded, compared and computed on in place, money's
// overflow at 64 bits kept.
const char* const mixed_policy = R"(
policy "Campur"
region 36.72 "Kota Cilegon"
valid 1900-01-01 .. 2100-12-31
record participant {
  nik : nik
  m : money
  n : int
}
let least = max(m * 1%, Rp 5.000)
let capped = min(m * 3,3333%, Rp 100.000, least)
programme A "A"
  contribution = round(least)
programme B "B"
  contribution = floor(if n > 50 then m * 2,5% else Rp 20.000)
programme C "C"
  contribution = ceil(max(capped, if n < 0 then Rp 7.000 else m * 0,5%))
programme D "D"
  contribution = round(min(m, m * 100%))
programme E "E"
  contribution = round((least + Rp 1) * 3 - capped)
programme F "F"
  contribution = round(capped / 2) + round(-(least * -1) - least * 1%)
programme G "G"
  contribution = round(max(m * 1%, m) * (n + 1) / 1000)
payer apbd "APBD"
require cap "Batas" [P 1]
  capped <= Rp 90.000 or max(capped, Rp 50.000) == Rp 50.000
require same "Sama" [P 2]
  min(m * 100%, m) == m
require over "Lebih" [P 3]
  max(m * 1%, m) * (n + 1) / 1000 > Rp 10 or n == 7
group all "Semua" {
  when n >= -100
  covers A, B, C, D, E, F, G
  paid_by apbd
}
)";

}  // namespace

TEST_CASE("money and unrounded amounts taken by min, max or `if` are computed on as the generic runtime computes them",
          "[kernel]") {
  const Compiled c(mixed_policy);
  std::string why;
  const auto kernel = Kernel::compile(*c.program, *parse_date("2024-08-01"), &why);
  INFO(why);
  REQUIRE(kernel);  // before: "min/max of mixed kinds", the generic runtime's
  std::size_t checked = 0, eligible = 0, handed_on = 0;
  for (const std::int64_t m :
       {std::int64_t{0}, std::int64_t{1}, std::int64_t{499'999}, std::int64_t{500'000}, std::int64_t{500'001},
        std::int64_t{599'999}, std::int64_t{1'234'567}, std::int64_t{150'000'000}, std::int64_t{300'000'000},
        std::int64_t{900'000'000}, std::int64_t{1'000'000'000'000}, std::numeric_limits<std::int64_t>::max() / 1000,
        std::numeric_limits<std::int64_t>::max() / 3, std::numeric_limits<std::int64_t>::max()})
    for (const std::int64_t n : {std::int64_t{-1}, std::int64_t{0}, std::int64_t{51}, std::int64_t{100}})
      if (const std::optional<bool> alike = decided_alike(c, *kernel, m, n, 3, 7)) {
        ++checked;
        eligible += *alike;
      } else {
        ++handed_on;  // G's money times 52 or 101 beyond 64 bits: the generic runtime's overflow
      }
  CHECK(checked >= 44);
  CHECK(eligible >= 10);
  CHECK(checked - eligible >= 10);
  CHECK(handed_on >= 4);
}

namespace {

// Parameter tables of text, keyed by a whole number and by a text field, compared as text.
const char* const text_table_policy = R"(
policy "Tabel teks"
region 36.72 "Kota Cilegon"
valid 1900-01-01 .. 2100-12-31
record participant {
  nik : nik
  n : int
  role : text
}
parameter kind_by_n "Jenis" : text by n
  since 1900-01-01 = { 1: "satu", 2: "dua" }
parameter kind_by_role "Jenis peran" : text by role
  since 1900-01-01 = { "a": "pertama", "b": "a" }
programme A "A"
  contribution = Rp 1.000
payer apbd "APBD"
require one "Satu" [P 1]
  kind_by_n == "satu"
require not_two "Bukan dua" [P 2]
  kind_by_n != "dua"
require same "Sama" [P 3]
  kind_by_role == role or kind_by_role == "pertama"
group all "Semua" {
  when n >= -100
  covers A
  paid_by apbd
}
)";

}  // namespace

TEST_CASE("a parameter table of text is looked up per record, as the generic runtime looks it up", "[kernel]") {
  const Compiled c(text_table_policy);
  const Schema& schema = c.program->schema;
  const auto kernel = Kernel::compile(*c.program, *parse_date("2024-08-01"));
  REQUIRE(kernel);
  KernelRow row = kernel->row();
  KernelDecision k;
  std::size_t checked = 0, failed = 0, handed_on = 0;
  for (const std::int64_t n : {0, 1, 2, 3})
    for (const char* role : {"a", "b", "c"}) {
      INFO("n " << n << ", role " << role);
      row = kernel->row();
      row.text[*schema.index_of("nik")] = "3672010101800001";
      row.num[*schema.index_of("n")] = n;
      row.text[*schema.index_of("role")] = role;
      kernel->decide(row, k);
      const Decision d =
          c.decide(fmt::format(R"({{"nik": "3672010101800001", "n": {}, "role": "{}"}})", n, role), "2024-08-01");
      if (k.outcome == KernelOutcome::Fallback) {  // a key without a row: the generic runtime's
        ++handed_on;
        continue;
      }
      same_checks(k, d, 3);
      failed += d.status != Status::Eligible;
      ++checked;
    }
  CHECK(checked == 4);  // n 1 or 2, role a or b (before: the tables' text read as "", every check failed)
  CHECK(failed == 3);
  CHECK(handed_on == 8);
}

TEST_CASE("a set written with negative numbers is a constant set to the kernel too", "[kernel]") {
  std::string text = per_head_policy;
  const std::string from = "  per_head <= Rp 600.000 or n < 0\n";
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(), "  n in [1, -1, 7] or n not in [-2, 0, 3]\n");
  const Compiled c(text);
  std::string why;
  const auto kernel = Kernel::compile(*c.program, *parse_date("2024-08-01"), &why);
  INFO(why);
  REQUIRE(kernel);  // before: "membership of a computed set" (the compiler folds no negation)
  std::size_t checked = 0;
  for (const std::int64_t n : {-3, -2, -1, 1, 3, 7, 8})
    checked += decided_alike(c, *kernel, 12'000'000, n, 3, 6).has_value();
  CHECK(checked == 6);  // n -2 divides by 0 in `m / (n + 2)`: handed on
}

TEST_CASE("a set with members of the record's is built per record by the kernel too", "[kernel]") {
  // Before: "membership of a computed set", the whole policy the generic runtime's. Whole
  // numbers and money.
  std::string text = per_head_policy;
  const std::string from = "  per_head <= Rp 600.000 or n < 0\n";
  REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(),
               "  n in [1, -n, 7] or n not in [n * 2, 0, 3] or round(per_head) in [m, Rp 5.000, round(m / 2)]\n");
  const Compiled c(text);
  std::string why;
  const auto kernel = Kernel::compile(*c.program, *parse_date("2024-08-01"), &why);
  INFO(why);
  REQUIRE(kernel);
  std::size_t checked = 0;
  for (const std::int64_t m : {std::int64_t{10'000}, std::int64_t{500'000}, std::int64_t{12'000'000}})
    for (const std::int64_t n : {-3, -2, -1, 1, 2, 3, 7, 8})
      checked += decided_alike(c, *kernel, m, n, 3, 6).has_value();
  CHECK(checked >= 18);  // n -2 divides by 0 in `m / (n + 2)`: handed on
}

namespace {

// Texts in sets built per record: a field, a parameter table's row and a let among constants.
const char* const text_list_policy = R"(
policy "Himpunan teks"
region 36.72 "Kota Cilegon"
valid 1900-01-01 .. 2100-12-31
record participant {
  nik : nik
  n : int
  role : text
  usual : text
  domicile : region
  home : region
}
parameter kind_by_role "Jenis peran" : text by role
  since 1900-01-01 = { "a": "pertama", "b": "a" }
let own = if n > 1 then usual else "b"
programme A "A"
  contribution = Rp 1.000
payer apbd "APBD"
require listed "Terdaftar" [P 1]
  role in [usual, "x", own]
require kind "Jenis" [P 2]
  role not in [kind_by_role, usual] or n == 2
require home "Domisili" [P 3]
  domicile in [home, 36.72.01]
group all "Semua" {
  when n >= -100
  covers A
  paid_by apbd
}
)";

}  // namespace

TEST_CASE("texts in a set built per record are compared as the generic runtime compares them", "[kernel]") {
  const Compiled c(text_list_policy);
  const Schema& schema = c.program->schema;
  std::string why;
  const auto kernel = Kernel::compile(*c.program, *parse_date("2024-08-01"), &why);
  INFO(why);
  REQUIRE(kernel);
  std::size_t checked = 0, failed = 0;
  for (const std::int64_t n : {1, 2})
    for (const char* role : {"a", "b", "x", "c"})
      for (const char* usual : {"a", "c"})
        for (const char* home : {"36.72", "36.72.01", "36.73"}) {
          INFO("n " << n << ", role " << role << ", usual " << usual << ", home " << home);
          KernelRow row = kernel->row();
          KernelDecision k;
          row.text[*schema.index_of("nik")] = "3672010101800001";
          row.num[*schema.index_of("n")] = n;
          row.text[*schema.index_of("role")] = role;
          row.text[*schema.index_of("usual")] = usual;
          row.text[*schema.index_of("domicile")] = "36.72.01";
          row.text[*schema.index_of("home")] = home;
          kernel->decide(row, k);
          const Decision d = c.decide(fmt::format(R"({{"nik": "3672010101800001", "n": {}, "role": "{}", "usual": "{}",
                                                     "domicile": "36.72.01", "home": "{}"}})",
                                                  n, role, usual, home),
                                      "2024-08-01");
          if (k.outcome == KernelOutcome::Fallback) continue;  // a role without a row: the generic runtime's
          same_checks(k, d, 3);
          failed += d.status != Status::Eligible;
          ++checked;
        }
  CHECK(checked == 24);  // roles a and b have a row
  CHECK(failed > 0);
  CHECK(failed < checked);
}

namespace {

// Lets of text and region codes, and `if`s choosing between texts, read in place (and tested
// with `in` against a set of texts).
const char* const text_let_policy = R"(
policy "Teks"
region 36.72 "Kota Cilegon"
valid 1900-01-01 .. 2100-12-31
record participant {
  nik : nik
  n : int
  role : text
  domicile : region
}
let jabatan = role
let daerah = if n > 0 then domicile else 36.72.01
let label = if n > 5 then "besar" else jabatan
programme A "A"
  contribution = Rp 1.000
payer apbd "APBD"
require named "Jabatan" [P 1]
  jabatan in ["a", "b"] or label in ["c", "besar"]
require area "Daerah" [P 2]
  daerah within 36.72
require big "Besar" [P 3]
  label != "besar" or (if n > 6 then role else "x") == "x"
group all "Semua" {
  when jabatan != ""
  covers A
  paid_by apbd
}
)";

}  // namespace

TEST_CASE("lets of text and `if`s of texts are read in place, as the generic runtime reads them", "[kernel]") {
  const Compiled c(text_let_policy);
  const Schema& schema = c.program->schema;
  std::string why;
  const auto kernel = Kernel::compile(*c.program, *parse_date("2024-08-01"), &why);
  INFO(why);
  REQUIRE(kernel);  // before: "a let of text", "`if` with branches of two kinds"
  KernelRow row = kernel->row();
  KernelDecision k;
  std::size_t checked = 0, eligible = 0;
  for (const std::int64_t n : {0, 1, 6, 7})
    for (const char* role : {"a", "c", "d"})
      for (const char* domicile : {"36.72", "36.72.05", "36.71"}) {
        INFO("n " << n << ", role " << role << ", domicile " << domicile);
        row = kernel->row();
        row.text[*schema.index_of("nik")] = "3672010101800001";
        row.num[*schema.index_of("n")] = n;
        row.text[*schema.index_of("role")] = role;
        row.text[*schema.index_of("domicile")] = domicile;
        kernel->decide(row, k);
        const Decision d = c.decide(
            fmt::format(R"({{"nik": "3672010101800001", "n": {}, "role": "{}", "domicile": "{}"}})", n, role, domicile),
            "2024-08-01");
        REQUIRE(k.outcome != KernelOutcome::Fallback);
        same_checks(k, d, 3);
        eligible += d.status == Status::Eligible;
        ++checked;
      }
  CHECK(checked == 36);
  CHECK(eligible >= 4);
  CHECK(checked - eligible >= 10);
}

// An optional date without a default that a quota only ranks by may be missing in a kernel row
// (its slot then holds kernel_missing_day, and the record has no rank); read by anything else
// (a requirement here, or a rank of an expression of it) it may not, and a record without it
// goes to the generic runtime, which explains what follows.
TEST_CASE("a date may be missing in a kernel row only where a quota alone ranks by it", "[kernel]") {
  const std::string head = R"(
policy "Urut"
region 36.72 "Kota Cilegon"
valid 2024-01-01 .. 2024-12-31
record participant {
  nik : nik
  registered_on : date optional
  joined : date optional = 2024-01-01
}
programme A "A"
  contribution = Rp 1.000
payer p "P"
)";
  const auto missing_ok = [&](const std::string& rest) {
    const Compiled c(head + rest);
    const auto kernel = Kernel::compile(*c.program, *parse_date("2024-08-01"));
    REQUIRE(kernel);
    return std::pair{kernel->missing_ok(*c.program->schema.index_of("registered_on")),
                     kernel->missing_ok(*c.program->schema.index_of("joined"))};
  };
  const std::string group = "group g \"G\" {\n  when true\n  covers A\n  paid_by p\n";
  CHECK(missing_ok(group + "  quota 2 rank by registered_on\n}\n") == std::pair{true, false});
  CHECK(missing_ok(group + "  quota 2 rank by registered_on desc\n}\n") == std::pair{true, false});
  CHECK(missing_ok("require r \"R\" [P 1]\n  registered_on >= 2024-01-01\n" + group +
                   "  quota 2 rank by registered_on\n}\n") == std::pair{false, false});
  CHECK(missing_ok(group + "  quota 2 rank by years_between(registered_on, as_of)\n}\n") == std::pair{false, false});
  CHECK(missing_ok(group + "  quota 2\n}\n") == std::pair{false, false});
  CHECK(missing_ok(group + "  quota 2 rank by joined\n}\n") == std::pair{false, false});  // it has a default

  // The record without the date: eligible, with no rank; with it, its day.
  const Compiled c(head + group + "  quota 2 rank by registered_on\n}\n");
  const auto kernel = Kernel::compile(*c.program, *parse_date("2024-08-01"));
  REQUIRE(kernel);
  KernelRow row = kernel->row();
  const std::size_t f = *c.program->schema.index_of("registered_on");
  row.text[*c.program->schema.index_of("nik")] = "3672010101800001";
  row.num[*c.program->schema.index_of("joined")] = *parse_date("2024-01-01");
  row.num[f] = kernel_missing_day;
  KernelDecision d = kernel->decide(row);
  CHECK(d.outcome == KernelOutcome::Eligible);
  CHECK(d.rank_missing);
  row.num[f] = *parse_date("2024-02-01");
  d = kernel->decide(row);
  CHECK(d.outcome == KernelOutcome::Eligible);
  CHECK_FALSE(d.rank_missing);
  CHECK(d.rank == *parse_date("2024-02-01"));
}

TEST_CASE("a record with optional values missing is decided in the kernel with the generic runtime's logic",
          "[kernel]") {
  const Compiled c(R"(
policy "Kosong"
region 36.72 "Kota Cilegon"
valid 2024-01-01 .. 2024-12-31
record participant {
  nik : nik
  role : text
  village : region optional
  flag : bool optional
  extra : money optional
  registered_on : date optional
}
let helps = flag and extra > Rp 0
programme A "A"
  contribution = Rp 1.000
payer p "P"
require in_city "Di kota" [P 1]
  village within 36.72
require flagged "Ditandai" [P 2]
  flag or role == "kader"
require helped "Dibantu" [P 3]
  helps
require helped_again "Dibantu lagi" [P 4]
  helps or role == "x"
require either "Salah satu" [P 5]
  (extra > Rp 0 and role == "y") or village within 36.72
require product "Hasil kali" [P 6]
  extra * (if village within 36.72 then 2% else 1%) > Rp 0
group g "G" {
  when role != "tidak"
  covers A
  paid_by p
  quota 5 rank by registered_on
}
)");
  const auto& schema = c.program->schema;
  const auto kernel = Kernel::compile(*c.program, *parse_date("2024-08-01"));
  REQUIRE(kernel);
  const auto slot = [&](const char* name) { return *schema.index_of(name); };
  const auto bit = [&](const char* name) { return std::uint64_t{1} << slot(name); };
  // Every optional field a rule reads may be missing; the id and `role` (required) may not; a
  // date only ranked by is missing_ok (its sentinel alone says it).
  CHECK(kernel->may_miss() == (bit("village") | bit("flag") | bit("extra")));
  CHECK(kernel->missing_ok(slot("registered_on")));
  {
    // A let of text is read again at each use in the kernel (its value's node), where the
    // generic runtime keeps it and names a missing value once: the fields it reads stay required
    // in a kernel row (a record without them is handed on).
    const Compiled with_text_let(R"(
policy "Teks"
region 36.72 "Kota Cilegon"
valid 2024-01-01 .. 2024-12-31
record participant {
  nik : nik
  village : region optional
  flag : bool optional
  extra : money optional
}
let place = if flag then village else 36.72.01
programme A "A"
  contribution = Rp 1.000
payer p "P"
require in_city "Di kota" [P 1]
  place within 36.72
require again "Lagi" [P 2]
  place within 36.72.01 or extra > Rp 0
group g "G" {
  when true
  covers A
  paid_by p
}
)");
    const auto k = Kernel::compile(*with_text_let.program, *parse_date("2024-08-01"));
    REQUIRE(k);
    CHECK(k->may_miss() == std::uint64_t{1} << *with_text_let.program->schema.index_of("extra"));
  }

  struct Given {
    const char* role;
    const char* village;  // null: missing
    const char* flag;
    const char* extra;
    const char* registered_on;
  };
  // Missing values absorbed by `and` and `or` where the other side decides, or not; a let found
  // missing named by the first requirement only (the generic runtime keeps it); a side that is
  // absorbed still naming its field when the whole cannot be told; a product whose operands the
  // kernel swaps (the fraction first) naming the one written first.
  for (const Given& g :
       {Given{"kader", nullptr, nullptr, nullptr, nullptr}, Given{"x", "36.72.01.1001", "false", nullptr, "2024-02-01"},
        Given{"y", nullptr, "true", nullptr, nullptr}, Given{"kader", "36.04", nullptr, "Rp 5", nullptr},
        Given{"kader", "36.72.01.1001", "true", "Rp 5", nullptr}, Given{"tidak", nullptr, "true", nullptr, nullptr}}) {
    KernelRow row = kernel->row();
    row.text[slot("nik")] = "3672010101800001";
    row.text[slot("role")] = g.role;
    std::string json = fmt::format(R"({{"nik": "3672010101800001", "role": "{}")", g.role);
    // A value given: its JSON and its row slot; missing: its bit, and the key left out.
    const auto put = [&](const char* name, const char* value, const std::string& as_json, std::int64_t number) {
      if (!value) {
        row.missing |= kernel->may_miss() & bit(name);
        row.num[slot(name)] = kernel_missing_day;
        return;
      }
      row.text[slot(name)] = value;
      row.num[slot(name)] = number;
      json += fmt::format(R"(, "{}": {})", name, as_json);
    };
    put("village", g.village, fmt::format("\"{}\"", g.village ? g.village : ""), 0);
    put("flag", g.flag, g.flag ? g.flag : "", g.flag && std::string_view(g.flag) == "true");
    put("extra", g.extra, fmt::format("\"{}\"", g.extra ? g.extra : ""), 500);
    put("registered_on", g.registered_on, fmt::format("\"{}\"", g.registered_on ? g.registered_on : ""),
        g.registered_on ? *parse_date(g.registered_on) : 0);
    json += "}";
    INFO(json);
    const Decision d = c.decide(json, "2024-08-01");
    const KernelDecision k = kernel->decide(row);
    REQUIRE(k.outcome != KernelOutcome::Fallback);
    CHECK((k.outcome == KernelOutcome::Eligible) == (d.status == Status::Eligible));
    CHECK(k.rank_missing == (k.outcome == KernelOutcome::Eligible && !g.registered_on));
    const std::vector<KernelCheck>& checks = k.group >= 0 ? kernel->group(k.group).checks : kernel->general();
    REQUIRE(d.requirements.size() == checks.size());
    for (std::size_t i = 0; i < checks.size(); ++i) {
      INFO(checks[i].requirement->info.name);
      CHECK(((k.failed >> i & 1) != 0) == (d.requirements[i].outcome == Outcome::Fail));
      CHECK(render(check_ref(*kernel, k, checks, i).detail) == render(d.requirements[i].rule.detail));
    }
  }
}

}  // namespace jaring::test

// Amounts beyond 64 bits of sen: a decision whose programmes' total, or a budgeted payer's cost
// in the year, is beyond is not eligible and says why (the generic runtime; the kernel hands
// such records on), and a summary whose total is beyond stops the run (it was undefined
// behaviour: the random-policy comparison found it under UBSan).
#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "engine/base/date.hpp"
#include "engine/io/summary.hpp"
#include "engine/runtime/kernel.hpp"
#include "eval_support.hpp"

namespace jaring::test {

namespace {

std::string range_policy(bool budget) {
  return std::string(R"(
policy "Batas"
region 36.72 "Kota Cilegon"
valid 2024-01-01 .. 2024-12-31
record participant {
  nik : nik
  m : money
}
programme A "A"
  contribution = m
programme B "B"
  contribution = m
payer apbd "APBD"
)") + (budget ? "  budget 2024 = Rp 1.000\n" : "") +
         R"(group all "Semua" {
  when m >= Rp 0
  covers A, B
  paid_by apbd
}
)";
}

constexpr std::int64_t max64 = std::numeric_limits<std::int64_t>::max();

Decision decided(const Compiled& c, std::int64_t m) {
  return c.decide(R"({"nik": "3672010101800001", "m": ")" + rupiah(m) + "\"}", "2024-08-01");
}

}  // namespace

TEST_CASE("a total beyond 64 bits of sen is not eligible, and says so", "[evaluate][amounts]") {
  const Compiled c(range_policy(false));
  const Decision over = decided(c, max64 / 2 + 1);
  CHECK(over.status == Status::NotEligible);
  REQUIRE(over.reasons.size() == 1);
  CHECK(over.reasons[0].rule == "B");
  CHECK(render(over.reasons[0].detail, Lang::en).find("too large") != std::string::npos);
  // Just within: eligible, and the kernel agrees it is the generic runtime's to decide or decides alike.
  const Decision within = decided(c, max64 / 2);
  CHECK(within.status == Status::Eligible);
  CHECK(within.total == max64 - 1);
  const auto kernel = Kernel::compile(*c.program, *parse_date("2024-08-01"));
  REQUIRE(kernel);
  KernelRow row = kernel->row();
  KernelDecision k;
  row.text[*c.program->schema.index_of("nik")] = "3672010101800001";
  row.num[*c.program->schema.index_of("m")] = max64 / 2 + 1;
  kernel->decide(row, k);
  CHECK(k.outcome == KernelOutcome::Fallback);
}

TEST_CASE("a budgeted payer's cost in the year beyond 64 bits is not eligible, naming the payer",
          "[evaluate][amounts]") {
  const std::int64_t m = max64 / 24 + 1;  // a month within, 12 months of both programmes beyond
  const Compiled budgeted(range_policy(true));
  const Decision d = decided(budgeted, m);
  CHECK(d.status == Status::NotEligible);
  REQUIRE(d.reasons.size() == 1);
  CHECK(d.reasons[0].rule == "apbd");
  CHECK(render(d.reasons[0].detail, Lang::en).find("12 months of 2024") != std::string::npos);
  const auto kernel = Kernel::compile(*budgeted.program, *parse_date("2024-08-01"));
  REQUIRE(kernel);
  KernelRow row = kernel->row();
  KernelDecision k;
  row.text[*budgeted.program->schema.index_of("nik")] = "3672010101800001";
  row.num[*budgeted.program->schema.index_of("m")] = m;
  kernel->decide(row, k);
  CHECK(k.outcome == KernelOutcome::Fallback);
  // Without a budget the year's cost is only summed (in 128 bits): eligible.
  const Compiled free(range_policy(false));
  CHECK(decided(free, m).status == Status::Eligible);
}

TEST_CASE("a summary whose total is beyond 64 bits of sen stops the run, naming the payer", "[evaluate][amounts]") {
  const Compiled c(range_policy(false));
  Summary summary(*c.program, *parse_date("2024-08-01"));
  const Decision d = decided(c, max64 / 24 + 1);  // a year's cost within 128 bits, beyond 64
  REQUIRE(d.status == Status::Eligible);
  summary.add(d);
  CHECK_THROWS_WITH(summary.json(), Catch::Contains("payer `apbd`") && Catch::Contains("beyond"));
  CHECK_THROWS_WITH(summary.text(), Catch::Contains("payer `apbd`"));
  // Two within, whose sum is beyond: the same, whichever order they were added in.
  Summary two(*c.program, *parse_date("2024-08-01"));
  const Decision half = decided(c, max64 / 96);
  REQUIRE(half.status == Status::Eligible);
  two.add(half);
  CHECK_NOTHROW(two.json());
  for (int i = 0; i < 4; ++i) two.add(half);
  CHECK_THROWS(two.json());
}

TEST_CASE("a contribution below zero is not eligible, naming the programme and the amount", "[evaluate][amounts]") {
  // `m - Rp 10` for an m under Rp 10: a drafting error, never a payment back.
  std::string text = range_policy(true);
  const std::string b = "programme B \"B\"\n  contribution = m";
  REQUIRE(text.find(b) != std::string::npos);
  text.replace(text.find(b), b.size(), "programme B \"B\"\n  contribution = m - Rp 10");
  const Compiled c(text);
  const Decision d = decided(c, 500);
  CHECK(d.status == Status::NotEligible);
  REQUIRE(d.reasons.size() == 1);
  CHECK(d.reasons[0].rule == "B");
  CHECK(render(d.reasons[0].detail, Lang::en) == "the contribution is below zero (-Rp 5)");
  CHECK(render(d.reasons[0].detail, Lang::id) == "iuran ini di bawah nol (-Rp 5)");
  CHECK(d.total == 0);
  CHECK(d.payers.empty());
  CHECK(decided(c, 1'000).status == Status::Eligible);  // exactly zero is a contribution
  const auto kernel = Kernel::compile(*c.program, *parse_date("2024-08-01"));
  REQUIRE(kernel);
  for (const std::int64_t m : {std::int64_t{500}, std::int64_t{1'000}}) {
    KernelRow row = kernel->row();
    KernelDecision k;
    row.text[*c.program->schema.index_of("nik")] = "3672010101800001";
    row.num[*c.program->schema.index_of("m")] = m;
    kernel->decide(row, k);
    CHECK(k.outcome == (m < 1'000 ? KernelOutcome::Fallback : KernelOutcome::Eligible));
  }
}

}  // namespace jaring::test

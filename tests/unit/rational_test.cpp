// Exact arithmetic: every int128 operation is checked, every narrowing to 64 bits too.
#include <catch2/catch.hpp>

#include <limits>

#include "engine/base/internal_error.hpp"
#include "engine/base/rational.hpp"
#include "eval_support.hpp"

using namespace jaring;

namespace {

constexpr int128 big = static_cast<int128>(1) << 100;
constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

}  // namespace

TEST_CASE("rational: sums, products and quotients are exact and reduced", "[rational]") {
  const auto sum = checked_add({1, 3}, {1, 6});
  REQUIRE(sum);
  CHECK((sum->num == 1 && sum->den == 2));
  const auto product = checked_mul({24, 10'000}, {1'000'000'000, 1});  // 0,24 % of Rp 10.000.000
  REQUIRE(product);
  CHECK((product->num == 2'400'000 && product->den == 1));
  const auto quotient = checked_div({1, 2}, {-3, 4});
  REQUIRE(quotient);
  CHECK((quotient->num == -2 && quotient->den == 3));
  CHECK_FALSE(checked_div({1, 2}, {0, 1}));
}

TEST_CASE("rational: overflow is reported, never wrapped", "[rational]") {
  CHECK_FALSE(checked_mul({big, 1}, {big, 1}));
  CHECK_FALSE(checked_add({big << 26, 1}, {big << 26, 1}));  // 2^127
  CHECK_FALSE(checked_add({1, big}, {1, big - 1}));          // the common denominator does not fit
  // Cross-reduction keeps products of fractions that do fit.
  const auto fits = checked_mul({big, 3}, {3, big});
  REQUIRE(fits);
  CHECK((fits->num == 1 && fits->den == 1));
}

TEST_CASE("rational: rounding to 64 bits checks the narrowing", "[rational]") {
  CHECK(round_half_away({5, 2}) == std::optional<std::int64_t>(3));
  CHECK(round_half_away({-5, 2}) == std::optional<std::int64_t>(-3));
  CHECK(round_half_away({-7, 3}) == std::optional<std::int64_t>(-2));
  CHECK(round_half_away({7, 3}) == std::optional<std::int64_t>(2));
  CHECK(floor_div({-1, 3}) == std::optional<std::int64_t>(-1));
  CHECK(ceil_div({-1, 3}) == std::optional<std::int64_t>(0));
  CHECK(ceil_div({1, 3}) == std::optional<std::int64_t>(1));
  CHECK(floor_div({int64_max, 1}) == std::optional<std::int64_t>(int64_max));
  CHECK_FALSE(floor_div({static_cast<int128>(int64_max) + 1, 1}));
  CHECK_FALSE(round_half_away({big, 3}));
  CHECK_FALSE(ceil_div({-big, 1}));
  CHECK(must_fit(std::optional<std::int64_t>(7)) == 7);
  CHECK_THROWS_AS(must_fit(std::nullopt), InternalError);
}

TEST_CASE("rational: comparison is exact where cross-multiplying would overflow", "[rational]") {
  CHECK(compare({1, 3}, {1, 2}) < 0);
  CHECK(compare({big + 1, big}, {big, big - 1}) < 0);  // 1 + 1/2^100 < 1 + 1/(2^100 - 1)
  CHECK(compare({big, big - 1}, {big + 1, big}) > 0);
  CHECK(compare({-big - 1, big}, {-big, big - 1}) > 0);
  CHECK(compare({big * 3, big - 1}, {big * 3, big - 1}) == 0);
}

TEST_CASE("eval: an overflow is a typed problem at the expression that met it", "[eval][problem]") {
  const test::Compiled c(std::string(test::base_policy) + R"(
require affordable "Terjangkau" [Pasal 5]
  declared_income * 9.223.372.036 > Rp 0
group g "G" {
  when true
  covers JKM
  paid_by apbd_kota
}
)");
  const Decision d = c.decide(
      R"({"nik":"3672010105840001","birth_date":"1984-05-01","role":"x","domicile":"36.72","declared_income":"Rp 92.233.720.368.547.758"})",
      "2024-05-01");
  CHECK(d.status == Status::NotEligible);
  REQUIRE(d.reasons.size() == 1);
  CHECK(render(d.reasons[0].detail, Lang::en) == "an amount is too large to compute exactly");
  REQUIRE(d.reasons[0].problem);
  CHECK(d.reasons[0].problem->kind == ProblemKind::Overflow);
  CHECK(c.checked->sources.get(d.reasons[0].problem->span.source).slice(d.reasons[0].problem->span) ==
        "declared_income * 9.223.372.036");
}

TEST_CASE("eval: a missing field is a typed problem with its span", "[eval][problem]") {
  auto checked = test::check_text(std::string(test::base_policy) + R"(
require has_village "Desa diketahui" [Pasal 5]
  village within 36.72
group g "G" {
  when true
  covers JKM
  paid_by apbd_kota
}
)");
  REQUIRE(checked->checked);
  const auto program = compile(*checked->checked);
  const Record r = std::get<Record>(read_json_record(
      R"({"nik":"3672010105840001","birth_date":"1984-05-01","role":"x","domicile":"36.72"})", program->schema));
  const Decision d = decide(*program, r, *parse_date("2024-05-01"));
  REQUIRE(d.reasons.size() == 1);
  const RuleRef& why = d.reasons[0];
  CHECK(why.rule == "has_village");
  CHECK(render(why.detail, Lang::en) == "field `village` is missing");
  REQUIRE(why.problem);
  CHECK(why.problem->kind == ProblemKind::MissingField);
  CHECK(program->schema.fields[why.problem->subject].name == "village");
  CHECK(checked->sources.get(why.problem->span.source).slice(why.problem->span) == "village");
}

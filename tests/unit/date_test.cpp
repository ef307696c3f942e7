#include <fmt/format.h>
#include <catch2/catch.hpp>

#include "engine/base/date.hpp"

using namespace jaring;

static Day d(const char* s) { return *parse_date(s); }

TEST_CASE("dates: parsing refuses dates that do not exist", "[dates]") {
  CHECK(parse_date("2024-02-29"));
  CHECK_FALSE(parse_date("2023-02-29"));
  CHECK_FALSE(parse_date("2024-02-30"));
  CHECK_FALSE(parse_date("2024-13-01"));
  CHECK_FALSE(parse_date("2024-04-31"));
  CHECK_FALSE(parse_date("2024-00-10"));
  CHECK(parse_date("1900-02-28"));
  CHECK_FALSE(parse_date("1900-02-29"));
  CHECK(parse_date("2000-02-29"));
  CHECK(format_date(d("2024-07-01")) == "2024-07-01");
  CHECK(d("1970-01-01") == 0);
  CHECK(d("2024-07-01") - d("2024-06-30") == 1);
}

TEST_CASE("dates: written YYYY-MM-DD for every day, as fmt writes them", "[dates]") {
  CHECK(format_date(day_from_ymd({987, 3, 9})) == "0987-03-09");
  CHECK(format_date(day_from_ymd({9999, 12, 31})) == "9999-12-31");
  CHECK(format_date(day_from_ymd({10000, 1, 1})) == "10000-01-01");
  for (Day day = day_from_ymd({-2, 1, 1}); day <= day_from_ymd({10001, 1, 1}); day += 3) {
    const Ymd y = ymd_from_day(day);
    REQUIRE(format_date(day) == fmt::format("{:04}-{:02}-{:02}", y.year, y.month, y.day));
  }
}

TEST_CASE("dates: age in full years counts the birthday itself", "[dates]") {
  CHECK(years_between(d("1984-05-01"), d("2024-04-30")) == 39);
  CHECK(years_between(d("1984-05-01"), d("2024-05-01")) == 40);
  CHECK(years_between(d("1984-05-01"), d("2024-08-01")) == 40);
}

TEST_CASE("dates: a 29 February birthday falls on 1 March in common years", "[dates]") {
  CHECK(years_between(d("2000-02-29"), d("2001-02-28")) == 0);
  CHECK(years_between(d("2000-02-29"), d("2001-03-01")) == 1);
  CHECK(years_between(d("2000-02-29"), d("2004-02-28")) == 3);
  CHECK(years_between(d("2000-02-29"), d("2004-02-29")) == 4);
}

TEST_CASE("dates: full months", "[dates]") {
  CHECK(months_between(d("2024-01-31"), d("2024-02-29")) == 0);
  CHECK(months_between(d("2024-01-31"), d("2024-03-01")) == 1);
  CHECK(months_between(d("2024-01-15"), d("2024-07-15")) == 6);
  CHECK(months_between(d("2024-01-15"), d("2024-07-14")) == 5);
  CHECK(months_between(d("2024-07-15"), d("2024-01-15")) == -6);
}

TEST_CASE("dates: periods are inclusive at both ends", "[dates]") {
  const Period p{d("2024-01-01"), d("2024-06-30")};
  CHECK(p.contains(d("2024-01-01")));
  CHECK(p.contains(d("2024-06-30")));
  CHECK_FALSE(p.contains(d("2024-07-01")));
  CHECK_FALSE(p.contains(d("2023-12-31")));
}

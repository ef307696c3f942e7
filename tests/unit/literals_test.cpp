#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>

#include "engine/base/literals.hpp"

using namespace jaring;

TEST_CASE("literals: whole numbers with thousands groups", "[literals]") {
  CHECK(decode_number("1528").value->value == 1528);
  CHECK(decode_number("1_528").value->value == 1528);
  CHECK(decode_number("1.528").value->value == 1528);
  CHECK(decode_number("11.658").value->value == 11658);
  CHECK(decode_number("1.000.000").value->value == 1000000);
  CHECK(decode_number("9223372036854775807").value->value == 9223372036854775807LL);
  CHECK(decode_number("9223372036854775808").error->code == "number-too-large");
}

TEST_CASE("literals: region codes", "[literals]") {
  CHECK(decode_number("36.72").value->kind == NumberKind::Region);
  CHECK(decode_number("36.72.01").value->region == "36.72.01");
  CHECK(decode_number("63.10.05.2001").value->region == "63.10.05.2001");
  CHECK(decode_number("36.72.1").error->code == "malformed-region");
  CHECK(decode_number("36.72.05.201").error->code == "malformed-region");
  CHECK(decode_number("36.72.05.2001.1").error->code == "malformed-region");
}

TEST_CASE("literals: a bare decimal says how to write it", "[literals]") {
  const auto r = decode_number("1.5");
  REQUIRE(r.error);
  CHECK(r.error->code == "bare-decimal");
  CHECK(r.error->help->find("percent") != std::string::npos);
  CHECK(decode_number("1.5_0").error->code == "malformed-number");
  CHECK(decode_number("1.52.3").error->code == "malformed-number");
}

TEST_CASE("literals: money in sen", "[literals]") {
  CHECK(*decode_money("Rp 1.000.000").value == 100000000);
  CHECK(*decode_money("Rp1.000.000,50").value == 100000050);
  CHECK(*decode_money("Rp 1_000_000").value == 100000000);
  CHECK(*decode_money("Rp 6.800").value == 680000);
  CHECK(*decode_money("Rp 0,5").value == 50);
  CHECK(*decode_money("Rp 92.233.720.368.547.758,07").value == 9223372036854775807LL);
  CHECK(decode_money("Rp 92.233.720.368.547.758,08").error->code == "money-too-large");
  CHECK(decode_money("Rp 100.000.000.000.000.000").error->code == "money-too-large");
  CHECK(decode_money("Rp 1.00").error->code == "malformed-money");
  CHECK(decode_money("Rp 1,505").error->code == "malformed-money");
}

// Thousands groups are told and read in place (no vector of groups, no copy of the digits):
// every shape of group around a dot as before.
TEST_CASE("literals: thousands groups of every shape", "[literals]") {
  CHECK(decode_number("123.456.789").value->value == 123456789);
  CHECK(decode_number("1_000_000").value->value == 1000000);
  CHECK(decode_number("1234.567").error->code == "bare-decimal");
  CHECK(decode_number("1.000.").error->code == "malformed-number");
  CHECK(decode_number("1..000").error->code == "malformed-number");
  CHECK(decode_number("9.223.372.036.854.775.808").error->code == "number-too-large");
  CHECK(*decode_money("Rp 999").value == 99900);
  CHECK(*decode_money("Rp 12.500.000,00").value == 1250000000);
  CHECK(*decode_money("Rp 1_000,5").value == 100050);
  CHECK(decode_money("Rp .000").error->code == "malformed-money");
  CHECK(decode_money("Rp 1.000.").error->code == "malformed-money");
  CHECK(decode_money("Rp 1..000").error->code == "malformed-money");
  CHECK(decode_money("Rp 1234.000").error->code == "malformed-money");
  CHECK(decode_money("Rp 1.000_000").error->code == "malformed-money");
}

TEST_CASE("literals: percent and per mille in millionths", "[literals]") {
  CHECK(*decode_percent("1%").value == 10000);
  CHECK(*decode_percent("0,24%").value == 2400);
  CHECK(*decode_percent("0.24%").value == 2400);
  CHECK(*decode_percent("3,7%").value == 37000);
  CHECK(*decode_percent("100%").value == 1000000);
  CHECK(*decode_percent("3,5‰").value == 3500);
  CHECK(*decode_percent("0,0001%").value == 1);
  CHECK(decode_percent("0,00001%").error->code == "percent-precision");
}

TEST_CASE("literals: canonical formatting", "[literals]") {
  CHECK(format_money(100000000) == "Rp 1.000.000");
  CHECK(format_money(100000050) == "Rp 1.000.000,50");
  CHECK(format_money(5) == "Rp 0,05");
  CHECK(format_money(-680000) == "-Rp 6.800");
  CHECK(format_percent(2400) == "0,24%");
  CHECK(format_percent(10000) == "1%");
  CHECK(format_percent(3500) == "0,35%");
  CHECK(format_int(1528) == "1.528");
  CHECK(format_int(100) == "100");
  CHECK(format_int(0) == "0");
  CHECK(format_int(-1234567) == "-1.234.567");
  CHECK(format_int(std::numeric_limits<std::int64_t>::min()) == "-9.223.372.036.854.775.808");
  CHECK(format_money(0) == "Rp 0");
  CHECK(format_money(-5) == "-Rp 0,05");
  CHECK(format_money(std::numeric_limits<std::int64_t>::max()) == "Rp 92.233.720.368.547.758,07");
  CHECK(format_money(std::numeric_limits<std::int64_t>::min()) == "-Rp 92.233.720.368.547.758,08");
  // As a message's argument, straight into the text.
  CHECK(fmt::format("{} of {}", MoneyText{100000050}, MoneyText{-680000}) == "Rp 1.000.000,50 of -Rp 6.800");
  CHECK(decode_string(R"("a\"b\\c\n")") == "a\"b\\c\n");
}

// Amounts in what-if reports (whatif/report_range.hpp): a population's contributions are added
// up past 64 bits only to be refused with the payer or group named, never wrapped (it was
// undefined behaviour in `jaring diff` and `jaring project`: seen under UBSan), and the figures
// at the limit are exact.
#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <limits>
#include <string>

#include "engine/base/date.hpp"
#include "engine/whatif/months.hpp"
#include "engine/whatif/population_diff.hpp"
#include "engine/whatif/projection.hpp"
#include "engine/whatif/report_range.hpp"
#include "engine/whatif/svg_chart.hpp"
#include "eval_support.hpp"
#include "temp_folder.hpp"

namespace jaring::test {

namespace {

using whatif::report_limit;

// One programme of `m` a month, paid by `apbd`, or by `apbd` and `kpu` half each.
std::string range_policy(bool two_payers) {
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
payer apbd "APBD"
payer kpu "KPU"
group all "Semua" {
  when m >= Rp 0
  covers A
  paid_by )") +
         (two_payers ? "apbd 50%, kpu 50%" : "apbd") + "\n}\n";
}

// A population of one record per amount.
std::string population(const TempFolder& folder, const std::vector<std::int64_t>& amounts) {
  const std::string path = (folder.path / "population.csv").string();
  std::ofstream out(path);
  out << "nik,m\n";
  int n = 1;
  for (const std::int64_t m : amounts) out << fmt::format("36720101018{:05},\"{}\"\n", n++, rupiah(m));
  return path;
}

whatif::PopulationDiff diffed(const Compiled& c, const std::string& records) {
  whatif::PopulationOptions o;
  o.base_as_of = o.as_of = *parse_date("2024-08-01");
  return whatif::diff_population(*c.program, *c.program, records, o);
}

whatif::Projection projected(const Compiled& c, const std::string& records) {
  whatif::ProjectionOptions o;
  o.from = *whatif::parse_month("2024-01");
  o.to = *whatif::parse_month("2024-12");
  return whatif::project(*c.program, records, o);
}

}  // namespace

TEST_CASE("whatif: a population diff holds contributions up to the report's limit, exactly", "[whatif][amounts]") {
  const TempFolder folder("jaring-range");
  const Compiled one(range_policy(false));
  // A budget year is 12 months of the amount: the largest month within is the limit's 12th.
  const std::int64_t month = report_limit / 12;
  const auto at = diffed(one, population(folder, {month}));
  REQUIRE(at.payers.size() == 2);
  CHECK(at.payers[0].before.monthly == month);
  CHECK(at.payers[0].before.budget_year == 12 * month);
  CHECK(at.groups[0].after.budget_year == 12 * month);
  CHECK_THROWS_WITH(diffed(one, population(folder, {month + 1})),
                    Catch::Contains("payer `apbd`") && Catch::Contains("beyond what a report can hold"));
  // Two records within, together beyond (and beyond 64 bits as a year: added in 128).
  const std::int64_t large = std::numeric_limits<std::int64_t>::max() / 12;
  CHECK_THROWS_WITH(diffed(one, population(folder, {large, large})), Catch::Contains("payer `apbd`"));
}

TEST_CASE("whatif: payers each within the report's limit but not together are refused, naming them",
          "[whatif][amounts]") {
  const TempFolder folder("jaring-range");
  const Compiled shared(range_policy(true));
  const std::int64_t month = report_limit / 12;  // each payer half of it; the group all of it
  const auto at = diffed(shared, population(folder, {month - month % 2}));
  CHECK(at.payers[0].before.monthly + at.payers[1].before.monthly == month - month % 2);
  const std::int64_t beyond = (report_limit / 12 + 2) / 2 * 2;  // the group beyond, each payer within
  CHECK_THROWS_WITH(diffed(shared, population(folder, {beyond})),
                    Catch::Contains("payers together") || Catch::Contains("group `all`"));
}

TEST_CASE("whatif: a projection beyond the report's limit, or a month beyond 64 bits, stops naming why",
          "[whatif][amounts]") {
  const TempFolder folder("jaring-range");
  const Compiled one(range_policy(false));
  // 12 months of the limit's 12th: exactly within.
  const std::int64_t month = report_limit / 12;
  const auto at = projected(one, population(folder, {month}));
  CHECK(at.by_payer[0][11].contributions == month);
  CHECK_THROWS_WITH(projected(one, population(folder, {month + 1})),
                    Catch::Contains("payer `apbd`") && Catch::Contains("beyond what a report can hold"));
  // Two records whose month alone is beyond 64 bits: refused as it is added up.
  const std::int64_t half = std::numeric_limits<std::int64_t>::max() / 2 + 1;
  CHECK_THROWS_WITH(projected(one, population(folder, {half, half})),
                    Catch::Contains("beyond an amount's range when added up"));
}

TEST_CASE("whatif: a chart of amounts near the largest one draws its axis without passing it", "[whatif][amounts]") {
  constexpr std::int64_t max64 = std::numeric_limits<std::int64_t>::max();
  const std::string svg = whatif::paired_bars("Anggaran", {{"apbd 2024", max64, max64 - 1}}, "anggaran", "iuran",
                                              whatif::Unit::Money, whatif::Lang::Id);
  CHECK(svg.find("apbd 2024") != std::string::npos);
  const std::string stacked =
      whatif::stacked_bars("Iuran", {"2024-01"}, {{"apbd", {max64}}}, whatif::Unit::Money, whatif::Lang::Id);
  CHECK(stacked.find("2024-01") != std::string::npos);
}

}  // namespace jaring::test

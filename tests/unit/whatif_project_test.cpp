// What-if projection (issue #5): months, claims arithmetic, assumptions, and the pinned
// month-by-month figures of examples/whatif/cilegon-small.csv under cilegon-2024.
#include <tuple>

#include "engine/runtime/open_policy.hpp"
#include "engine/whatif/claims.hpp"
#include "engine/whatif/months.hpp"
#include "engine/whatif/projection.hpp"
#include "eval_support.hpp"
#include "shipped.hpp"

using namespace jaring;
using namespace jaring::whatif;

TEST_CASE("whatif: months are YYYY-MM and ranges include both ends", "[whatif][months]") {
  CHECK(parse_month("2024-05").has_value());
  CHECK(!parse_month("2024-13"));
  CHECK(!parse_month("2024-00"));
  CHECK(!parse_month("2024-5"));
  CHECK(!parse_month("24-05"));
  CHECK(!parse_month("2024-05-01"));
  const auto r = month_range(*parse_month("2024-11"), *parse_month("2025-02"));
  REQUIRE(r.size() == 4);
  CHECK(format_month(r[1]) == "2024-12");
  CHECK(format_month(r[2]) == "2025-01");
  CHECK(format_date(first_day(r[3])) == "2025-02-01");
  CHECK(month_range(*parse_month("2025-01"), *parse_month("2024-12")).empty());
}

// Defaults, one person-month at the BPU minimum income Rp 1.000.000, in sen:
// JKM   42.000.000 x 3,5‰ / 12                          = 12.250
// JKK death (48 x 1.000.000 + 22.000.000) x 2,2‰ x 2% / 12 = 70.000.000 x 0,000044 / 12 = 3.080 / 12 = 256,67
// JKK other 10.000.000 x 2,2‰ x 98% / 12                = 21.560 / 12 = 1.796,67
// total 14.303,33 against the Rp 16.800 contribution: 85,14 %.
TEST_CASE("whatif: expected claims of one person-month are exact", "[whatif][claims]") {
  const Assumptions a;
  const Claims c = person_month_claims(a, 100'000'000, true, true);
  CHECK(claims_sen(c.jkm) == 1'225'000);
  CHECK(c.jkm * 1 == static_cast<int128>(1'225'000) * claims_denominator);  // exact, not rounded
  CHECK(claims_sen(c.jkk_death) == 25'667);                                 // 256,666.. rounded half away
  CHECK(claims_sen(c.jkk_injury) == 179'667);
  CHECK(claims_sen(c.total()) == 1'430'333);
  CHECK(*loss_ratio(c.total(), 1'680'000) == 851'400);  // 85,14 %
  // Twelve months add up exactly before rounding: 12 x 14.303,33.. = 171.640.
  Claims year;
  for (int m = 0; m < 12; ++m) year += c;
  CHECK(claims_sen(year.total()) == 17'164'000);
  // Declared Rp 2.000.000: JKK death (96 + 22) jt x 0,000044 / 12 = 5.192 / 12 = 432,67.
  CHECK(claims_sen(person_month_claims(a, 200'000'000, true, true).jkk_death) == 43'267);
  CHECK(person_month_claims(a, 100'000'000, true, false).jkk_injury == 0);
  CHECK(!loss_ratio(c.total(), 0));
}

TEST_CASE("whatif: shares of expected claims never exceed the whole", "[whatif][claims]") {
  const Claims c = person_month_claims(Assumptions{}, 100'000'000, true, true);
  const Claims third = scale_claims(c, 1, 3);
  Claims parts = third;
  parts += third;
  parts += third;
  CHECK(parts.total() <= c.total());
  CHECK(c.total() - parts.total() < 3 * 3);
}

TEST_CASE("whatif: assumptions are read exactly and refused with the key named", "[whatif][assumptions]") {
  std::string error;
  auto a = parse_assumptions(R"({"death_rate": "7,3‰", "work_accident_rate": 0.0022, "work_accident_fatal_share": "5%",
                                  "jkm_benefit": "Rp 42.000.000", "jkk_injury_benefit": 12000000, "scenario": "uji"})",
                             error);
  REQUIRE(a);
  CHECK(a->death_rate == 7'300);
  CHECK(a->work_accident_rate == 2'200);
  CHECK(a->work_accident_fatal_share == 50'000);
  CHECK(a->jkm_benefit == 4'200'000'000);
  CHECK(a->jkk_injury_benefit == 1'200'000'000);
  CHECK(a->scenario == "uji");
  CHECK(a->from_file.count("death_rate"));
  CHECK(!a->from_file.count("jkk_death_fixed"));
  auto refused = [&](const std::string& json) {
    error.clear();
    CHECK(!parse_assumptions(json, error));
    return error;
  };
  CHECK(refused(R"({"death_rate": "-1‰"})") == "`death_rate` must not be negative (`-1‰`)");
  CHECK(refused(R"({"death_rate": -0.001})") == "`death_rate` must not be negative (`-0.001`)");
  CHECK(refused(R"({"jkm_benefit": -5})") == "`jkm_benefit` must not be negative (`-5`)");
  CHECK(refused(R"({"work_accident_rate": "150%"})").find("is above 1") != std::string::npos);
  CHECK(refused(R"({"work_accident_rate": 2})").find("is above 1") != std::string::npos);
  CHECK(refused(R"({"deth_rate": "1‰"})").find("unknown key `deth_rate` (did you mean `death_rate`?)") == 0);
  CHECK(refused(R"({"death_rate": 0.0000001})") == "`death_rate` is more precise than a millionth (`0.0000001`)");
  CHECK(refused(R"({"jkm_benefit": 42000000.5})").find("must be whole rupiah") != std::string::npos);
  CHECK(refused(R"([1, 2])") == "the assumptions must be a JSON object");
  CHECK(refused(R"({"death_rate": "1‰", "death_rate": "2‰"})") == "`death_rate` is given twice");
  CHECK(refused("{").find("malformed JSON") == 0);
}

// examples/whatif/cilegon-small.csv under cilegon-2024, January to December 2024, each month as
// of its 1st. By hand:
// - Jan: 6 eligible, all APBD: RT, RW, 2 KCM, linmas at 16.800 and the nelayan at 26.800 =
//   110.800. The ad hoc groups start on 2024-01-30, so KPPS, PPS and PTPS are not yet covered.
// - Feb-Apr: + KPPS, PPS (adhoc_kpu) and PTPS (adhoc_bawaslu), the city paying until 2024-04-29:
//   APBD 110.800 + 3 x 16.800 = 161.200.
// - May (the cut-over, 2024-04-30): APBD back to 110.800; KPU 2 x 16.800 = 33.600; Bawaslu 16.800.
// - Year: APBD 110.800 + 3 x 161.200 + 8 x 110.800 = 1.480.800; KPU 8 x 33.600 = 268.800;
//   Bawaslu 8 x 16.800 = 134.400; total 1.884.000 = 110.800 + 11 x 161.200.
// - Claims: 105 person-months (12 of them the nelayan at Rp 2.000.000): JKM 105 x 12.250 =
//   1.286.250; JKK other 105 x 21.560 / 12 = 188.650; JKK death (93 x 3.080 + 12 x 5.192) / 12 =
//   29.062; total 1.503.962 = 79,83 % of 1.884.000. APBD: 81 person-months, 992.250 + 145.530 +
//   (69 x 3.080 + 12 x 5.192) / 12 = 22.902, total 1.160.682 = 78,38 % of 1.480.800.
TEST_CASE("whatif: the Cilegon 2024 projection on the small example population", "[whatif][projection]") {
  const std::string root = JARING_SOURCE_DIR;
  SourceMap sources;
  Diagnostics diags;
  const auto opened = open_policy(root + "/rules/regions/cilegon-2024.policy", sources, diags);
  REQUIRE(opened.ok());
  const auto program = opened.program;
  ProjectionOptions o;
  o.from = *parse_month("2024-01");
  o.to = *parse_month("2024-12");
  o.threads = 2;
  o.read.ignore_fields = {"occupation_attested"};  // the Raperwal's column, which cilegon-2024 lacks
  const Projection p = project(*program, root + "/examples/whatif/cilegon-small.csv", o);
  REQUIRE(p.months.size() == 12);
  REQUIRE(p.payers.size() == 3);
  CHECK(p.records == 12);
  const auto& apbd = p.by_payer[0];
  const auto& kpu = p.by_payer[1];
  CHECK(apbd[0].contributions == 11'080'000);  // Jan
  CHECK(apbd[1].contributions == 16'120'000);  // Feb
  CHECK(apbd[3].contributions == 16'120'000);  // Apr: the city still pays the ad hoc staff
  CHECK(kpu[3].contributions == 0);
  CHECK(apbd[4].contributions == 11'080'000);  // May: KPU's cost has moved off the city budget
  CHECK(kpu[4].contributions == 3'360'000);
  CHECK(kpu[4].persons == 2);
  CHECK(p.by_payer[2][4].contributions == 1'680'000);
  CHECK(sum(apbd).contributions == 148'080'000);
  CHECK(sum(kpu).contributions == 26'880'000);
  CHECK(sum(p.by_payer[2]).contributions == 13'440'000);
  const Figures all = sum(p.total);
  CHECK(all.contributions == 188'400'000);
  CHECK(all.persons == 105);
  CHECK(claims_sen(all.claims.jkm) == 128'625'000);
  CHECK(claims_sen(all.claims.jkk_injury) == 18'865'000);
  CHECK(claims_sen(all.claims.jkk_death) == 2'906'200);
  CHECK(claims_sen(all.claims.total()) == 150'396'200);
  CHECK(*loss_ratio(all.claims.total(), all.contributions) == 798'300);  // 79,83 %
  CHECK(claims_sen(sum(apbd).claims.total()) == 116'068'200);
  CHECK(*loss_ratio(sum(apbd).claims.total(), sum(apbd).contributions) == 783'800);  // 78,38 %
  const auto years = budget_years(*program, p);
  REQUIRE(years.size() == 3);
  CHECK(years[0].months == 12);
  CHECK(years[0].contributions == 148'080'000);
  CHECK(*years[0].budget == 386'769'600'000);
  CHECK(!years[1].budget);
}

namespace {

void same_cells(const std::vector<Figures>& a, const std::vector<Figures>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t m = 0; m < a.size(); ++m) {
    CHECK(a[m].persons == b[m].persons);
    CHECK(a[m].contributions == b[m].contributions);
    CHECK(a[m].claims.jkm == b[m].claims.jkm);
    CHECK(a[m].claims.jkk_death == b[m].claims.jkk_death);
    CHECK(a[m].claims.jkk_injury == b[m].claims.jkk_injury);
  }
}

}  // namespace

// Months are decided side by side when there are threads for it (projection.cpp): every cell is
// the one-thread figure, whether the months are fewer than the threads, as many, or more.
TEST_CASE("whatif: a projection is the same on any number of threads", "[whatif][projection]") {
  const auto opened = test::open_shipped(test::source_dir + "/rules/regions/tanah-bumbu-2024.policy");
  const std::string population = test::synthesized("tanah-bumbu-2024", "whatif-threads");
  // The months, and the income field: the policy's (read first, by record), or one the policy
  // has not (every record the default income; the file is then only read by the months).
  for (const auto& [from, to, income] :
       std::vector<std::tuple<std::string, std::string, std::string>>{{"2024-03", "2024-03", "declared_income"},
                                                                      {"2024-01", "2024-02", "declared_income"},
                                                                      {"2023-12", "2024-06", "declared_income"},
                                                                      {"2024-01", "2024-03", "no_such_field"}}) {
    ProjectionOptions o;
    o.from = *parse_month(from);
    o.to = *parse_month(to);
    o.assumptions.income_field = income;
    o.threads = 1;
    const Projection one = project(*opened->policy.program, population, o);
    CHECK(one.records == 6000);
    CHECK(one.income_from_records == (income == "declared_income"));
    std::uint64_t eligible = 0;
    for (const auto& s : one.status) eligible += s[static_cast<int>(Status::Eligible)];
    CHECK(eligible > 0);
    for (const unsigned threads : {2U, 3U}) {
      INFO(from << ".." << to << " on " << threads << " threads, income " << income);
      o.threads = threads;
      const Projection p = project(*opened->policy.program, population, o);
      CHECK(p.records == one.records);
      CHECK(p.status == one.status);
      same_cells(p.total, one.total);
      REQUIRE(p.by_payer.size() == one.by_payer.size());
      for (std::size_t k = 0; k < p.by_payer.size(); ++k) same_cells(p.by_payer[k], one.by_payer[k]);
      REQUIRE(p.by_group.size() == one.by_group.size());
      for (std::size_t k = 0; k < p.by_group.size(); ++k) same_cells(p.by_group[k], one.by_group[k]);
    }
  }
  std::filesystem::remove(population);
}

TEST_CASE("whatif: a projection of a file that cannot be read stops with its reason", "[whatif][projection]") {
  const auto opened = test::open_shipped(test::source_dir + "/rules/regions/tanah-bumbu-2024.policy");
  ProjectionOptions o;
  o.from = *parse_month("2024-01");
  o.to = *parse_month("2024-06");
  o.threads = 2;
  CHECK_THROWS_WITH(project(*opened->policy.program, "/nonexistent/population.csv", o),
                    Catch::Contains("/nonexistent/population.csv"));
}

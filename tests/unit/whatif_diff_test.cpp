// What-if diff (issue #5): classification of record transitions, the structural diff of two
// policies, schema conflicts, and the pinned population diff of examples/whatif.
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/runtime/open_policy.hpp"
#include "engine/whatif/diff_report.hpp"
#include "engine/whatif/policy_diff.hpp"
#include "engine/whatif/population_diff.hpp"
#include "engine/whatif/schema_compat.hpp"
#include "eval_support.hpp"
#include "shipped.hpp"

using namespace jaring;
using namespace jaring::whatif;
using test::Compiled;

namespace {

std::string person(const std::string& extra = "") {
  return R"({"nik":"3672010105840001","birth_date":"1984-01-01","role":"x","domicile":"36.72")" +
         (extra.empty() ? "" : "," + extra) + "}";
}

Compiled with(const std::string& declarations) { return Compiled(std::string(test::base_policy) + declarations); }

// Briefs of one record under two policies, with one interner (as diff_population keeps them).
std::pair<Brief, Brief> briefs(const Decision& before, const Decision& after, Interner& names) {
  return {brief_of(before, names), brief_of(after, names)};
}

const Change* find_change(const std::vector<Change>& changes, Section s, const std::string& name,
                          const std::string& aspect) {
  for (const auto& c : changes)
    if (c.section == s && c.name == name && c.aspect == aspect) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("whatif: gained and lost cover", "[whatif][transition]") {
  const Compiled none = with("group g \"G\" [Pasal 1] { when role == \"y\" covers JKM paid_by apbd_kota }\n");
  const Compiled some = with("group g \"G\" [Pasal 1] { when role == \"x\" covers JKM paid_by apbd_kota }\n");
  Interner names;
  auto [a, b] = briefs(none.decide(person(), "2024-05-01"), some.decide(person(), "2024-05-01"), names);
  CHECK(classify(a, b) == Transition::GainedCover);
  CHECK(classify(b, a) == Transition::LostCover);
  CHECK(classify(a, a) == Transition::Unchanged);  // not covered either way
  CHECK(classify(b, b) == Transition::Unchanged);
}

TEST_CASE("whatif: moved group, payer changed, contribution changed", "[whatif][transition]") {
  const Compiled g1 = with("group g1 { when true covers JKM paid_by apbd_kota }\n");
  const Compiled g2 = with("group g2 { when true covers JKM paid_by apbd_kota }\n");
  const Compiled kpu = with("group g1 { when true covers JKM paid_by kpu }\n");
  const Compiled shared = with("group g1 { when true covers JKM paid_by apbd_kota 50%, kpu 50% }\n");
  const Compiled more = with("group g1 { when true covers JKK, JKM paid_by apbd_kota }\n");
  Interner names;
  const Brief base = brief_of(g1.decide(person(), "2024-05-01"), names);
  CHECK(classify(base, brief_of(g2.decide(person(), "2024-05-01"), names)) == Transition::MovedGroup);
  CHECK(classify(base, brief_of(kpu.decide(person(), "2024-05-01"), names)) == Transition::PayerChanged);
  CHECK(classify(base, brief_of(shared.decide(person(), "2024-05-01"), names)) == Transition::PayerChanged);
  // JKK added: Rp 6.800 -> Rp 16.800 with the same payer and group.
  const Decision after = more.decide(person(), "2024-05-01");
  CHECK(classify(base, brief_of(after, names)) == Transition::ContributionChanged);
  const auto causes = causes_of(Transition::ContributionChanged, base, after, *g1.program, *more.program, names);
  REQUIRE(causes.size() == 1);
  CHECK(causes[0].rule == "JKK");
  CHECK(causes[0].note == "programme added");
  // A changed amount of the same programme names both amounts (declared income Rp 1.500.000: JKK 15.000).
  const Decision rich = more.decide(person(R"("declared_income":"1500000")"), "2024-05-01");
  const auto why =
      causes_of(Transition::ContributionChanged, brief_of(after, names), rich, *more.program, *more.program, names);
  REQUIRE(why.size() == 1);
  CHECK(why[0].note == "Rp 10.000 -> Rp 15.000");
}

TEST_CASE("whatif: newly waitlisted wins over lost cover; waitlisted both sides is unchanged", "[whatif][transition]") {
  Interner names;
  Brief covered{Status::Eligible, names.id("g"), names.id("apbd_kota"), names.id("JKM=680000|apbd_kota=680000;"), 0,
                680'000};
  Brief waiting{Status::Waitlisted, names.id("g"), 0, 0, names.id("quota"), 0};
  Brief out{Status::NotEligible, 0, 0, 0, names.id("no_group"), 0};
  CHECK(classify(covered, waiting) == Transition::NewlyWaitlisted);
  CHECK(classify(out, waiting) == Transition::NewlyWaitlisted);
  CHECK(classify(waiting, waiting) == Transition::Unchanged);
  CHECK(classify(waiting, covered) == Transition::GainedCover);
  CHECK(classify(waiting, out) == Transition::Unchanged);  // no cover before or after
}

TEST_CASE("whatif: causes name the removed group or the failing requirement with citations", "[whatif][transition]") {
  const Compiled base = with("group old \"Lama\" [Pasal 4] { when true covers JKM paid_by apbd_kota }\n");
  const Compiled gone = with("group other { when role == \"z\" covers JKM paid_by apbd_kota }\n");
  const Compiled strict = with(
      "group old \"Lama\" [Pasal 4] { when true covers JKM paid_by apbd_kota\n"
      "  require pu \"Bukan PU\" [Pasal 5] not registered_pu }\n");
  Interner names;
  const Decision before = base.decide(person(), "2024-05-01");
  const Brief was = brief_of(before, names);
  const auto removed =
      causes_of(Transition::LostCover, was, gone.decide(person(), "2024-05-01"), *base.program, *gone.program, names);
  REQUIRE(removed.size() == 1);
  CHECK(removed[0].rule == "old");
  CHECK(removed[0].citation == "Pasal 4");
  CHECK(removed[0].note == "group removed");
  const auto failing =
      causes_of(Transition::LostCover, was, strict.decide(person(R"("registered_pu":true)"), "2024-05-01"),
                *base.program, *strict.program, names);
  REQUIRE(failing.size() == 1);
  CHECK(failing[0].rule == "pu");
  CHECK(failing[0].citation == "Pasal 5");
}

TEST_CASE("whatif: structural diff of groups, parameters, payers and requirements", "[whatif][policy_diff]") {
  const auto base = test::check_text(
      std::string(test::base_policy) +
      "parameter fee \"Iuran\" : money [PP 1]\n  since 2024-01-01 = Rp 5.000\n"
      "payer dana \"Dana\" [Pasal 9]\n  budget 2024 = Rp 1.000.000\n"
      "group a \"A\" [Pasal 4 a] { when role == \"x\" covers JKM paid_by apbd_kota quota 10 rank by registered_on }\n"
      "group b \"B\" [Pasal 4 b] { when role == \"y\" covers JKM paid_by apbd_kota }\n");
  const auto proposal = test::check_text(
      std::string(test::base_policy) +
      "parameter fee \"Iuran\" : money [PP 1]\n  since 2024-01-01 = Rp 5.000\n  since 2025-01-01 = Rp 6.000\n"
      "payer dana \"Dana\" [Pasal 9]\n  budget 2024 = Rp 1.000.000\n  budget 2025 = Rp 2.000.000\n"
      "group a \"A\" [Pasal 4 a] { when role in [\"x\", \"w\"] covers JKM paid_by apbd_kota until 2024-06-30\n"
      "  paid_by kpu since 2024-07-01 quota 20 rank by registered_on }\n"
      "group c \"C\" [Pasal 4 c] { when role == \"z\" covers JKK, JKM paid_by apbd_kota }\n");
  REQUIRE(!base->diags.has_errors());
  REQUIRE(!proposal->diags.has_errors());
  const auto changes = diff_policies(*base->policy, *proposal->policy);
  const Change* when = find_change(changes, Section::Group, "a", "when");
  REQUIRE(when);
  CHECK(when->before == "role == \"x\"");
  CHECK(when->after == "role in [\"x\", \"w\"]");
  CHECK(when->citation == "Pasal 4 a");
  const Change* paid = find_change(changes, Section::Group, "a", "paid_by");
  REQUIRE(paid);
  CHECK(paid->after == "apbd_kota until 2024-06-30; kpu since 2024-07-01");
  const Change* quota = find_change(changes, Section::Group, "a", "quota");
  REQUIRE(quota);
  CHECK(quota->before == "10 rank by registered_on asc");
  CHECK(quota->after == "20 rank by registered_on asc");
  const Change* removed = find_change(changes, Section::Group, "b", "");
  REQUIRE(removed);
  CHECK(removed->kind == ChangeKind::Removed);
  CHECK(removed->citation == "Pasal 4 b");
  const Change* added = find_change(changes, Section::Group, "c", "");
  REQUIRE(added);
  CHECK(added->kind == ChangeKind::Added);
  CHECK(added->after == "\"C\"; when role == \"z\"; covers JKK, JKM as BPU; paid_by apbd_kota");
  const Change* since = find_change(changes, Section::Parameter, "fee", "since 2025-01-01");
  REQUIRE(since);
  CHECK(since->before.empty());
  CHECK(since->after == "Rp 6.000");
  CHECK(since->citation == "PP 1");
  const Change* budget = find_change(changes, Section::Payer, "dana", "budget 2025");
  REQUIRE(budget);
  CHECK(budget->after == "Rp 2.000.000");
  CHECK(changes.size() == 7);  // when, paid_by, quota, b removed, c added, fee since 2025, budget 2025
}

TEST_CASE("whatif: the same policy spelled differently has no change", "[whatif][policy_diff]") {
  const auto en = test::check_text(std::string(test::base_policy) +
                                   "group g { when role == \"x\" covers JKM paid_by apbd_kota }\n");
  const auto id =
      test::check_text(std::string(test::base_policy) +
                       "kelompok g {\n  bila role == \"x\"\n  menanggung JKM\n  dibayar_oleh apbd_kota\n}\n");
  REQUIRE(!id->diags.has_errors());
  CHECK(diff_policies(*en->policy, *id->policy).empty());
}

TEST_CASE("whatif: schema conflicts name the field and the sides", "[whatif][schema]") {
  const Compiled a = with("group g { when true covers JKM paid_by apbd_kota }\n");
  std::string other = test::base_policy;
  other.replace(other.find("role : text"), 11, "role : int\n  rt_code : text");
  const Compiled b(other + "group g { when true covers JKM paid_by apbd_kota }\n");
  const auto conflicts = schema_conflicts(a.program->schema, b.program->schema, "A", "B");
  REQUIRE(conflicts.size() == 2);
  CHECK(conflicts[0].field == "role");
  CHECK(conflicts[0].problem == "text in A, int in B");
  CHECK(conflicts[1].field == "rt_code");
  CHECK(conflicts[1].problem == "required (text) in B, missing in A");
  // A field with a default (or optional) on one side only does not matter.
  std::string extra = std::string(test::base_policy);
  extra.replace(extra.find("role : text"), 11, "role : text\n  extra : bool = false\n  note : text optional");
  const Compiled c(extra + "group g { when true covers JKM paid_by apbd_kota }\n");
  CHECK(schema_conflicts(a.program->schema, c.program->schema, "A", "C").empty());
}

// examples/whatif/cilegon-small.csv (12 records) under cilegon-2024 as of 2024-08-01 and the
// Raperwal as of 2025-08-01. By hand (examples/whatif/README.md has the list):
// - before: 9 eligible: RT 0001, RW 0002, KCM 0003 and 0012 (marbot on the roster), KPPS 0004
//   and PPS 0005 (adhoc_kpu, paid by KPU since 2024-04-30), PTPS 0006 (Bawaslu), nelayan 0007
//   (declared Rp 2.000.000: JKK 20.000 + JKM 6.800 = 26.800), linmas 0008 (65 on 2024-08-01).
//   APBD: 5 x 16.800 + 26.800 = 110.800 a month; KPU 2 x 16.800 = 33.600; Bawaslu 16.800.
// - after: the ad hoc groups are removed (0004, 0005, 0006 lose cover); KCM 0003 is 71 on
//   2025-08-01 (kader_age 15-70 fails); linmas 0008 is 66 (working_age fails); marbot 0009 with
//   the lurah's attestation gains cover (pekerja_informal). 5 eligible: APBD 4 x 16.800 + 26.800
//   = 94.000 a month, i.e. -16.800; annual 12 x 94.000 = 1.128.000 against 12 x 110.800 = 1.329.600.
TEST_CASE("whatif: the Cilegon Raperwal diff on the small example population", "[whatif][population]") {
  const std::string root = JARING_SOURCE_DIR;
  auto load = [&](const std::string& file) {
    SourceMap sources;
    Diagnostics diags;
    auto opened = open_policy(root + "/rules/regions/" + file, sources, diags);
    REQUIRE(opened.ok());
    return opened.program;
  };
  const auto base = load("cilegon-2024.policy");
  const auto proposal = load("cilegon-2025-raperwal.policy");
  PopulationOptions o;
  o.base_as_of = *parse_date("2024-08-01");
  o.as_of = *parse_date("2025-08-01");
  o.threads = 2;
  const PopulationDiff d = diff_population(*base, *proposal, root + "/examples/whatif/cilegon-small.csv", o);
  CHECK(d.records == 12);
  CHECK(d.transitions[static_cast<int>(Transition::GainedCover)] == 1);
  CHECK(d.transitions[static_cast<int>(Transition::LostCover)] == 5);
  CHECK(d.transitions[static_cast<int>(Transition::Unchanged)] == 6);
  REQUIRE(d.payers.size() == 3);
  CHECK(d.payers[0].name == "apbd_kota");
  CHECK(d.payers[0].before.monthly == 11'080'000);
  CHECK(d.payers[0].after.monthly == 9'400'000);
  CHECK(d.payers[0].before.persons == 6);
  CHECK(d.payers[0].after.persons == 5);
  CHECK(*d.payers[0].budget_before == 386'769'600'000);  // Rp 3.867.696.000 (2024)
  CHECK(*d.payers[0].budget_after == 194'826'240'000);   // Rp 1.948.262.400 (2025)
  CHECK(d.payers[1].name == "kpu");
  CHECK(d.payers[1].before.monthly == 3'360'000);
  // KPU pays from May 2024: its 2024 budget year holds 8 months, as eval allocates them and as
  // project's Cilegon 2024 projection counts KPU's year (whatif_project_test.cpp); not 12 ×.
  CHECK(d.payers[1].before.budget_year == 8 * 3'360'000);
  CHECK(d.payers[0].before.budget_year == 12 * 11'080'000);
  CHECK(!d.payers[1].in_proposal);
  CHECK(d.payers[2].before.monthly == 1'680'000);
  REQUIRE(d.samples.size() == 6);
  CHECK(d.samples[0].id == "3672011111700009");
  CHECK(d.samples[0].causes[0].rule == "pekerja_informal");
  CHECK(d.samples[1].id == "3672014507540003");  // lost, by id: 0003 first
  CHECK(d.samples[1].causes[0].rule == "kader_age");
  std::map<std::string, std::uint64_t> lost;
  for (const auto& c : d.causes)
    if (c.transition == Transition::LostCover) lost[c.cause.rule] = c.records;
  CHECK(lost == std::map<std::string, std::uint64_t>{
                    {"adhoc_bawaslu", 1}, {"adhoc_kpu", 2}, {"kader_age", 1}, {"working_age", 1}});
}

TEST_CASE("whatif: an amendment item's article is what diff cites for its changes", "[whatif][policy_diff]") {
  const std::string root = JARING_SOURCE_DIR;
  auto load = [&](const std::string& file) {
    SourceMap sources;
    Diagnostics diags;
    auto opened = open_policy(root + "/tests/unit/fixtures/" + file, sources, diags);
    REQUIRE(opened.ok());
    return opened.checked;
  };
  const auto base = load("tested_base.policy");
  const auto amendment = load("tested_amendment.policy");
  const auto changes = diff_policies(base->policy(), amendment->policy());
  const Change* paid = find_change(changes, Section::Group, "adhoc_kpu", "paid_by");
  REQUIRE(paid);
  CHECK(paid->citation == "Pasal I angka 1");  // not the group's own [Pasal 4 huruf d]
  bool removed = false, added = false;
  for (const auto& c : changes) {
    if (c.kind == ChangeKind::Removed && c.name == "rt_rw") removed = c.citation == "Pasal I angka 2";
    if (c.kind == ChangeKind::Added && c.name == "linmas") added = c.citation == "Pasal I angka 3";
  }
  CHECK(removed);
  CHECK(added);
  const Change* valid = find_change(changes, Section::Header, "policy", "valid");
  REQUIRE(valid);
  CHECK(valid->after == "since 2025-01-01");
}

namespace {

// The report of a population diff (tables of counts, causes, samples, payers and groups), as
// `jaring diff --format json` writes it.
std::string population_report(const Program& base, const Program& proposal, const std::string& records,
                              const PopulationOptions& o) {
  DiffReport r;
  r.records_path = records;
  r.population = diff_population(base, proposal, records, o);
  return diff_json(r);
}

}  // namespace

// With two threads or more both sides are decided at once (population_diff.cpp): the report is
// the one-thread report, byte for byte.
TEST_CASE("whatif: a population diff is the same on any number of threads", "[whatif][population]") {
  const auto tanah_bumbu = test::open_shipped(test::source_dir + "/rules/regions/tanah-bumbu-2024.policy");
  const auto cilegon = test::open_shipped(test::source_dir + "/rules/regions/cilegon-2024.policy");
  const auto raperwal = test::open_shipped(test::source_dir + "/rules/regions/cilegon-2025-raperwal.policy");
  const std::string villages = test::synthesized("tanah-bumbu-2024", "diff-threads");
  const std::string city = test::synthesized("cilegon-2024", "diff-threads");
  struct Case {
    const Program& base;
    const Program& proposal;
    std::string records, base_as_of, as_of;
  };
  const std::vector<Case> cases{
      {*tanah_bumbu->policy.program, *tanah_bumbu->policy.program, villages, "2023-12-01", "2024-06-01"},
      {*cilegon->policy.program, *raperwal->policy.program, city, "2024-08-01", "2025-08-01"}};
  for (const auto& c : cases) {
    PopulationOptions o;
    o.base_as_of = *parse_date(c.base_as_of);
    o.as_of = *parse_date(c.as_of);
    o.threads = 1;
    const PopulationDiff one = diff_population(c.base, c.proposal, c.records, o);
    CHECK(one.records > 5000);
    CHECK(one.transitions[static_cast<int>(Transition::Unchanged)] < one.records);  // something changes
    const std::string expected = population_report(c.base, c.proposal, c.records, o);
    for (const unsigned threads : {2U, 3U, 4U}) {
      INFO(c.records << " on " << threads << " threads");
      o.threads = threads;
      CHECK(population_report(c.base, c.proposal, c.records, o) == expected);
    }
  }
  std::filesystem::remove(villages);
  std::filesystem::remove(city);
}

// A side that fails stops the diff with its own error, whichever side it is and whether the
// other is still deciding or waiting for it.
TEST_CASE("whatif: a population diff stops with the error of the side that failed", "[whatif][population]") {
  const auto city = test::open_shipped(test::source_dir + "/examples/eval/city/policy.policy");
  // The same policy with 70 general requirements more: the kernel takes at most 64, so under
  // JARING_RUNTIME=fast deciding it throws.
  std::ifstream in(test::source_dir + "/examples/eval/city/policy.policy");
  std::stringstream text;
  text << in.rdbuf();
  std::string divided = text.str();
  std::string more;
  for (int i = 0; i < 70; ++i) more += fmt::format("require extra{} \"Tambahan {}\" [Contoh]\n  age >= 0\n", i, i);
  const std::string group = "\ngroup ";  // the first declaration of a group, at a line's start
  REQUIRE(divided.find(group) != std::string::npos);
  divided.insert(divided.find(group) + 1, more);
  const std::string path = (std::filesystem::temp_directory_path() / "jaring-diff-division.policy").string();
  std::ofstream(path) << divided;
  const auto division = test::open_shipped(path);
  const std::string records = test::source_dir + "/examples/eval/city/records.csv";
  PopulationOptions o;
  o.base_as_of = o.as_of = *parse_date("2024-08-01");
  test::RuntimeEnv fast("fast");
  for (const unsigned threads : {1U, 2U}) {
    INFO(threads << " threads");
    o.threads = threads;
    CHECK_NOTHROW(diff_population(*city->policy.program, *city->policy.program, records, o));
    CHECK_THROWS_WITH(diff_population(*division->policy.program, *city->policy.program, records, o),
                      Catch::Contains("the fast lane does not apply") && Catch::Contains("more than 64 requirements"));
    CHECK_THROWS_WITH(diff_population(*city->policy.program, *division->policy.program, records, o),
                      Catch::Contains("the fast lane does not apply") && Catch::Contains("more than 64 requirements"));
  }
  std::filesystem::remove(path);
}

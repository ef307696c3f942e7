#include <catch2/catch.hpp>

#include "engine/language/dump.hpp"
#include "support.hpp"

using namespace jaring;

namespace {

std::unique_ptr<test::Result> load_file(const std::string& relative) {
  auto r = std::make_unique<test::Result>();
  r->policy = test::shared(load_policy(std::string(JARING_SOURCE_DIR) + "/" + relative, r->sources, r->diags));
  if (r->policy) r->checked = check(r->policy, r->sources, r->diags);
  r->diags.sort();
  return r;
}

}  // namespace

TEST_CASE("load: an amendment is merged into the policy it amends", "[load]") {
  auto r = load_file("tests/unit/fixtures/amendment.policy");
  REQUIRE(r->policy);
  CHECK(r->codes().empty());
  const Policy& p = *r->policy;
  CHECK(p.name->text == "Rancangan perubahan 2025");
  CHECK(p.region_code->text == "36.72");  // inherited
  REQUIRE(p.groups.size() == 2);
  CHECK(p.groups[0].name.name == "rt_rw");
  CHECK(p.groups[0].quota->count == 2000);
  CHECK(p.groups[1].name.name == "marbot");
  CHECK(p.parameters[0].values.size() == 2);
  CHECK(p.payers[0].budgets.size() == 2);
  const std::string dump = dump_policy(p);
  CHECK(dump.find("quota 2.000") != std::string::npos);
  CHECK(dump.find("adhoc_kpu") == std::string::npos);
}

TEST_CASE("load: amending or removing something missing is an error with a suggestion", "[load]") {
  auto r = load_file("tests/unit/fixtures/amendment_missing.policy");
  CHECK(r->has("unknown-amend-target"));
  CHECK(r->has("unknown-remove-target"));
  CHECK(r->diags.all()[0].help == "did you mean `rt_rw`?");
}

TEST_CASE("load: circular use is reported, directly and through another file", "[load]") {
  auto self = load_file("tests/unit/fixtures/self_use.policy");
  CHECK(self->has("circular-use"));
  auto cycle = load_file("tests/unit/fixtures/cycle_a.policy");
  CHECK(cycle->has("circular-use"));
}

TEST_CASE("load: a missing use target says where it looked", "[load]") {
  auto r = test::check_text("policy \"x\"\nuse national/no_such_pack\n");
  REQUIRE(r->has("unknown-policy"));
  CHECK(r->underlined("unknown-policy") == "national/no_such_pack");
}

TEST_CASE("load: the national pack is found from a region file", "[load]") {
  auto r = load_file("rules/regions/cilegon-2024.policy");
  REQUIRE(r->policy);
  CHECK_FALSE(r->diags.has_errors());
  CHECK(r->policy->uses == std::vector<std::string>{"national/bpjstk"});
  CHECK(r->policy->programmes.size() == 5);
}

TEST_CASE("dump: English and Indonesian keywords give byte-identical dumps", "[dump]") {
  auto en = load_file("examples/bilingual/en.policy");
  auto id = load_file("examples/bilingual/id.policy");
  REQUIRE(en->policy);
  REQUIRE(id->policy);
  CHECK_FALSE(en->diags.has_errors());
  CHECK_FALSE(id->diags.has_errors());
  CHECK(dump_policy(*en->policy) == dump_policy(*id->policy));
  CHECK(dump_policy(*en->policy).find("\nkelompok ") == std::string::npos);
  CHECK(dump_policy(*en->policy).find("\ngroup ") != std::string::npos);
}

TEST_CASE("dump: the dump of a dump is the same text", "[dump]") {
  for (const char* file : {"rules/regions/cilegon-2024.policy", "examples/bilingual/id.policy"}) {
    auto r = load_file(file);
    REQUIRE(r->policy);
    const std::string first = dump_policy(*r->policy);
    // Re-load the dump without `use` lines, since the dump already contains what they brought in.
    std::string flat;
    std::istringstream lines(first);
    for (std::string l; std::getline(lines, l);)
      if (l.rfind("use ", 0) != 0) flat += l + "\n";
    auto again = test::check_text(flat, "dumped.policy");
    REQUIRE(again->policy);
    CHECK_FALSE(again->diags.has_errors());
    std::string second = dump_policy(*again->policy);
    CHECK(second == flat);
  }
}

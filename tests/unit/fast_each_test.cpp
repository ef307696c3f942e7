// The decisions the fast lane hands on as Decisions (fast_decide_each: for what-if reports and
// projections) are the generic runtime's (run_batch), field by field: the shipped regions'
// policies on their synthetic populations and the scenarios with quotas, budgets and keyed
// accounts, at dates where groups are and are not valid.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/io/decision_json.hpp"
#include "engine/io/fast_population.hpp"
#include "shipped.hpp"

using namespace jaring;

namespace {

const std::string& root = test::source_dir;
using test::synthesized;

auto open(const std::string& path) { return test::open_shipped(path); }

// What a Decision holds, in text: its JSON and what the JSON leaves out.
std::string whole(const Decision& d) {
  std::string out = decision_json(d);
  out += " group_index=" + std::to_string(d.group_index) + " budget_months=" + std::to_string(d.budget_months);
  for (const auto& r : d.requirements) out += " " + std::string(r.rule.rule) + (r.rule.problem ? "!" : "");
  for (const auto& r : d.reasons) out += " " + std::string(r.label_en) + (r.problem ? "!" : "");
  for (const auto& p : d.payers) out += " " + std::to_string(p.payer_index);
  return out;
}

void same_decisions(const std::string& policy, const std::string& records, const std::string& as_of, unsigned threads) {
  const auto opened = open(policy);
  const Program* program = opened->policy.program.get();
  BatchOptions options;
  options.as_of = *parse_date(as_of);
  options.threads = threads;
  std::vector<std::string> generic, lane;
  run_batch(*program, records, options, [&](const Decision& d) { generic.push_back(whole(d)); });
  std::string why;
  const bool applies = fast_decide_each(
      *program, records, options, [&](const Decision& d) { lane.push_back(whole(d)); }, &why);
  INFO(policy << " on " << records << " as of " << as_of << ", " << threads << " threads: " << why);
  REQUIRE(applies);
  REQUIRE(lane.size() == generic.size());
  for (std::size_t i = 0; i < lane.size(); ++i) {
    INFO("decision " << i);
    CHECK(lane[i] == generic[i]);
  }
}

}  // namespace

TEST_CASE("fast lane: the decisions handed on are the generic runtime's", "[fast_lane][each]") {
  const std::string cilegon = synthesized("cilegon-2024", "fast-each");
  for (const char* as_of : {"2024-01-15", "2024-08-01"})  // the election groups invalid, then valid
    for (unsigned threads : {1u, 3u})
      same_decisions(root + "/rules/regions/cilegon-2024.policy", cilegon, as_of, threads);
  same_decisions(root + "/rules/regions/tanah-bumbu-2024.policy", synthesized("tanah-bumbu-2024", "fast-each"),
                 "2024-09-01", 2);
  for (const auto& [scenario, as_of] : test::allocation_scenarios)
    same_decisions(root + "/examples/eval/" + scenario + "/policy.policy",
                   root + "/examples/eval/" + scenario + "/records.csv", as_of, 2);
}

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
#include "engine/runtime/open_policy.hpp"
#include "engine/synth/synth.hpp"

using namespace jaring;

namespace {

const std::string root = JARING_SOURCE_DIR;

// A policy with what its Program refers to (its sources and checked form) kept alive.
struct Opened {
  SourceMap sources;
  OpenedPolicy policy;
};

std::unique_ptr<Opened> open(const std::string& path) {
  auto o = std::make_unique<Opened>();
  Diagnostics diags;
  LoadOptions load;
  load.search_paths.push_back(root + "/rules");
  o->policy = open_policy(path, o->sources, diags, load);
  REQUIRE(o->policy.ok());
  return o;
}

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

std::string synthesized(const std::string& name) {
  std::ifstream in(root + "/examples/populations/" + name + "/spec.json");
  std::stringstream text;
  text << in.rdbuf();
  const std::string path = (std::filesystem::temp_directory_path() / ("jaring-fast-each-" + name + ".csv")).string();
  std::ofstream out(path);
  synthesize(parse_synth_spec(text.str()), out);
  return path;
}

}  // namespace

TEST_CASE("fast lane: the decisions handed on are the generic runtime's", "[fast_lane][each]") {
  const std::string cilegon = synthesized("cilegon-2024");
  for (const char* as_of : {"2024-01-15", "2024-08-01"})  // the election groups invalid, then valid
    for (unsigned threads : {1u, 3u})
      same_decisions(root + "/rules/regions/cilegon-2024.policy", cilegon, as_of, threads);
  same_decisions(root + "/rules/regions/tanah-bumbu-2024.policy", synthesized("tanah-bumbu-2024"), "2024-09-01", 2);
  for (const auto& [scenario, as_of] :
       std::vector<std::pair<std::string, std::string>>{{"quota", "2024-08-01"},
                                                        {"shared-quota", "2024-08-01"},
                                                        {"budget", "2024-08-01"},
                                                        {"city", "2024-03-21"},
                                                        {"duplicate_ids", "2024-08-01"},
                                                        {"village_level", "2024-09-01"}})
    same_decisions(root + "/examples/eval/" + scenario + "/policy.policy",
                   root + "/examples/eval/" + scenario + "/records.csv", as_of, 2);
}

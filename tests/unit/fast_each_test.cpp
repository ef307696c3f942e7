// The decisions the fast lane hands on as Decisions (fast_decide_each: for what-if reports and
// projections) are the generic runtime's (run_batch), field by field: the shipped regions'
// policies on their synthetic populations and the scenarios with quotas, budgets and keyed
// accounts, at dates where groups are and are not valid.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "engine/io/decision_json.hpp"
#include "engine/io/fast_population.hpp"
#include "engine/io/record_read.hpp"
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

// A decision's status, group and amounts (what `jaring project` adds up), in text.
std::string amounts(const Decision& d) {
  std::string out = std::to_string(static_cast<int>(d.status)) + " " + std::to_string(d.group_index) + " " + d.scheme +
                    " " + std::to_string(d.total) + " " + std::to_string(d.budget_months);
  for (const auto& p : d.programmes) {
    out += " " + std::string(p.programme.rule) + "=" + std::to_string(p.total);
    for (const auto& part : p.parts) out += "/" + std::to_string(part.sen);
  }
  for (const auto& p : d.payers) {
    out += " " + p.account + "#" + std::to_string(p.payer_index) + "=" + std::to_string(p.sen);
    for (const auto& item : p.items) out += "/" + std::string(item.programme) + ":" + std::to_string(item.sen);
  }
  return out;
}

// The lane's decisions for amounts only: the generic runtime's statuses, groups and amounts,
// with no requirement or reason made.
void same_amounts(const std::string& policy, const std::string& records, const std::string& as_of) {
  const auto opened = open(policy);
  const Program* program = opened->policy.program.get();
  BatchOptions options;
  options.as_of = *parse_date(as_of);
  options.threads = 2;
  std::vector<std::string> generic, lane;
  run_batch(*program, records, options, [&](const Decision& d) { generic.push_back(amounts(d)); });
  options.amounts_only = true;
  std::size_t explained = 0;
  std::string why;
  const bool applies = fast_decide_each(
      *program, records, options,
      [&](const Decision& d) {
        lane.push_back(amounts(d));
        explained += d.status != Status::Rejected && (!d.reasons.empty() || !d.requirements.empty());
      },
      &why);
  INFO(policy << " on " << records << " as of " << as_of << ": " << why);
  REQUIRE(applies);
  // Only what the generic runtime decides inside the lane (the scenarios' small files are mostly
  // such records).
  if (generic.size() >= 1000) CHECK(explained < generic.size() / 100);
  REQUIRE(lane.size() == generic.size());
  for (std::size_t i = 0; i < lane.size(); ++i) {
    INFO("decision " << i);
    CHECK(lane[i] == generic[i]);
  }
}

// A money field's values read by the lane on the way (BatchOptions::capture), one before each
// decision: the generic reader's (the default for an empty cell, `missing` for a record without
// one or rejected).
void same_captures(const std::string& policy, const std::string& records, const std::string& as_of,
                   const std::string& field_name) {
  const auto opened = open(policy);
  const Program* program = opened->policy.program.get();
  const auto field = program->schema.index_of(field_name);
  REQUIRE(field);
  constexpr std::int64_t missing = -7;
  std::vector<std::int64_t> generic;
  std::ifstream in(records, std::ios::binary);
  read_records(in, InputFormat::Csv, program->schema, [&](ReadResult&& r) {
    const auto* record = std::get_if<Record>(&r);
    generic.push_back(record && !record->values[*field].is_missing() ? record->values[*field].i : missing);
  });
  BatchOptions options;
  options.as_of = *parse_date(as_of);
  options.threads = 2;
  options.amounts_only = true;
  std::vector<std::int64_t> lane;
  options.capture = BatchOptions::Capture{*field, missing, &lane};
  std::size_t decisions = 0;
  bool in_step = true;
  std::string why;
  const bool applies = fast_decide_each(
      *program, records, options, [&](const Decision&) { in_step = in_step && lane.size() == ++decisions; }, &why);
  INFO(policy << " on " << records << " as of " << as_of << ": " << why);
  REQUIRE(applies);
  CHECK(in_step);  // each value handed on before its decision
  CHECK(lane == generic);
  CHECK(std::count(generic.begin(), generic.end(), missing) > 0);
}

}  // namespace

TEST_CASE("fast lane: a money field read on the way is the generic reader's", "[fast_lane][each]") {
  const std::string cilegon = synthesized("cilegon-2024", "fast-each-capture");
  for (const char* as_of : {"2024-01-15", "2024-08-01", "2025-01-15"})
    same_captures(root + "/rules/regions/cilegon-2024.policy", cilegon, as_of, "declared_income");
}

TEST_CASE("fast lane: decisions for amounts only are the generic runtime's, without reasons", "[fast_lane][each]") {
  const std::string cilegon = synthesized("cilegon-2024", "fast-each-amounts");
  for (const char* as_of : {"2024-01-15", "2024-08-01", "2025-01-15"})
    same_amounts(root + "/rules/regions/cilegon-2024.policy", cilegon, as_of);
  for (const auto& [scenario, as_of] : test::allocation_scenarios)
    same_amounts(root + "/examples/eval/" + scenario + "/policy.policy",
                 root + "/examples/eval/" + scenario + "/records.csv", as_of);
}

TEST_CASE("fast lane: the decisions handed on are the generic runtime's", "[fast_lane][each]") {
  const std::string cilegon = synthesized("cilegon-2024", "fast-each");
  // The election groups not valid yet, then valid; then the policy itself not valid.
  for (const char* as_of : {"2024-01-15", "2024-08-01", "2025-01-15"})
    for (unsigned threads : {1u, 3u})
      same_decisions(root + "/rules/regions/cilegon-2024.policy", cilegon, as_of, threads);
  same_decisions(root + "/rules/regions/tanah-bumbu-2024.policy", synthesized("tanah-bumbu-2024", "fast-each"),
                 "2024-09-01", 2);
  for (const auto& [scenario, as_of] : test::allocation_scenarios)
    same_decisions(root + "/examples/eval/" + scenario + "/policy.policy",
                   root + "/examples/eval/" + scenario + "/records.csv", as_of, 2);
}

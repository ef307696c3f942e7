// RecordLane (engine/io/record_lane.hpp): a record decided alone through the kernel reads as
// the generic runtime's decision_json, byte for byte, with its status and group — the shipped
// regions' policies on their synthetic populations and the scenarios with quotas, budgets and
// keyed accounts (those the generic runtime keeps), at dates where groups are and are not valid.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "engine/io/decision_json.hpp"
#include "engine/io/record_lane.hpp"
#include "engine/io/record_read.hpp"
#include "engine/runtime/evaluate.hpp"
#include "shipped.hpp"

using namespace jaring;

namespace {

const std::string& root = test::source_dir;
using test::synthesized;

auto open(const std::string& path) { return test::open_shipped(path); }

std::vector<Record> records_of(const Program& program, const std::string& csv) {
  std::ifstream in(csv);
  REQUIRE(in);
  std::vector<Record> out;
  read_records(in, InputFormat::Csv, program.schema, [&](ReadResult&& r) {
    if (auto* record = std::get_if<Record>(&r)) out.push_back(std::move(*record));
  });
  return out;
}

// How many of the records the lane decided (every one it decided checked against the generic
// runtime's decision).
std::size_t same_answers(const std::string& policy, const std::string& csv, const std::string& as_of) {
  const auto opened = open(policy);
  const Program& program = *opened->policy.program;
  const Day day = *parse_date(as_of);
  const auto lane = RecordLane::make(program, day);
  INFO(policy << " on " << csv << " as of " << as_of);
  REQUIRE(lane);
  std::size_t decided = 0;
  for (const Record& record : records_of(program, csv)) {
    const Decision d = decide(program, record, day);
    std::string text = "[";  // the lane appends to what is there
    const auto outcome = lane->decide_json(record, text);
    if (!outcome) {
      CHECK(text == "[");
      continue;
    }
    ++decided;
    INFO("record " << record.id);
    CHECK(text == "[" + decision_json(d));
    CHECK(outcome->status == d.status);
    CHECK(outcome->group == d.group_index);
  }
  return decided;
}

}  // namespace

TEST_CASE("record lane: a record decided alone reads as the generic runtime's decision", "[record_lane]") {
  const std::string cilegon = synthesized("cilegon-2024", "record-lane");
  for (const char* as_of : {"2024-01-15", "2024-08-01"})  // the election groups invalid, then valid
    CHECK(same_answers(root + "/rules/regions/cilegon-2024.policy", cilegon, as_of) > 1000);
  CHECK(same_answers(root + "/rules/regions/cilegon-2025-raperwal.policy", cilegon, "2025-03-01") > 1000);
  // Dana Desa per village (a keyed account) and a quota per village: the generic runtime's.
  same_answers(root + "/rules/regions/tanah-bumbu-2024.policy", synthesized("tanah-bumbu-2024", "record-lane"),
               "2024-09-01");
  CHECK(same_answers(root + "/rules/regions/yogyakarta-2025.policy.md", synthesized("yogyakarta-2025", "record-lane"),
                     "2025-06-01") > 100);
  for (const auto& [scenario, as_of] : test::allocation_scenarios)
    CHECK(same_answers(root + "/examples/eval/" + scenario + "/policy.policy",
                       root + "/examples/eval/" + scenario + "/records.csv", as_of) > 0);
}

TEST_CASE("record lane: a record the kernel does not decide is left to the generic runtime", "[record_lane]") {
  const auto opened = open(root + "/examples/eval/city/policy.policy");
  const Program& program = *opened->policy.program;
  const auto lane = RecordLane::make(program, *parse_date("2024-08-01"));
  REQUIRE(lane);
  auto records = records_of(program, root + "/examples/eval/city/records.csv");
  REQUIRE_FALSE(records.empty());
  std::string text;
  REQUIRE(lane->decide_json(records[0], text));
  // A value missing in a field a rule reads: the generic runtime explains what follows.
  std::size_t used = 0;
  while (used < program.schema.fields.size() && !lane->kernel().uses_field(used)) ++used;
  REQUIRE(used < program.schema.fields.size());
  Record missing = records[0];
  missing.values[used] = Value::missing();
  text.clear();
  CHECK_FALSE(lane->decide_json(missing, text));
  CHECK(text.empty());
  // Missing where no rule reads: decided, and as the generic runtime decides it.
  std::size_t unused = 0;
  while (unused < program.schema.fields.size() && lane->kernel().uses_field(unused)) ++unused;
  REQUIRE(unused < program.schema.fields.size());
  Record unread = records[0];
  unread.values[unused] = Value::missing();
  REQUIRE(lane->decide_json(unread, text));
  CHECK(text == decision_json(decide(program, unread, *parse_date("2024-08-01"))));
  text.clear();
  Record short_record = records[0];
  short_record.values.pop_back();
  CHECK_FALSE(lane->decide_json(short_record, text));
  CHECK(text.empty());
}

TEST_CASE("record lane: on a date the policy is not valid, every record as the generic runtime says", "[record_lane]") {
  // Before: no lane on such a date (the generic runtime answered every record). A file of its
  // own: ctest runs the test beside the one above.
  const std::string cilegon = synthesized("cilegon-2024", "record-lane-outside");
  for (const char* as_of : {"2019-01-01", "2025-01-01"})
    CHECK(same_answers(root + "/rules/regions/cilegon-2024.policy", cilegon, as_of) > 1000);
}

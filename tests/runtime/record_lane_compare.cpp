// Each record of a CSV population decided alone, as `jaring serve` decides it: through the
// policy's record lane (io/record_lane.hpp: the kernel, rendering the decision's JSON itself)
// where it applies, and by the generic runtime (decide, decision_json). Every record the lane
// decides must read byte for byte as the generic runtime's decision, with its status and group.
// tests/runtime/policy_differential.py runs it on each random policy it draws.
//
// usage: jaring_record_lane_compare POLICY RECORDS.csv AS_OF
// Prints how many records the lane decided; exit 1 naming the first record that differs, 2 on
// bad usage or a policy or population that does not open.
#include <cstdio>
#include <fstream>
#include <string>
#include <variant>

#include "engine/base/date.hpp"
#include "engine/io/decision_json.hpp"
#include "engine/io/record_lane.hpp"
#include "engine/io/record_read.hpp"
#include "engine/runtime/evaluate.hpp"
#include "engine/runtime/open_policy.hpp"

int main(int argc, char** argv) {
  using namespace jaring;
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s POLICY RECORDS.csv AS_OF\n", argv[0]);
    return 2;
  }
  SourceMap sources;
  Diagnostics diags;
  const OpenedPolicy opened = open_policy(argv[1], sources, diags);
  const std::optional<Day> as_of = parse_date(argv[3]);
  std::ifstream in(argv[2]);
  if (!opened.ok() || !as_of || !in) {
    std::fprintf(stderr, "%s: %s, %s or %s does not open\n", argv[0], argv[1], argv[2], argv[3]);
    return 2;
  }
  const Program& program = *opened.program;
  const auto lane = RecordLane::make(program, *as_of);
  std::size_t records = 0, decided = 0;
  int status = 0;
  read_records(in, InputFormat::Csv, program.schema, [&](ReadResult&& r) {
    const auto* record = std::get_if<Record>(&r);
    if (!record || status != 0) return;
    ++records;
    std::string text;
    const auto outcome = lane ? lane->decide_json(*record, text) : std::nullopt;
    if (!outcome) return;
    ++decided;
    const Decision d = decide(program, *record, *as_of);
    if (text != decision_json(d) || outcome->status != d.status || outcome->group != d.group_index) {
      std::fprintf(stderr, "%s: %s, record %s: the record lane's decision differs\n  lane:    %s\n  generic: %s\n",
                   argv[0], argv[1], record->id.c_str(), text.c_str(), decision_json(d).c_str());
      status = 1;
    }
  });
  if (status == 0) std::printf("%zu of %zu records decided by the record lane\n", decided, records);
  return status;
}

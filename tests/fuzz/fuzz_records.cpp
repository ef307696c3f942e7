// libFuzzer target: bytes as records, read in each of the three input formats against the
// schema of a shipped policy (examples/eval/city), each Record decided and each Rejection
// rejected as of a fixed date. Checks read_records' accounting: the count it returns is the
// number of records it handed to the sink; and that a flat JSON object read by hand reads as
// nlohmann reads it (record_read::flat_record against flat_record_sax). Built only with JARING_FUZZ.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <variant>

#include "engine/base/date.hpp"
#include "engine/io/decision_json.hpp"
#include "engine/io/record_draft.hpp"
#include "engine/io/record_read.hpp"
#include "engine/runtime/evaluate.hpp"
#include "engine/runtime/open_policy.hpp"

namespace {

using namespace jaring;

const Program& city_program() {
  static const std::shared_ptr<const Program> program = [] {
    SourceMap sources;
    Diagnostics diags;
    auto opened = open_policy(JARING_SOURCE_DIR "/examples/eval/city/policy.policy", sources, diags);
    if (!opened.ok()) {
      std::fprintf(stderr, "fuzz_records: examples/eval/city/policy.policy does not open\n");
      std::abort();
    }
    return opened.program;
  }();
  return *program;
}

void read_and_decide(std::string_view bytes, InputFormat format, const Program& program, Day as_of) {
  std::istringstream in{std::string(bytes)};
  std::uint64_t calls = 0;
  InputCounts counts;
  std::uint64_t count = 0;
  try {
    count = read_records(
        in, format, program.schema,
        [&](ReadResult&& result) {
          ++calls;
          if (const auto* record = std::get_if<Record>(&result)) {
            (void)decision_json(decide(program, *record, as_of));
          } else {
            (void)decision_json(reject(program, std::get<Rejection>(result), as_of));
          }
        },
        {}, &counts);
  } catch (const InputError&) {
    // An unusable header: the contract is that nothing was handed on before it.
    if (calls != 0) {
      std::fprintf(stderr, "fuzz_records: InputError after %llu records\n", static_cast<unsigned long long>(calls));
      std::abort();
    }
    return;
  }
  if (!counts.holds() || counts.rows != count) {
    std::fprintf(stderr, "fuzz_records: format %d: the line accounting does not hold\n", static_cast<int>(format));
    std::abort();
  }
  if (count != calls) {
    std::fprintf(stderr, "fuzz_records: format %d returned %llu records but made %llu sink calls\n",
                 static_cast<int>(format), static_cast<unsigned long long>(count),
                 static_cast<unsigned long long>(calls));
    std::abort();
  }
}

// A flat JSON object read by hand (record_read::flat_record tries the plain ones itself) is
// read as nlohmann's SAX reader reads it: both hand it on, or both give the same decision.
void same_by_hand_and_by_nlohmann(std::string_view bytes, const Program& program, Day as_of) {
  const ReadOptions options;
  const auto by_hand = record_read::flat_record(bytes, program.schema, options, 1);
  const auto by_nlohmann = record_read::flat_record_sax(bytes, program.schema, options, 1);
  auto text = [&](const std::optional<ReadResult>& r) {
    if (!r) return std::string("-");
    if (const auto* record = std::get_if<Record>(&*r)) return decision_json(decide(program, *record, as_of));
    return decision_json(reject(program, std::get<Rejection>(*r), as_of));
  };
  if (text(by_hand) != text(by_nlohmann)) {
    std::fprintf(stderr, "fuzz_records: the flat record read by hand differs from nlohmann's reading\n");
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Program& program = city_program();
  const Day as_of = day_from_ymd({2024, 3, 21});
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (InputFormat format : {InputFormat::Csv, InputFormat::JsonLines, InputFormat::Json}) {
    read_and_decide(bytes, format, program, as_of);
  }
  const ReadResult one = read_json_record(bytes, program.schema);
  if (const auto* record = std::get_if<Record>(&one)) (void)decide(program, *record, as_of);
  same_by_hand_and_by_nlohmann(bytes, program, as_of);
  return 0;
}

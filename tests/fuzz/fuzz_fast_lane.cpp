// libFuzzer target, differential: bytes as the rows of a CSV file for the cilegon-bench
// policy (examples/bench/cilegon-bench.policy; the header is written first unless the bytes
// bring their own), decided by the generic runtime and by the fast lane (io/fast_population),
// which must give the same decisions (CSV), rejections and summary, byte for byte, with the
// decisions written and with the summary only (the lane's optimistic single pass). Aborts,
// printing both, on the first difference. Built only with JARING_FUZZ.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "engine/io/decision_csv.hpp"
#include "engine/io/population.hpp"
#include "engine/io/summary.hpp"
#include "engine/runtime/open_policy.hpp"

namespace {

using namespace jaring;

const Program& bench_program() {
  static const std::shared_ptr<const Program> program = [] {
    SourceMap sources;
    Diagnostics diags;
    auto opened = open_policy(JARING_SOURCE_DIR "/examples/bench/cilegon-bench.policy", sources, diags);
    if (!opened.ok()) {
      std::fprintf(stderr, "fuzz_fast_lane: examples/bench/cilegon-bench.policy does not open\n");
      std::abort();
    }
    return opened.program;
  }();
  return *program;
}

// The input file, rewritten for every input and removed when the process exits.
const std::string& input_path() {
  static const std::string path = [] {
    char name[] = "/tmp/jaring-fuzz-fast-lane-XXXXXX";
    const int fd = mkstemp(name);
    if (fd < 0) std::abort();
    close(fd);
    return std::string(name);
  }();
  static const bool removed_at_exit = [] { return std::atexit([] { std::remove(input_path().c_str()); }) == 0; }();
  (void)removed_at_exit;
  return path;
}

struct Run {
  std::string decisions, rejections, summary, error;
};

Run decide(const Program& program, const char* runtime, bool write_decisions) {
  setenv("JARING_RUNTIME", runtime, 1);
  BatchOptions options;
  options.as_of = day_from_ymd({2024, 8, 1});
  options.threads = 2;
  options.read.max_field_bytes = 64;  // the limits' edges within a few kilobytes
  options.read.max_record_bytes = 512;
  Summary summary(program, options.as_of);
  std::ostringstream out;
  Run run;
  try {
    decide_population(program, input_path(), options, DecisionFormat::Csv, write_decisions ? &out : nullptr, summary,
                      [&](const Decision& d) { run.rejections += rejects_csv_rows(d); });
  } catch (const std::exception& e) {
    run.error = e.what();
    return run;
  }
  run.decisions = out.str();
  run.summary = summary.json() + summary.text();
  return run;
}

void same(const Run& generic, const Run& lane, const char* what) {
  if (generic.decisions == lane.decisions && generic.rejections == lane.rejections && generic.summary == lane.summary &&
      generic.error == lane.error)
    return;
  std::fprintf(stderr, "fuzz_fast_lane: %s differ\n--- generic:\n%s\n%s\n%s\n%s\n--- fast lane:\n%s\n%s\n%s\n%s\n",
               what, generic.error.c_str(), generic.decisions.c_str(), generic.rejections.c_str(),
               generic.summary.c_str(), lane.error.c_str(), lane.decisions.c_str(), lane.rejections.c_str(),
               lane.summary.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Program& program = bench_program();
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  {
    std::ofstream file(input_path(), std::ios::binary | std::ios::trunc);
    if (bytes.substr(0, 4) != "nik,") file << "nik,name,birth_date,role,domicile,declared_income,registered_pu\n";
    file << bytes;
  }
  same(decide(program, "generic", true), decide(program, "auto", true), "decisions");
  same(decide(program, "generic", false), decide(program, "auto", false), "summaries");
  return 0;
}

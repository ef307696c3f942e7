// Rejections in the fast lane's first pass: decided before the lane knows that no id repeats,
// they are passed on as they come when the caller can take them back (rejected_restart), and
// each reaches the caller once however many times the file is decided.
#include <catch2/catch.hpp>

#include <cstdint>
#include <fstream>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "engine/base/date.hpp"
#include "engine/io/population.hpp"
#include "shipped.hpp"
#include "temp_folder.hpp"

using namespace jaring;

namespace {

constexpr std::size_t bad_rows = 12'000;  // more than the lane holds back without a restart

// cilegon-bench's fields; every third row has a birth date that is no calendar date. With
// `repeat`, the last row has the first row's NIK.
std::string population(bool repeat) {
  std::string out = "nik,name,birth_date,role,domicile,declared_income,registered_pu\n";
  for (std::size_t i = 0; i < bad_rows * 3; ++i)
    out += fmt::format("3672{:012},Warga,{},ketua_rt,36.72,1750000,false\n", i + 1,
                       i % 3 == 1 ? "1984-13-01" : "1984-11-01");
  if (repeat) out += "3672000000000001,Warga,1984-11-01,ketua_rt,36.72,1750000,false\n";
  return out;
}

struct Run {
  std::vector<std::uint64_t> lines;  // of the rejections handed on, in order, as they stand
  std::set<int> passes;              // the passes progress was told of
  int restarts = 0;
  std::uint64_t rejected = 0;  // the summary's count
};

Run decide(const std::string& records, bool restartable, bool restart_fails = false) {
  const auto opened = test::open_shipped(test::source_dir + "/examples/bench/cilegon-bench.policy");
  const Program& program = *opened->policy.program;
  BatchOptions options;
  options.as_of = *parse_date("2024-08-01");
  options.threads = 2;
  Run run;
  options.progress = [&](std::uint64_t, int pass, int) { run.passes.insert(pass); };
  if (restartable)
    options.rejected_restart = [&] {
      ++run.restarts;
      run.lines.clear();
      return !restart_fails;
    };
  Summary summary(program, options.as_of);
  // No decisions rendered: the lane decides before it knows whether ids repeat.
  decide_population(program, records, options, DecisionFormat::Csv, nullptr, summary,
                    [&](const Decision& d) { run.lines.push_back(d.line); });
  run.rejected = summary.rejected();
  return run;
}

std::vector<std::uint64_t> bad_lines() {
  std::vector<std::uint64_t> lines;
  for (std::size_t i = 1; i < bad_rows * 3; i += 3) lines.push_back(i + 2);  // the header is line 1
  return lines;
}

}  // namespace

TEST_CASE("fast lane: rejections passed on as they come decide the file once", "[fast_lane][rejects]") {
  const test::TempFolder dir("jaring-rejects");
  const std::string records = (dir.path / "records.csv").string();
  std::ofstream(records) << population(false);
  const Run restartable = decide(records, true);
  CHECK(restartable.passes == std::set<int>{1});
  CHECK(restartable.restarts == 0);
  CHECK(restartable.lines == bad_lines());
  CHECK(restartable.rejected == bad_rows);

  // Without a restart, more rejections than the lane holds make it decide the file again.
  const Run held = decide(records, false);
  CHECK(held.passes == std::set<int>{1, 2});
  CHECK(held.lines == bad_lines());
  CHECK(held.rejected == bad_rows);
}

TEST_CASE("fast lane: rejections passed on before a repeated id are taken back once", "[fast_lane][rejects]") {
  const test::TempFolder dir("jaring-rejects");
  const std::string records = (dir.path / "records.csv").string();
  std::ofstream(records) << population(true);

  const Run run = decide(records, true);
  CHECK(run.passes == std::set<int>{1, 2});
  CHECK(run.restarts == 1);
  CHECK(run.lines == bad_lines());
  CHECK(run.rejected == bad_rows);

  // A sink that cannot be emptied stops the run rather than hand a rejection on twice.
  CHECK_THROWS_WITH(decide(records, true, true), Catch::Contains("rejections written cannot be taken back"));
}

// Helpers of the unit tests that compare runtimes on what the repository ships: a policy opened
// with the shipped rules on its search path, and a region's synthetic population written once.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "engine/runtime/open_policy.hpp"
#include "engine/synth/synth.hpp"

namespace jaring::test {

inline const std::string source_dir = JARING_SOURCE_DIR;

// A policy with what its Program refers to (its sources and checked form) kept alive.
struct Opened {
  SourceMap sources;
  OpenedPolicy policy;
};

inline std::unique_ptr<Opened> open_shipped(const std::string& path) {
  auto o = std::make_unique<Opened>();
  Diagnostics diags;
  LoadOptions load;
  load.search_paths.push_back(source_dir + "/rules");
  o->policy = open_policy(path, o->sources, diags, load);
  REQUIRE(o->policy.ok());
  return o;
}

// examples/populations/NAME synthesized into a temporary CSV file (named after `test`); its path.
inline std::string synthesized(const std::string& name, const std::string& test) {
  std::ifstream in(source_dir + "/examples/populations/" + name + "/spec.json");
  std::stringstream text;
  text << in.rdbuf();
  const std::string path = (std::filesystem::temp_directory_path() / ("jaring-" + test + "-" + name + ".csv")).string();
  std::ofstream out(path);
  synthesize(parse_synth_spec(text.str()), out);
  return path;
}

// The eval scenarios with quotas, budgets and keyed accounts (examples/eval/NAME, with
// policy.policy and records.csv), each with a date to decide them on.
inline const std::vector<std::pair<std::string, std::string>> allocation_scenarios{
    {"quota", "2024-08-01"}, {"shared-quota", "2024-08-01"},  {"budget", "2024-08-01"},
    {"city", "2024-03-21"},  {"duplicate_ids", "2024-08-01"}, {"village_level", "2024-09-01"}};

}  // namespace jaring::test

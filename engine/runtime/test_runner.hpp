// Running a policy's `test` blocks: each test's given record is decided as of its date and
// compared with its expectations. Also measures what the tests exercised (coverage).
#pragma once

#include <string>
#include <vector>

#include "engine/language/policy.hpp"
#include "engine/runtime/decision.hpp"
#include "engine/runtime/program.hpp"

namespace jaring {

struct TestResult {
  std::string name;
  Span span;
  Day on = 0;
  bool passed = false;
  // Expected and actual side by side, one line per expectation that did not hold.
  std::vector<std::pair<std::string, std::string>> mismatches;
  Decision decision;
};

struct Coverage {
  std::vector<std::string> untested;  // e.g. "requirement `not_pu` [Pasal 3 ayat (1) huruf b]"
};

// Runs every test of `policy` (compiled as `program`). Given fields the test leaves out take
// their default, or are missing (rules that need them fail, as in evaluation).
std::vector<TestResult> run_tests(const Policy& policy, const Program& program, Coverage* coverage = nullptr);

}  // namespace jaring

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
  Day on = 0;          // the date decided on
  Day written_on = 0;  // the test's own date (a base test's is moved into the amendment's validity)
  bool passed = false;
  std::string not_run;  // a base test the amendment's record no longer fits (run_base_tests)
  // Expected and actual side by side, one line per expectation that did not hold.
  std::vector<std::pair<std::string, std::string>> mismatches;
  Decision decision;
};

struct Coverage {
  // What the files given declare (the main file and the policies it amends); with `used_files`,
  // also what the files they `use` declare (the national pack's parameters, ...).
  bool used_files = false;
  std::vector<std::string> untested;  // e.g. "requirement `not_pu` [Pasal 3 ayat (1) huruf b]"
};

// Runs every test of `policy` (compiled as `program`). Given fields the test leaves out take
// their default, or are missing (rules that need them fail, as in evaluation).
std::vector<TestResult> run_tests(const Policy& policy, const Program& program, Coverage* coverage = nullptr);

// An amendment's base tests (Policy::base_tests) run against the amendment: a test that passes
// is unchanged by it, one that fails shows what it changes. A base test the amendment replaces
// (one of its own tests has the same name) is left out; one whose given values no longer fit
// the record (a field removed or retyped) is not run and says why (`not_run`).
std::vector<TestResult> run_base_tests(const Policy& policy, const Program& program);

}  // namespace jaring

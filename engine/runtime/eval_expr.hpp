// Internal: expression evaluation over one record (evaluate.cpp, allocate.cpp).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/runtime/problem.hpp"
#include "engine/runtime/program.hpp"

namespace jaring::internal {

// What one evaluation used, for test coverage: (parameter, dated value) pairs and the
// payer line (group, line) that paid.
struct Trace {
  std::set<std::pair<std::uint32_t, std::uint32_t>> parameter_values;
  std::set<std::pair<std::uint32_t, std::uint32_t>> payer_lines;
};

// Per-record evaluation state. `problem` keeps the first reason a value was missing.
struct EvalContext {
  const Program& program;
  const Record* record = nullptr;
  Day as_of = 0;
  std::vector<std::optional<Value>>& lets;  // memoised lets, one per let of the program
  std::optional<EvalProblem> problem;
  Trace* trace = nullptr;

  // `lets` is storage the caller keeps (a decision reuses its thread's); it is reset here.
  EvalContext(const Program& p, const Record* r, Day d, std::vector<std::optional<Value>>& lets_storage)
      : program(p), record(r), as_of(d), lets(lets_storage) {
    lets.assign(p.lets.size(), std::nullopt);
  }
};

// The value of `node`; Missing when a value it needs is missing (see ctx.problem).
Value eval(const Node& node, EvalContext& ctx);
// True only when `node` evaluates to true; Missing counts as false.
bool eval_true(const Node& node, EvalContext& ctx);

}  // namespace jaring::internal

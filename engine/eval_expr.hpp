// Internal: expression evaluation over one record (evaluate.cpp, allocate.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/program.hpp"

namespace jaring::internal {

// Per-record evaluation state. `problem` keeps the first reason a value was missing.
struct EvalContext {
  const Program& program;
  const Record* record = nullptr;
  Day as_of = 0;
  std::vector<std::optional<Value>> lets;
  std::string problem;

  EvalContext(const Program& p, const Record* r, Day d) : program(p), record(r), as_of(d), lets(p.lets.size()) {}
};

// The value of `node`; Missing when a value it needs is missing (see ctx.problem).
Value eval(const Node& node, EvalContext& ctx);
// True only when `node` evaluates to true; Missing counts as false.
bool eval_true(const Node& node, EvalContext& ctx);

}  // namespace jaring::internal

// Deciding one record as of a date (LANGUAGE.md "Semantics"). Never throws for data: a
// missing or unusable value makes the rule that needed it fail, with the reason recorded.
#pragma once

#include "engine/runtime/decision.hpp"
#include "engine/runtime/eval_expr.hpp"
#include "engine/runtime/program.hpp"

namespace jaring {

// The decision for `record` as of `as_of`, before quotas and budgets (allocate.hpp). With a
// trace, also records which parameter values and payer lines were used (test coverage).
Decision decide(const Program& program, const Record& record, Day as_of, internal::Trace* trace = nullptr);
// The same for a record not needed afterwards: its id moves into the decision.
Decision decide(const Program& program, Record&& record, Day as_of);

// The decision for a record that could not be read.
Decision reject(const Program& program, const Rejection& rejection, Day as_of);

// The reason of a record that no group takes, made in `into` (its buffers kept): `no_group`,
// naming `invalid`, the first group whose `when` held but that is not valid on `as_of`, if any.
void no_group_reason(RuleRef& into, const CGroup* invalid, Day as_of);

// The reason of every record on a date the policy is not valid on: `policy_validity`, saying
// when it is valid.
RuleRef policy_validity_reason(const Program& program);

// Evaluates an expression that uses no record field (budgets, defaults).
Value eval_constant(const Program& program, const Node& node, Day as_of);

}  // namespace jaring

// Whether the fast lane (runtime/kernel.hpp) takes a policy on the dates its decisions change:
// what `jaring check` tells a drafter before any record is read.
#pragma once

#include <optional>
#include <string>

#include "engine/base/date.hpp"
#include "engine/base/diagnostic.hpp"
#include "engine/language/policy.hpp"
#include "engine/runtime/program.hpp"

namespace jaring {

struct LaneDecline {
  Day on = 0;          // the first such date it declines on
  bool always = true;  // it declines on every such date
  std::string why;     // the kernel's reason, English (a JARING_MSG id)
};

// The dates a decision can change on (the policy's start, and within its validity each date a
// parameter, a paying line or a group starts or ends; today when the policy names none; the
// earliest 128 of them), and the kernel compiled for each: the first that declines, or nothing
// when the lane takes every one.
std::optional<LaneDecline> lane_declines(const Program& program);

// The `slow-policy` note, on the policy's name, when the lane declines `program` (compiled from
// `policy`): its records would be decided by the generic runtime, many times slower, and a
// drafter may rather write it otherwise. `jaring check` and the editor's diagnostics say it.
void note_slow_policy(const Policy& policy, const Program& program, Diagnostics& diags);

}  // namespace jaring

// One record at a time through the kernel (runtime/kernel.hpp) and the fast renderer
// (fast_render.hpp): the JSON that decision_json writes of the generic runtime's decision about
// a record decided alone (quotas and budgets not applied), for the records the kernel decides.
// The server answers single records and batches with it (server/decide_request.cpp); whatever
// the kernel does not decide (a missing value, a quota key, a keyed account, …) is left to the
// generic runtime, which explains it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "engine/io/fast_render.hpp"
#include "engine/runtime/decision.hpp"
#include "engine/runtime/kernel.hpp"
#include "engine/runtime/program.hpp"
#include "engine/runtime/record.hpp"

namespace jaring {

class RecordLane {
 public:
  // The lane of `program` on `as_of`, or null when the policy has no kernel on that date.
  static std::unique_ptr<const RecordLane> make(const Program& program, Day as_of);

  struct Outcome {
    Status status = Status::NotEligible;
    std::int32_t group = -1;  // the group's index, -1 for none
  };
  // Appends the decision about `record` (read and checked: io/record_read.hpp) to `out` as
  // decision_json writes it, or nothing when the generic runtime is to decide the record.
  // Safe to call from several threads at once.
  std::optional<Outcome> decide_json(const Record& record, std::string& out) const;

  const Kernel& kernel() const { return *kernel_; }

 private:
  explicit RecordLane(std::unique_ptr<const Kernel> kernel);

  std::unique_ptr<const Kernel> kernel_;
  FastRenderer renderer_;
};

}  // namespace jaring

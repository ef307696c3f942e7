// Static checking of a resolved policy: names (with suggestions), types and units (exact
// money; money × percent must be rounded; money × money refused), parameter dates, payer
// shares and periods, groups, tests. Every problem is reported to `diags`; nothing throws.
#pragma once

#include <memory>
#include <optional>

#include "engine/base/diagnostic.hpp"
#include "engine/language/policy.hpp"

namespace jaring {

// A policy the checker found free of errors (warnings allowed). Only `check` makes one, so
// holding one is the proof that `compile` (runtime/compile.hpp) requires.
class CheckedPolicy {
 public:
  const Policy& policy() const { return *policy_; }

 private:
  explicit CheckedPolicy(std::shared_ptr<const Policy> p) : policy_(std::move(p)) {}
  friend std::optional<CheckedPolicy> check(std::shared_ptr<const Policy> policy, const SourceMap& sources,
                                            Diagnostics& diags);
  std::shared_ptr<const Policy> policy_;
};

// Reports every problem of `policy` to `diags`. Returns the policy checked when `diags` then
// holds no error at all (an error reported earlier, e.g. while loading, also withholds it).
std::optional<CheckedPolicy> check(std::shared_ptr<const Policy> policy, const SourceMap& sources, Diagnostics& diags);
inline std::optional<CheckedPolicy> check(Policy&& policy, const SourceMap& sources, Diagnostics& diags) {
  return check(std::make_shared<const Policy>(std::move(policy)), sources, diags);
}

}  // namespace jaring

#include "engine/runtime/decision.hpp"

namespace jaring {

RuleRef engine_ref(EngineReason reason, Message detail) {
  const EngineReasonInfo& r = engine_reason(reason);
  return {r.rule, r.indonesian, "", std::move(detail), r.english, std::nullopt};
}

const char* status_name(Status s) {
  switch (s) {
    case Status::Eligible: return "eligible";
    case Status::NotEligible: return "not_eligible";
    case Status::Waitlisted: return "waitlisted";
    case Status::Rejected: return "rejected";
  }
  return "?";
}

}  // namespace jaring

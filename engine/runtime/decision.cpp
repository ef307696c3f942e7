#include "engine/runtime/decision.hpp"

namespace jaring {

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

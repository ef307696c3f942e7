// The stable JSON rendering of a decision (README "Decisions", io/decision.schema.json): one
// object on one line, keys sorted, the same bytes nlohmann::json::dump() would give.
#pragma once

#include <string>

#include "engine/runtime/decision.hpp"

namespace jaring {

std::string decision_json(const Decision& d);

}  // namespace jaring

// The stable JSON rendering of a decision (README "Decisions", io/decision.schema.json): one
// object on one line, keys sorted, the same bytes nlohmann::json::dump() would give.
#pragma once

#include <string>
#include <string_view>

#include "engine/runtime/decision.hpp"

namespace jaring {

std::string decision_json(const Decision& d);

// Pieces of that rendering, for the fast lane's renderer (fast_render.hpp) to build from: a
// rule (`reasons`, `group`), a requirement with its outcome, a waived requirement.
void append_rule_json(std::string& out, const RuleRef& r);
void append_requirement_json(std::string& out, const RuleRef& r, Outcome outcome);
void append_waived_json(std::string& out, const RuleRef& r, std::string_view by);

}  // namespace jaring

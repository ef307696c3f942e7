// A readable explanation of a decision, in Indonesian (`id`) or English (`en`).
#pragma once

#include <map>
#include <string>

#include "engine/runtime/decision.hpp"

namespace jaring {

// `values`, when given (runtime/values_used.hpp), by requirement: the values each requirement
// read, shown on its line.
std::string explain(const Decision& d, const std::string& lang,
                    const std::map<std::string, std::string>* values = nullptr);

}  // namespace jaring

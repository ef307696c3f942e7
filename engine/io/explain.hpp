// A readable explanation of a decision, in Indonesian (`id`) or English (`en`).
#pragma once

#include <string>

#include "engine/runtime/decision.hpp"

namespace jaring {

std::string explain(const Decision& d, const std::string& lang);

}  // namespace jaring

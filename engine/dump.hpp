// The canonical text of a resolved policy: English keywords, one declaration per block, in a
// fixed order (header, record, lets, parameters, programmes, payers, requirements, groups,
// tests), literals in their canonical spelling and only the parentheses precedence needs.
// Two policies that mean the same thing dump to the same bytes.
#pragma once

#include <string>

#include "engine/ast.hpp"
#include "engine/policy.hpp"

namespace jaring {

std::string dump_policy(const Policy& policy);
std::string dump_expr(const ast::Expr& e);

}  // namespace jaring

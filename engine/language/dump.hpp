// The canonical text of a resolved policy: English keywords, one declaration per block, in a
// fixed order (header, record, lets, parameters, programmes, payers, requirements, shared
// quotas, groups, tests), literals in their canonical spelling and only the parentheses precedence needs.
// Two policies that mean the same thing dump to the same bytes.
#pragma once

#include <string>

#include "engine/language/ast.hpp"
#include "engine/language/policy.hpp"

namespace jaring {

std::string dump_policy(const Policy& policy);
std::string dump_expr(const ast::Expr& e);
// A `paid_by` line without the keyword: `apbd_prov 50%, apbd_kota 50% during D1 .. D2`.
std::string dump_paid_by(const ast::PaidBy& pb);
// A quota without the keyword: `1.528 per village rank by registered_on asc`, or a shared
// quota's name.
std::string dump_quota(const ast::Quota& q);

}  // namespace jaring

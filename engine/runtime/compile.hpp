// Compiling a checked policy (no errors) into a Program. Compile trusts its input: a problem
// here is a bug, reported by throwing InternalError (base/internal_error.hpp).
#pragma once

#include <memory>

#include "engine/language/check.hpp"
#include "engine/runtime/program.hpp"

namespace jaring {

std::shared_ptr<const Program> compile(const CheckedPolicy& policy);

// Compiles an expression that names nothing (a test's given value, a constant default).
Node compile_constant(const ast::Expr& e);

}  // namespace jaring

#include "engine/language/ast.hpp"

namespace jaring::ast {

ExprPtr clone(const Expr& e) {
  auto out = std::make_unique<Expr>();
  out->kind = e.kind;
  out->span = e.span;
  out->int_value = e.int_value;
  out->text = e.text;
  out->op = e.op;
  out->negated = e.negated;
  for (const auto& a : e.args) out->args.push_back(clone(*a));
  return out;
}

}  // namespace jaring::ast

#include "engine/runtime/problem.hpp"

#include "engine/runtime/program.hpp"

namespace jaring {

Message describe(const EvalProblem& p, const Program& program, Day as_of) {
  switch (p.kind) {
    case ProblemKind::MissingField: return say_later("field `{}` is missing", program.schema.fields[p.subject].name);
    case ProblemKind::NoDatedValue:
      return say_later("parameter `{}` has no value on {}", program.parameters[p.subject].info.name,
                       format_date(as_of));
    case ProblemKind::NoTableEntry: {
      const CParameter& par = program.parameters[p.subject];
      return say_later("parameter `{}` has no value for `{}` = {}", par.info.name,
                       program.schema.fields[*par.by_field].name, p.key);
    }
    case ProblemKind::Overflow: return say_later("an amount is too large to compute exactly");
    case ProblemKind::DivisionByZero: return say_later("division by zero");
    case ProblemKind::NotMoney: return say_later("the contribution is not an amount of money");
    case ProblemKind::Negative: return say_later("the contribution is below zero ({})", p.key);
  }
  return {};
}

}  // namespace jaring

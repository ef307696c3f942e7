#include "engine/runtime/problem.hpp"

#include <fmt/format.h>

#include "engine/runtime/program.hpp"

namespace jaring {

std::string describe(const EvalProblem& p, const Program& program, Day as_of) {
  switch (p.kind) {
    case ProblemKind::MissingField: return fmt::format("field `{}` is missing", program.schema.fields[p.subject].name);
    case ProblemKind::NoDatedValue:
      return fmt::format("parameter `{}` has no value on {}", program.parameters[p.subject].info.name,
                         format_date(as_of));
    case ProblemKind::NoTableEntry: {
      const CParameter& par = program.parameters[p.subject];
      return fmt::format("parameter `{}` has no value for `{}` = {}", par.info.name,
                         program.schema.fields[*par.by_field].name, p.key);
    }
    case ProblemKind::Overflow: return "an amount is too large to compute exactly";
    case ProblemKind::DivisionByZero: return "division by zero";
    case ProblemKind::NotMoney: return "the contribution is not an amount of money";
  }
  return "?";
}

}  // namespace jaring

// Why an expression had no value while one record was decided: a kind, the source span of the
// expression that met it, and what it was about. Decisions keep it with the reason it caused
// (RuleRef::problem) and show its message as the reason's detail.
#pragma once

#include <cstdint>
#include <string>

#include "engine/base/date.hpp"
#include "engine/base/i18n.hpp"
#include "engine/base/source.hpp"

namespace jaring {

struct Program;

enum class ProblemKind : std::uint8_t {
  MissingField,  // `subject` is the field's slot
  NoDatedValue,  // `subject` is the parameter; it has no value on the as-of date
  NoTableEntry,  // `subject` is the parameter; `key` the record's key it has no row for
  Overflow,      // an amount too large to compute exactly
  DivisionByZero,
  NotMoney,  // a contribution that is not an amount of money
  Negative,  // a contribution below zero; `key` is the amount as the language writes it
};

struct EvalProblem {
  ProblemKind kind = ProblemKind::MissingField;
  Span span;                  // the expression (or rule) that met it
  std::uint32_t subject = 0;  // by kind: a field slot or a parameter index
  std::string key;            // NoTableEntry: the key as the language writes it; Negative: the amount
};

// One sentence, lowercase (`field `village` is missing`), to say in any language.
Message describe(const EvalProblem& p, const Program& program, Day as_of);

}  // namespace jaring

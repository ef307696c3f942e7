// The registry of diagnostic codes: every stable kebab-case code a drafter can see, with what
// it means. A DiagCode can only be made from a registered code: a string literal is checked
// at compile time, any other text at run time (an unregistered one is an internal error).
// A test checks that every code here has a golden case under tests/golden/.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace jaring {

// X(code, meaning)
#define JARING_DIAGNOSTIC_CODES(X)                                                                                   \
  X("amend-without-base", "`amend`, `add` or `remove` in a policy that amends nothing")                              \
  X("arity", "a function called with the wrong number of arguments")                                                 \
  X("bare-decimal", "a decimal number without a unit (`1.5`); the language has none")                                \
  X("budget-outside-validity", "a budget for a year the policy is never valid in (warning)")                         \
  X("circular-amends", "a policy amends itself, directly or through others")                                         \
  X("circular-let", "a `let` or parameter defined in terms of itself")                                               \
  X("circular-use", "a policy uses itself, directly or through others")                                              \
  X("conflicting-expectations", "a test expects two things that cannot both hold")                                   \
  X("constraint-type", "a field constraint that does not apply to the field's type")                                 \
  X("date-format", "a date written day/month/year instead of YYYY-MM-DD")                                            \
  X("default-breaks-constraint", "a field's default outside the field's own constraint")                             \
  X("duplicate-header", "a header line (`policy`, `region`, `valid`, ...) written twice")                            \
  X("duplicate-item", "the same item twice in one list")                                                             \
  X("duplicate-name", "two declarations with one name")                                                              \
  X("duplicate-part", "a programme part (employer, worker) written twice in one scheme")                             \
  X("duplicate-scheme", "a scheme written twice in one programme")                                                   \
  X("empty-period", "a period whose end is before its start")                                                        \
  X("empty-range", "a `between` whose lower bound is above its upper bound (warning)")                               \
  X("group-outside-policy", "a group valid outside the policy's own period")                                         \
  X("group-without-payer", "a group nobody pays for")                                                                \
  X("group-without-programme", "a group covered by no programme")                                                    \
  X("impossible-constraint", "a field constraint no value can meet")                                                 \
  X("inexact-division", "a division whose result is not exact where it must be")                                     \
  X("invalid-count", "a test's `others N` or `rank N` below 1 or above 1.000.000")                                   \
  X("invalid-date", "a date that is not in the calendar")                                                            \
  X("invalid-quota", "a quota that is not a positive whole number")                                                  \
  X("invalid-share", "a payer share outside 0 %..100 %")                                                             \
  X("invalid-utf8", "a policy file that is not valid UTF-8")                                                         \
  X("invalid-year", "a budget year outside the calendar the engine counts")                                          \
  X("malformed-money", "an amount of money not written as `Rp 1.000.000[,50]`")                                      \
  X("malformed-number", "a number not written as a whole number or a region code")                                   \
  X("malformed-region", "a region code not written as `PP.KK[.CC[.VVVV]]`")                                          \
  X("missing-condition", "a group or requirement without its condition")                                             \
  X("missing-expectation", "a test that expects nothing")                                                            \
  X("missing-policy-name", "a policy file without `policy \"...\"`")                                                 \
  X("missing-scheme", "a group whose scheme some programme does not define")                                         \
  X("missing-share", "payers sharing a cost without every share given")                                              \
  X("missing-validity", "a policy without its `valid` period")                                                       \
  X("money-times-money", "money multiplied by money")                                                                \
  X("money-too-large", "an amount of money beyond what the engine counts exactly")                                   \
  X("not-constant", "a record field or function where only a constant is allowed")                                   \
  X("nul-byte", "a NUL byte in a policy file")                                                                       \
  X("number-too-large", "a whole number beyond 64 bits")                                                             \
  X("overlapping-groups", "two groups that can match one record with no priority between them (warning)")            \
  X("overlapping-payers", "two payer lines of one group valid on the same day")                                      \
  X("parameter-order", "the dated values of a parameter not in date order")                                          \
  X("parameter-overlap", "two dated values of a parameter valid on the same day")                                    \
  X("payer-gap", "days of a group's period on which no payer line pays")                                             \
  X("payer-without-budget", "a payer with budgets that pays in a year it has none for (warning)")                    \
  X("percent-precision", "a percentage finer than a millionth")                                                      \
  X("redundant-optional", "a field marked optional that also has a default (warning)")                               \
  X("region-name-mismatch", "a `region` name other than Kemendagri's name for its code (warning)")                   \
  X("shares-not-100", "payer shares that do not add up to 100 %")                                                    \
  X("slow-policy", "a policy the fast lane does not take: the generic runtime decides it, many times slower (note)") \
  X("syntax", "text the grammar does not accept")                                                                    \
  X("table-without-key", "a parameter table not keyed by a record field")                                            \
  X("too-deep", "an expression nested or chained deeper than the language allows")                                   \
  X("type-mismatch", "a value of the wrong type")                                                                    \
  X("unknown-amend-target", "an `amend` naming something the amended policy does not have")                          \
  X("unknown-field", "a name that is no field, let, parameter or `as_of`")                                           \
  X("unknown-function", "a call of a function the language does not have")                                           \
  X("unknown-group", "a name that is no group")                                                                      \
  X("unknown-level", "a region level other than province, regency, district or village")                             \
  X("unknown-payer", "a name that is no payer")                                                                      \
  X("unknown-policy", "a `use` or `amends` naming a file that cannot be found")                                      \
  X("unknown-programme", "a name that is no programme")                                                              \
  X("unknown-quota", "a group counting against a shared quota that is not declared")                                 \
  X("unknown-region", "a region code not in the Kemendagri list")                                                    \
  X("unknown-remove-target", "a `remove` naming something the amended policy does not have")                         \
  X("unknown-requirement", "a name that is no requirement")                                                          \
  X("unknown-scheme", "a scheme no programme defines")                                                               \
  X("unknown-type", "a type name the language does not have")                                                        \
  X("unpaid-part", "a programme part a payer line leaves unpaid")                                                    \
  X("unreadable-policy", "a policy file, or a file it uses, that cannot be read")                                    \
  X("unrounded-money", "an exact amount used as money without `round`, `floor` or `ceil`")                           \
  X("unused-quota", "a shared quota no group counts against (warning)")                                              \
  X("within-outside-region", "a `within` code outside the policy's own region (warning)")

struct DiagnosticCodeInfo {
  std::string_view code;
  std::string_view meaning;
};

#define JARING_DIAGNOSTIC_CODE_ENTRY(code, meaning) DiagnosticCodeInfo{code, meaning},
inline constexpr std::array diagnostic_codes = {JARING_DIAGNOSTIC_CODES(JARING_DIAGNOSTIC_CODE_ENTRY)};
#undef JARING_DIAGNOSTIC_CODE_ENTRY

// The registry's index of `code`, or diagnostic_codes.size(). (An index, not a pointer: GCC 12
// with -fsanitize=undefined cannot compare a pointer to an element with null in a constant
// expression, so DiagCode's consteval check must not.)
constexpr std::size_t diagnostic_code_index(std::string_view code) {
  std::size_t i = 0;
  while (i < diagnostic_codes.size() && diagnostic_codes[i].code != code) ++i;
  return i;
}

// The registry's entry for `code`, or null.
constexpr const DiagnosticCodeInfo* find_diagnostic_code(std::string_view code) {
  const std::size_t i = diagnostic_code_index(code);
  return i < diagnostic_codes.size() ? &diagnostic_codes[i] : nullptr;
}

constexpr bool is_diagnostic_code(std::string_view code) {
  return diagnostic_code_index(code) < diagnostic_codes.size();
}

// A registered diagnostic code.
class DiagCode {
 public:
  // From a literal: an unregistered code does not compile.
  consteval DiagCode(const char* code) : code_(code) {  // NOLINT(google-explicit-constructor)
    if (!is_diagnostic_code(code_)) throw "unregistered diagnostic code: add it to JARING_DIAGNOSTIC_CODES";
  }
  // From text made at run time; throws InternalError when it is not registered.
  static DiagCode of(std::string_view code);

  std::string_view text() const { return code_; }
  friend bool operator==(DiagCode a, std::string_view b) { return a.code_ == b; }

 private:
  struct Checked {};
  constexpr DiagCode(std::string_view code, Checked) : code_(code) {}
  std::string_view code_;
};

}  // namespace jaring

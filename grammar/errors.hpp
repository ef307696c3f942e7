// The one table of syntax error messages: error_message<Rule> for every rule used under
// `must`/`if_must`. `must_if` static_asserts that each raised rule has one, so a new error
// point without a message does not compile. Messages follow the house style: lowercase, one
// sentence, say what was expected.
#pragma once

#include "grammar/declarations.hpp"

namespace jaring::grammar {

struct errors {
  template <typename Rule>
  static constexpr const char* message = nullptr;
  // Only `must` raises; a rule with a message may still fail quietly inside `sor`/`opt`.
  template <typename Rule>
  static constexpr bool raise_on_failure = false;
};

template <typename Rule>
using control = tao::pegtl::must_if<errors>::control<Rule>;

// Rules that cannot fail still need an entry because `must` instantiates `raise` for them.
#define JARING_NEVER_FAILS(Rule) \
  template <>                    \
  inline constexpr const char* errors::message<Rule> = "internal: this rule cannot fail";
#define JARING_ERROR(Rule, text) \
  template <>                    \
  inline constexpr const char* errors::message<Rule> = text;

// clang-format off
JARING_NEVER_FAILS(seps)
JARING_NEVER_FAILS(opt_label)
JARING_NEVER_FAILS(opt_citation)
JARING_NEVER_FAILS(opt_amends)
JARING_NEVER_FAILS(opt_default)
JARING_NEVER_FAILS(opt_optional)
JARING_NEVER_FAILS(opt_constraint)
JARING_NEVER_FAILS(opt_level)
JARING_NEVER_FAILS(opt_let_type)
JARING_NEVER_FAILS(opt_by)
JARING_NEVER_FAILS(opt_until)
JARING_NEVER_FAILS(budget_defs)
JARING_NEVER_FAILS(opt_scheme)
JARING_NEVER_FAILS(opt_payer_period)
JARING_NEVER_FAILS(opt_amend_article)
JARING_NEVER_FAILS(opt_per)
JARING_NEVER_FAILS(opt_rank_order)
JARING_NEVER_FAILS(opt_rank)
JARING_NEVER_FAILS(citation_text)
JARING_NEVER_FAILS(string_body)


JARING_ERROR(string_close, "unterminated text: expected a closing `\"` on the same line")
JARING_ERROR(citation_close, "unterminated citation: expected `]` on the same line")
JARING_ERROR(paren_operand, "expected an expression after `(`")
JARING_ERROR(paren_close, "expected `)` to close the parenthesis")
JARING_ERROR(set_close, "expected `,` or `]` in the set")
JARING_ERROR(set_element, "expected a set element after `,`")
JARING_ERROR(call_close, "expected `,` or `)` after the function argument")
JARING_ERROR(call_arg, "expected a function argument after `,`")
JARING_ERROR(unary_operand, "expected an operand after `-`")
JARING_ERROR(mul_operand, "expected an operand after `*` or `/`")
JARING_ERROR(add_operand, "expected an operand after `+` or `-`")
JARING_ERROR(cmp_operand, "expected a value to compare with")
JARING_ERROR(set_operand, "expected a set after `in`, such as `[\"a\", \"b\"]`")
JARING_ERROR(between_low, "expected the lower bound after `between`")
JARING_ERROR(between_and, "expected `and` between the bounds of `between`")
JARING_ERROR(between_high, "expected the upper bound after `and`")
JARING_ERROR(region_operand, "expected a region code after `within`, such as `36.72`")
JARING_ERROR(not_operand, "expected a condition after `not`")
JARING_ERROR(and_operand, "expected a condition after `and`")
JARING_ERROR(or_operand, "expected a condition after `or`")
JARING_ERROR(if_condition, "expected a condition after `if`")
JARING_ERROR(if_then, "expected `then` after the condition of `if`")
JARING_ERROR(then_value, "expected a value after `then`")
JARING_ERROR(if_else, "expected `else`: an `if` expression needs both branches")
JARING_ERROR(else_value, "expected a value after `else`")

JARING_ERROR(open_brace, "expected `{`")
JARING_ERROR(close_brace, "expected `}` or another item of this block")
JARING_ERROR(equals, "expected `=`")
JARING_ERROR(colon, "expected `:`")
JARING_ERROR(period_dots, "expected `..` between the two dates of a period")
JARING_ERROR(period_end, "expected the end date of the period, such as `2024-12-31`")
JARING_ERROR(decl_name, "expected a name (letters, digits and `_`, not a keyword)")
JARING_ERROR(policy_name, "expected the policy's name in double quotes")
JARING_ERROR(amends_target, "expected the amended policy's file in double quotes, such as `\"cilegon-2024.policy\"`")
JARING_ERROR(region_code, "expected a region code, such as `36.72`")
JARING_ERROR(region_name, "expected the region's name in double quotes")
JARING_ERROR(basis_text, "expected the legal basis in double quotes")
JARING_ERROR(valid_period, "expected a period, such as `2024-01-01 .. 2024-12-31`")
JARING_ERROR(validity, "expected a period, such as `2024-01-01 .. 2024-12-31`, or `since 2026-01-01` for no end")
JARING_ERROR(valid_since_date, "expected the first day of validity after `since`, such as `2026-01-01`")
JARING_ERROR(use_path, "expected a policy path, such as `national/bpjstk`")
JARING_ERROR(field_type, "expected a type: text, int, money, percent, date, bool, region or nik")
JARING_ERROR(constraint_low, "expected the lowest allowed value after `between`")
JARING_ERROR(constraint_high, "expected the highest allowed value after `and`")
JARING_ERROR(allowed_values, "expected the allowed values in brackets after `in`, such as `[\"aktif\", \"nonaktif\"]`")
JARING_ERROR(within_area, "expected a region code after `within`, such as `63.10`")
JARING_ERROR(level_name, "expected a level after `level`: province, regency, district or village")
JARING_ERROR(field_default_value, "expected a default value after `=`")
JARING_ERROR(let_value, "expected a value after `=`")
JARING_ERROR(by_field, "expected the record field the table is keyed by")
JARING_ERROR(table_entries, "expected a table entry such as `1: 0,24%`")
JARING_ERROR(table_value, "expected a value after `:`")
JARING_ERROR(since_date, "expected a date, such as `2024-01-01`")
JARING_ERROR(until_date, "expected a date, such as `2024-12-31`")
JARING_ERROR(param_body, "expected a value or a `{ key: value }` table after `=`")
JARING_ERROR(param_values, "expected `since DATE = value` for the parameter")
JARING_ERROR(part_defs, "expected `employer = ...` or `worker = ...`")
JARING_ERROR(part_value, "expected the part's amount after `=`")
JARING_ERROR(scheme_name, "expected a scheme name, such as `PU` or `BPU`")
JARING_ERROR(contribution_value, "expected the contribution amount after `=`")
JARING_ERROR(programme_items, "expected `contribution = ...` or `scheme NAME: ...` for the programme")
JARING_ERROR(budget_year, "expected a budget year, such as `2024`")
JARING_ERROR(budget_amount, "expected the budget amount after `=`")
JARING_ERROR(require_condition, "expected the requirement's condition")
JARING_ERROR(when_condition, "expected the group's condition after `when`")
JARING_ERROR(programme_refs, "expected a programme name, such as `JKK`")
JARING_ERROR(scheme_ref, "expected a scheme name after `as`, such as `BPU`")
JARING_ERROR(payer_shares, "expected a payer name")
JARING_ERROR(of_field, "expected the record field that selects the payer's account")
JARING_ERROR(for_part, "expected `employer` or `worker` after `for`")
JARING_ERROR(quota_count, "expected the quota as a whole number, such as `1.528`")
JARING_ERROR(quota_value, "expected the quota as a whole number, such as `1.528`, or the name of a shared `quota`")
JARING_ERROR(quota_spec, "expected the quota as a whole number, such as `1.528`")
JARING_ERROR(others_blocks, "expected `others N { field: value, ... }`")
JARING_ERROR(others_open, "expected `{` after the number of other records: write the values they differ in, such as `others 2 { registered_on: 2024-01-01 }`, or `{ }` when they are the same")
JARING_ERROR(others_count, "expected how many other records, such as `others 1.528 { registered_on: 2024-01-01 }`")
JARING_ERROR(expect_rank_value, "expected the rank as a whole number, such as `rank 1.529`")
JARING_ERROR(per_field, "expected the record field after `per`, such as `village`")
JARING_ERROR(rank_by, "expected `by` after `rank`")
JARING_ERROR(rank_key, "expected the ranking value after `rank by`")
JARING_ERROR(waived_refs, "expected the name of a requirement to waive")
JARING_ERROR(priority_value, "expected the priority as a whole number")
JARING_ERROR(test_name, "expected the test's description in double quotes")
JARING_ERROR(test_on, "expected `on DATE` after the test's description")
JARING_ERROR(test_date, "expected the test's date, such as `2024-08-01`")
JARING_ERROR(given_block, "expected `given { field: value, ... }` at the start of the test")
JARING_ERROR(given_body, "expected `field: value` or `}`")
JARING_ERROR(given_entries, "expected `field: value`")
JARING_ERROR(given_value, "expected a value after `:`")
JARING_ERROR(given_entry, "expected `field: value` after `,`")
JARING_ERROR(part_def, "expected `employer = ...` or `worker = ...` after `,`")
JARING_ERROR(payer_share, "expected a payer name after `,`")
JARING_ERROR(programme_ref, "expected a programme name after `,`")
JARING_ERROR(table_entry, "expected a table entry such as `2: 0,54%` after `,`")
JARING_ERROR(waived_ref, "expected a requirement name after `,`")
JARING_ERROR(expect_ref, "expected a name")
JARING_ERROR(expect_refs, "expected a name")
JARING_ERROR(expect_payers, "expected a payer, such as `apbd_kota` or `apbd_kota = Rp 8.400`")
JARING_ERROR(expect_items, "expected `eligible`, `not eligible`, `waitlisted`, `rejected`, `group`, `scheme`, `paid_by`, `because`, `contribution` or `rank`")
JARING_ERROR(expect_amounts, "expected `PROGRAMME = amount`, such as `JKK = Rp 10.000`")
JARING_ERROR(amount_value, "expected an amount after `=`, such as `Rp 10.000`")
JARING_ERROR(amend_target, "expected what to amend: `group`, `parameter`, `require`, `payer`, `programme` or `quota`")
JARING_ERROR(amend_payer_budgets, "expected `budget YEAR = amount`")
JARING_ERROR(add_target, "expected a declaration to add: `group`, `require`, `parameter`, `programme`, `payer`, `let` or `quota`")
JARING_ERROR(remove_kind, "expected what to remove: `group`, `require`, `parameter`, `programme`, `payer`, `let` or `quota`")
JARING_ERROR(record_body, "expected a field such as `name : text`, or `}`")
JARING_ERROR(group_body, "expected a group item (`when`, `covers`, `paid_by`, `quota`, `waive`, `require`, `priority`, `valid`) or `}`")
JARING_ERROR(test_body, "expected `others N { ... }`, `expect ...` or `}`")
JARING_ERROR(end_of_file, "expected a declaration: `policy`, `region`, `basis`, `valid`, `use`, `record`, `let`, `parameter`, `programme`, `payer`, `require`, `group`, `quota`, `test`, `amend`, `add` or `remove`")
// clang-format on

#undef JARING_ERROR
#undef JARING_NEVER_FAILS

}  // namespace jaring::grammar

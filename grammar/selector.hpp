// Which grammar rules become parse-tree nodes. Every selected node keeps its content (byte
// span); single-child chains are folded when the AST is built (engine/cst_to_ast.cpp).
#pragma once

#include <tao/pegtl/contrib/parse_tree.hpp>

#include "grammar/declarations.hpp"

namespace jaring::grammar {

// clang-format off
template <typename Rule>
using selector = tao::pegtl::parse_tree::selector<Rule,
  tao::pegtl::parse_tree::store_content::on<
    // expressions
    paren_expr, set_lit, call, function_name, money, date, percent, number, string_lit, true_lit, false_lit,
    name, negate, op_mul, op_div, op_add, op_sub, op_eq, op_ne, op_le, op_ge, op_lt, op_gt,
    multiplicative, additive, comparison, cmp_tail, in_tail, not_in_tail, between_tail, within_tail,
    not_expr, and_expr, or_expr, if_expr,
    // declarations
    label, citation, citation_text, period, decl_name, policy_decl, amends_target, region_decl, basis_decl, valid_decl,
    use_decl, use_path, record_decl, field_decl, field_name, field_type, optional_flag, field_default, between_constraint, in_constraint, within_constraint,
    level_constraint, level_name, let_decl,
    parameter_decl, by_field, table, table_entry, table_key, param_value, since_date, until_date,
    programme_decl, contribution_def, scheme_def, scheme_name, part_def, part_name, key_employer, key_worker,
    payer_decl, budget_def, budget_year, require_decl, group_decl, when_item, covers_item, programme_ref, scheme_ref,
    paid_by_item, payer_share, payer_ref, share, of_field, for_part, during_clause, since_clause, until_only_clause,
    quota_item, quota_count, quota_spec, shared_quota_ref, quota_decl, amend_quota, others_block, others_count, expect_rank, expect_rank_value, per_field, rank_clause, rank_asc, rank_desc, waive_item, waived_ref, priority_item, group_valid_item,
    valid_since_date, amend_article, expect_payer_amount,
    test_decl, test_name, test_date, given_entry, given_field, expect_line, expect_not_eligible, expect_eligible,
    expect_waitlisted, expect_rejected, expect_group, expect_scheme, expect_paid_by, expect_because, expect_ref, expect_amount,
    amount_name, expect_contribution, amend_decl, amend_group, amend_parameter, amend_require, amend_payer,
    amend_programme, add_decl, remove_decl, remove_kind, key_group, key_require, key_parameter, key_programme,
    key_payer, key_let, key_quota>>;
// clang-format on

}  // namespace jaring::grammar

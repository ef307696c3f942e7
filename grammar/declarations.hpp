// Declarations of a policy file (see README "The language"):
//   file := declaration* ; each declaration starts with a keyword that commits to it.
// Header: policy, region, basis, valid, use. Body: record, let, parameter, programme, payer,
// require, group, test. Amendments: amend, add, remove.
#pragma once

#include "grammar/expression.hpp"

namespace jaring::grammar {

// clang-format off
struct open_brace : one< '{' > {};
struct close_brace : one< '}' > {};
struct equals : seq< one< '=' >, not_at< one< '=' > > > {};
struct colon : one< ':' > {};
struct period_dots : string< '.', '.' > {};
struct period_start : seq< date > {};
struct period_end : seq< date > {};
struct period : seq< period_start, seps, must< period_dots >, seps, must< period_end > > {};
struct decl_name : seq< identifier > {};
struct opt_label : opt< seps, label > {};
struct opt_citation : opt< seps, citation > {};

// Header
struct policy_name : seq< string_lit > {};
struct amends_target : seq< string_lit > {};
struct amends_clause : if_must< seq< seps, key_amends >, seps, amends_target > {};
struct opt_amends : opt< amends_clause > {};
struct policy_decl : if_must< key_policy, seps, policy_name, opt_amends > {};
struct region_code : seq< number > {};
struct region_name : seq< string_lit > {};
struct region_decl : if_must< key_region, seps, region_code, seps, region_name > {};
struct basis_text : seq< string_lit > {};
struct basis_decl : if_must< key_basis, seps, basis_text > {};
struct valid_period : seq< period > {};
struct valid_since_date : seq< date > {};
struct valid_since : if_must< key_since, seps, valid_since_date > {};
struct validity : sor< valid_since, period > {};  // `D1 .. D2`, or open-ended `since D`
struct valid_decl : if_must< key_valid, seps, validity > {};
struct use_path : sor< string_lit, seq< word, star< one< '/', '-', '.' >, plus< ident_other > > > > {};
struct use_decl : if_must< key_use, seps, use_path > {};

// record NAME { field : type [constraint] [optional] [= default] ... }
// constraint := between LOW and HIGH | in [v, ...] | within AREA [level NAME] | level NAME
struct field_name : seq< identifier > {};
struct field_type : seq< type_name > {};
struct optional_flag : seq< key_optional > {};
struct field_default_value : seq< expression > {};
struct field_default : if_must< seq< seps, equals >, seps, field_default_value > {};
struct opt_default : opt< field_default > {};
struct opt_optional : opt< seps, optional_flag > {};
struct constraint_low : seq< additive > {};
struct constraint_high : seq< additive > {};
struct between_constraint : if_must< key_between, seps, constraint_low, seps, between_and, seps, constraint_high > {};
struct allowed_values : seq< set_lit > {};
struct in_constraint : if_must< key_in, seps, allowed_values > {};
struct level_name : seq< identifier > {};
struct level_constraint : if_must< key_level, seps, level_name > {};
struct within_area : seq< additive > {};
struct opt_level : opt< seps, level_constraint > {};
struct within_constraint : if_must< key_within, seps, within_area, opt_level > {};
struct field_constraint : sor< between_constraint, in_constraint, within_constraint, level_constraint > {};
struct opt_constraint : opt< seps, field_constraint > {};
struct field_decl : if_must< field_name, seps, colon, seps, field_type, opt_constraint, opt_optional, opt_default > {};
struct record_body : seq< star< field_decl, seps >, must< close_brace > > {};
struct record_decl : if_must< key_record, seps, decl_name, seps, open_brace, seps, record_body > {};

// let NAME [: type] = expression
struct let_type : if_must< seq< seps, colon >, seps, field_type > {};
struct opt_let_type : opt< let_type > {};
struct let_value : seq< expression > {};
struct let_decl : if_must< key_let, seps, decl_name, opt_let_type, seps, equals, seps, let_value > {};

// parameter NAME ["label"] : type [by FIELD] [citation]  (since DATE = value [until DATE])+
struct by_field : seq< identifier > {};
struct by_clause : if_must< seq< seps, key_by >, seps, by_field > {};
struct opt_by : opt< by_clause > {};
struct table_key : sor< number, string_lit, identifier > {};
struct table_value : seq< expression > {};
struct table_entry : if_must< table_key, seps, colon, seps, table_value > {};
struct table_entries : list_must< table_entry, comma > {};
struct table : if_must< open_brace, seps, table_entries, seps, close_brace > {};
struct param_body : sor< table, expression > {};
struct since_date : seq< date > {};
struct until_date : seq< date > {};
struct until_clause : if_must< seq< seps, key_until >, seps, until_date > {};
struct opt_until : opt< until_clause > {};
struct param_value : if_must< key_since, seps, since_date, seps, equals, seps, param_body, opt_until > {};
struct param_values : seq< seps, param_value, star< seps, param_value > > {};
struct parameter_decl : if_must< key_parameter, seps, decl_name, opt_label, seps, colon, seps, field_type, opt_by, opt_citation, param_values > {};

// programme NAME ["label"] [citation]  (contribution = e | scheme S: part = e, ...)+
struct part_name : sor< key_employer, key_worker > {};
struct part_value : seq< expression > {};
struct part_def : if_must< part_name, seps, equals, seps, part_value > {};
struct part_defs : list_must< part_def, comma > {};
struct scheme_name : seq< identifier > {};
struct scheme_def : if_must< key_scheme, seps, scheme_name, seps, colon, seps, part_defs > {};
struct contribution_value : seq< expression > {};
struct contribution_def : if_must< key_contribution, seps, equals, seps, contribution_value > {};
struct programme_item : sor< contribution_def, scheme_def > {};
struct programme_items : seq< seps, programme_item, star< seps, programme_item > > {};
struct programme_decl : if_must< key_programme, seps, decl_name, opt_label, opt_citation, programme_items > {};

// payer NAME ["label"] [citation] (budget YEAR = money)*
struct budget_year : seq< rep< 4, digit >, not_at< ident_other > > {};
struct budget_amount : seq< expression > {};
struct budget_def : if_must< key_budget, seps, budget_year, seps, equals, seps, budget_amount > {};
struct budget_defs : star< seps, budget_def > {};
struct payer_decl : if_must< key_payer, seps, decl_name, opt_label, opt_citation, budget_defs > {};

// require NAME ["label"] [citation] expression
struct require_condition : seq< expression > {};
struct require_decl : if_must< key_require, seps, decl_name, opt_label, opt_citation, seps, require_condition > {};

// group NAME ["label"] [citation] { item* }
struct when_condition : seq< expression > {};
struct when_item : if_must< key_when, seps, when_condition > {};
struct programme_ref : seq< identifier > {};
struct programme_refs : list_must< programme_ref, comma > {};
struct scheme_ref : seq< identifier > {};
struct scheme_clause : if_must< seq< seps, key_as >, seps, scheme_ref > {};
struct opt_scheme : opt< scheme_clause > {};
struct covers_item : if_must< key_covers, seps, programme_refs, opt_scheme > {};
struct payer_ref : seq< identifier > {};
struct share : seq< percent > {};
struct of_field : seq< identifier > {};
struct of_clause : if_must< seq< seps, key_of >, seps, of_field > {};
struct for_part : seq< part_name > {};
struct for_clause : if_must< seq< seps, key_for >, seps, for_part > {};
struct payer_share : seq< payer_ref, opt< seps, share >, opt< of_clause >, opt< for_clause > > {};
struct payer_shares : list_must< payer_share, comma > {};
struct during_clause : if_must< key_during, seps, valid_period > {};
struct since_clause : if_must< key_since, seps, since_date > {};
struct until_only_clause : if_must< key_until, seps, until_date > {};
struct payer_period : seq< seps, sor< during_clause, since_clause, until_only_clause > > {};
struct opt_payer_period : opt< payer_period > {};
struct paid_by_item : if_must< key_paid_by, seps, payer_shares, opt_payer_period > {};
struct quota_count : seq< number > {};
struct per_field : seq< identifier > {};
struct per_clause : if_must< seq< seps, key_per >, seps, per_field > {};
struct opt_per : opt< per_clause > {};
struct rank_by : seq< key_by > {};
struct rank_key : seq< expression > {};
struct rank_asc : seq< key_asc > {};
struct rank_desc : seq< key_desc > {};
struct rank_order : seq< seps, sor< rank_asc, rank_desc > > {};
struct opt_rank_order : opt< rank_order > {};
struct rank_clause : if_must< seq< seps, key_rank >, seps, rank_by, seps, rank_key, opt_rank_order > {};
struct opt_rank : opt< rank_clause > {};
// `quota 1.528 per village rank by registered_on`, or `quota NAME`: a quota shared with other groups.
struct quota_spec : seq< quota_count, opt_per, opt_rank > {};
struct shared_quota_ref : seq< identifier > {};
struct quota_value : sor< quota_spec, shared_quota_ref > {};
struct quota_item : if_must< key_quota, seps, quota_value > {};
struct waived_ref : seq< identifier > {};
struct waived_refs : list_must< waived_ref, comma > {};
struct waive_item : if_must< key_waive, seps, waived_refs > {};
struct priority_value : seq< number > {};
struct priority_item : if_must< key_priority, seps, priority_value > {};
struct group_valid_item : if_must< key_valid, seps, validity > {};
struct group_item : sor< when_item, covers_item, paid_by_item, quota_item, waive_item, require_decl, priority_item, group_valid_item > {};
struct group_body : seq< star< group_item, seps >, must< close_brace > > {};
struct group_decl : if_must< key_group, seps, decl_name, opt_label, opt_citation, seps, open_brace, seps, group_body > {};

// quota NAME ["label"] [citation] COUNT [per FIELD] [rank by EXPR [asc|desc]]: places shared
// by every group that names it (`quota NAME` in the group).
struct quota_decl : if_must< key_quota, seps, decl_name, opt_label, opt_citation, seps, quota_spec > {};

// test "description" on DATE { given { field: value, ... } expect ... }
struct test_name : seq< string_lit > {};
struct test_on : seq< key_on > {};
struct test_date : seq< date > {};
struct given_field : seq< field_name > {};
struct given_value : seq< expression > {};
struct given_entry : if_must< given_field, seps, colon, seps, given_value > {};
struct given_entries : list_must< given_entry, comma > {};
struct given_body : sor< close_brace, seq< given_entries, seps, must< close_brace > > > {};
struct given_block : if_must< key_given, seps, open_brace, seps, given_body > {};
// `others 1.528 { registered_on: 2024-01-01 }`: that many more records like the given one, with
// these values changed, decided and allocated with it (for quotas, ranks and budgets).
struct others_count : seq< number > {};
struct others_open : one< '{' > {};  // its own error: the block of values is not optional
struct others_block : if_must< key_others, seps, others_count, seps, others_open, seps, given_body > {};
struct others_blocks : star< others_block, seps > {};
struct expect_not_eligible : seq< key_not, seps, key_eligible > {};
struct expect_eligible : seq< key_eligible > {};
struct expect_waitlisted : seq< key_waitlisted > {};
struct expect_rejected : seq< key_rejected > {};
// A name; after `because` also the engine reasons that are keywords: `quota`/`kuota`, `budget`/`anggaran`.
struct expect_reason_keyword : sor< key_quota, key_budget > {};
struct expect_ref : sor< identifier, expect_reason_keyword > {};
struct expect_refs : list< expect_ref, comma > {};
struct expect_group : if_must< key_group, seps, expect_ref > {};
struct expect_scheme : if_must< key_scheme, seps, expect_ref > {};
struct expect_because : if_must< key_because, seps, expect_refs > {};
struct amount_name : seq< identifier > {};
struct amount_value : seq< expression > {};
struct expect_amount : if_must< amount_name, seps, equals, seps, amount_value > {};
struct expect_amounts : list< expect_amount, comma > {};
// `paid_by apbd_prov, apbd_kota` or, with each payer's monthly amount, `paid_by apbd_prov = Rp 8.400, …`.
struct expect_payer_amount : if_must< seq< seps, equals >, seps, amount_value > {};
struct expect_payer : seq< expect_ref, opt< expect_payer_amount > > {};
struct expect_payers : list< expect_payer, comma > {};
struct expect_paid_by : if_must< key_paid_by, seps, expect_payers > {};
struct expect_contribution : if_must< key_contribution, seps, expect_amounts > {};
struct expect_rank_value : seq< number > {};
struct expect_rank : if_must< key_rank, seps, expect_rank_value > {};
struct expect_item : sor< expect_not_eligible, expect_eligible, expect_waitlisted, expect_rejected, expect_group, expect_scheme, expect_paid_by, expect_because, expect_contribution, expect_rank > {};
struct expect_sep : seq< seps, opt< one< ',' >, seps > > {};
struct expect_items : seq< expect_item, star< expect_sep, expect_item > > {};
struct expect_line : if_must< key_expect, seps, expect_items > {};
struct test_body : seq< star< expect_line, seps >, must< close_brace > > {};
struct test_decl : if_must< key_test, seps, test_name, seps, test_on, seps, test_date, seps, open_brace, seps, given_block, seps, others_blocks, test_body > {};

// Amendments
struct amend_group : if_must< key_group, seps, decl_name, seps, open_brace, seps, group_body > {};
struct amend_parameter : if_must< key_parameter, seps, decl_name, param_values > {};
struct amend_require : if_must< key_require, seps, decl_name, opt_label, opt_citation, seps, require_condition > {};
struct amend_payer_budgets : seq< seps, budget_def, star< seps, budget_def > > {};
struct amend_payer : if_must< key_payer, seps, decl_name, amend_payer_budgets > {};
struct amend_programme : if_must< key_programme, seps, decl_name, programme_items > {};
struct amend_quota : if_must< key_quota, seps, decl_name, seps, quota_spec > {};
struct amend_target : sor< amend_group, amend_parameter, amend_require, amend_payer, amend_programme, amend_quota > {};
// The amending regulation's article, right after the verb: `amend [Pasal I angka 2] group …`.
struct amend_article : seq< citation > {};
struct opt_amend_article : opt< amend_article, seps > {};
struct amend_decl : if_must< key_amend, seps, opt_amend_article, amend_target > {};
struct add_target : sor< group_decl, require_decl, parameter_decl, programme_decl, payer_decl, let_decl, quota_decl > {};
struct add_decl : if_must< key_add, seps, opt_amend_article, add_target > {};
struct remove_kind : sor< key_group, key_require, key_parameter, key_programme, key_payer, key_let, key_quota > {};
struct remove_decl : if_must< key_remove, seps, opt_amend_article, remove_kind, seps, decl_name > {};

struct declaration : sor< policy_decl, region_decl, basis_decl, valid_decl, use_decl, record_decl, let_decl,
                          parameter_decl, programme_decl, payer_decl, require_decl, group_decl, quota_decl,
                          test_decl, amend_decl, add_decl, remove_decl > {};
struct end_of_file : eof {};
struct file : seq< opt< utf8::bom >, seps, star< declaration, seps >, must< end_of_file > > {};
// clang-format on

}  // namespace jaring::grammar

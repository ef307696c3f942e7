// Expressions, loosest to tightest:
//   expression  := if_expr | or_expr
//   if_expr     := `if` expression `then` expression `else` expression
//   or_expr     := and_expr (`or` and_expr)*
//   and_expr    := not_expr (`and` not_expr)*
//   not_expr    := `not` not_expr | comparison
//   comparison  := additive [cmp_op additive | [`not`] `in` additive
//                            | `between` additive `and` additive | `within` additive]
//   additive    := multiplicative ((`+`|`-`) multiplicative)*
//   multiplicative := unary ((`*`|`/`) unary)*
//   unary       := `-` unary | primary
//   primary     := `(` expression `)` | set | call | literal | name
// Recursion through `expression`, `not_expr` and `unary` is bounded by a depth limit (parse.cpp).
#pragma once

#include "grammar/lexical.hpp"

namespace jaring::grammar {

// clang-format off
struct expression;

struct paren_close : one< ')' > {};
struct paren_operand : seq< expression > {};
struct paren_expr : if_must< one< '(' >, seps, paren_operand, seps, paren_close > {};

struct set_close : one< ']' > {};
struct set_element : seq< expression > {};
struct set_elements : list_must< set_element, comma > {};
struct set_lit : seq< one< '[' >, seps, sor< set_close, seq< set_elements, seps, must< set_close > > > > {};

struct call_close : one< ')' > {};
struct call_arg : seq< expression > {};
struct call_args : list_must< call_arg, comma > {};
struct function_name : seq< identifier > {};
struct call : seq< function_name, one< '(' >, seps, sor< call_close, seq< call_args, seps, must< call_close > > > > {};

struct true_lit : seq< key_true > {};
struct false_lit : seq< key_false > {};
struct literal : sor< money, date, percent, number, string_lit, true_lit, false_lit > {};
struct name : seq< identifier > {};
struct primary : sor< paren_expr, set_lit, call, literal, name > {};

struct unary_operand;
struct negate : if_must< one< '-' >, seps, unary_operand > {};
struct unary : sor< negate, primary > {};
struct unary_operand : seq< unary > {};

struct op_mul : one< '*' > {};
struct op_div : one< '/' > {};
struct mul_operand : seq< unary > {};
struct multiplicative : seq< unary, star< if_must< seq< seps, sor< op_mul, op_div > >, seps, mul_operand > > > {};

struct op_add : one< '+' > {};
struct op_sub : one< '-' > {};
struct add_operand : seq< multiplicative > {};
struct additive : seq< multiplicative, star< if_must< seq< seps, sor< op_add, op_sub > >, seps, add_operand > > > {};

struct op_eq : string< '=', '=' > {};
struct op_ne : string< '!', '=' > {};
struct op_le : string< '<', '=' > {};
struct op_ge : string< '>', '=' > {};
struct op_lt : one< '<' > {};
struct op_gt : one< '>' > {};
struct cmp_op : sor< op_eq, op_ne, op_le, op_ge, op_lt, op_gt > {};
struct cmp_operand : seq< additive > {};
struct cmp_tail : if_must< cmp_op, seps, cmp_operand > {};
struct set_operand : seq< additive > {};
struct in_tail : if_must< key_in, seps, set_operand > {};
struct not_in_tail : if_must< seq< key_not, seps, key_in >, seps, set_operand > {};
struct between_low : seq< additive > {};
struct between_and : seq< key_and > {};
struct between_high : seq< additive > {};
struct between_tail : if_must< key_between, seps, between_low, seps, between_and, seps, between_high > {};
struct region_operand : seq< additive > {};
struct within_tail : if_must< key_within, seps, region_operand > {};
struct comparison_tail : sor< cmp_tail, in_tail, not_in_tail, between_tail, within_tail > {};
struct comparison : seq< additive, opt< seps, comparison_tail > > {};

struct not_operand;
struct not_expr : sor< if_must< key_not, seps, not_operand >, comparison > {};
struct not_operand : seq< not_expr > {};

struct and_operand : seq< not_expr > {};
struct and_expr : seq< not_expr, star< if_must< seq< seps, key_and >, seps, and_operand > > > {};
struct or_operand : seq< and_expr > {};
struct or_expr : seq< and_expr, star< if_must< seq< seps, key_or >, seps, or_operand > > > {};

struct if_condition : seq< expression > {};
struct if_then : seq< key_then > {};
struct then_value : seq< expression > {};
struct if_else : seq< key_else > {};
struct else_value : seq< expression > {};
struct if_expr : if_must< key_if, seps, if_condition, seps, if_then, seps, then_value, seps, if_else, seps, else_value > {};

struct expression : sor< if_expr, or_expr > {};
// clang-format on

}  // namespace jaring::grammar

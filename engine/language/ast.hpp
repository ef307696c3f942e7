// The typed AST of one policy file. Every node carries the byte span it came from. Literals
// are decoded here (money in sen, percent in millionths, dates as day numbers), so later
// stages never look at source text again.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/base/date.hpp"
#include "engine/base/source.hpp"

namespace jaring::ast {

enum class ExprKind {
  Int,      // int_value
  Money,    // int_value in sen
  Percent,  // int_value in millionths (1% = 10'000)
  Date,     // int_value as a day number
  Text,     // text
  Bool,     // int_value 0/1
  Region,   // text, canonical `PP.KK[.CC[.VVVV]]`
  Set,      // args = elements
  Name,     // text
  Call,     // text = function, args
  Negate,   // args[0]
  Binary,   // op, args[0], args[1]  (arithmetic, comparison, and/or)
  Not,      // args[0]
  In,       // args[0] in args[1]; negated for `not in`
  Between,  // args[0] between args[1] and args[2]
  Within,   // args[0] within args[1]
  If,       // if args[0] then args[1] else args[2]
};

enum class Op { Add, Sub, Mul, Div, Eq, Ne, Lt, Le, Gt, Ge, And, Or };

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  ExprKind kind = ExprKind::Int;
  Span span;
  std::int64_t int_value = 0;
  std::string text;
  Op op = Op::Add;
  bool negated = false;
  std::vector<ExprPtr> args;
};

ExprPtr clone(const Expr& e);

struct Ident {
  std::string name;
  Span span;
};

struct Text {
  std::string text;
  Span span;
};

struct DatedPeriod {
  Period period;
  Span span;
};

struct DateAt {
  Day day = 0;
  Span span;
};

enum class Part { Employer, Worker };

// What a field's value may be, beyond its type (checked when a record is read):
// `between low and high`, `in [values]`, `within area [level L]` or `level L`.
enum class ConstraintKind { Between, OneOf, Within, Level };

struct FieldConstraint {
  ConstraintKind kind = ConstraintKind::Between;
  ExprPtr low, high;           // Between
  ExprPtr values;              // OneOf: a set literal
  ExprPtr area;                // Within: a region code or a set of them
  std::optional<Ident> level;  // Within (optional) and Level
  Span span;
};

struct FieldDecl {
  Ident name;
  Ident type;  // validated by the checker
  bool optional = false;
  ExprPtr default_value;
  Span span;
  std::optional<FieldConstraint> constraint;
};

struct RecordDecl {
  Ident name;
  std::vector<FieldDecl> fields;
  Span span;
};

struct LetDecl {
  Ident name;
  std::optional<Ident> type;
  ExprPtr value;
  Span span;
};

struct TableEntry {
  ExprPtr key;  // Int or Text literal (a bare name is read as text)
  ExprPtr value;
  Span span;
};

struct ParamValue {
  DateAt since;
  std::optional<DateAt> until;
  ExprPtr value;                  // set unless is_table
  std::vector<TableEntry> table;  // set if is_table
  bool is_table = false;
  Span span;
};

struct ParameterDecl {
  Ident name;
  std::optional<Text> label;
  Ident type;
  std::optional<Ident> by;
  std::optional<Text> citation;
  std::vector<ParamValue> values;
  Span span;
};

struct PartDef {
  Part part = Part::Worker;
  ExprPtr value;
  Span span;
};

// The scheme of a `contribution = e` shorthand and of a group that names none: BPU (workers
// outside an employment relationship, the vulnerable workers regions pay for).
inline constexpr std::string_view default_scheme = "BPU";

// `contribution = e` is SchemeDef{scheme = default_scheme, parts = {worker = e}, shorthand = true}.
struct SchemeDef {
  Ident scheme;
  std::vector<PartDef> parts;
  bool shorthand = false;
  Span span;
};

struct ProgrammeDecl {
  Ident name;
  std::optional<Text> label;
  std::optional<Text> citation;
  std::vector<SchemeDef> schemes;
  Span span;
};

struct BudgetDef {
  int year = 0;
  Span year_span;
  ExprPtr amount;
  Span span;
};

struct PayerDecl {
  Ident name;
  std::optional<Text> label;
  std::optional<Text> citation;
  std::vector<BudgetDef> budgets;
  Span span;
};

struct RequireDecl {
  Ident name;
  std::optional<Text> label;
  std::optional<Text> citation;
  ExprPtr condition;
  Span span;
};

struct PayerShare {
  Ident payer;
  std::optional<std::int64_t> share;  // millionths; 50% = 500'000
  Span share_span;
  std::optional<Ident> of_field;
  std::optional<Part> for_part;
  Span span;
};

struct PaidBy {
  std::vector<PayerShare> shares;
  std::optional<Day> since;  // from `since` or `during`
  std::optional<Day> until;  // from `until` or `during`
  Span span;
};

struct Quota {
  std::optional<Ident> shared;  // `quota NAME` in a group: the shared quota it counts against; nothing else is set
  std::int64_t count = 0;
  Span count_span;
  std::optional<Ident> per;
  ExprPtr rank_by;
  bool descending = false;
  Span span;
};

// `quota NAME ["label"] [citation] COUNT ...`: places shared by the groups that name it.
struct QuotaDecl {
  Ident name;
  std::optional<Text> label;
  std::optional<Text> citation;
  Quota quota;
  Span span;
};

struct GroupDecl {
  Ident name;
  std::optional<Text> label;
  std::optional<Text> citation;
  ExprPtr when;
  std::vector<Ident> covers;
  bool has_covers = false;
  std::optional<Ident> scheme;
  std::vector<PaidBy> paid_by;
  std::optional<Quota> quota;
  std::vector<Ident> waives;
  std::vector<RequireDecl> requires_;
  std::optional<std::int64_t> priority;
  std::optional<DatedPeriod> valid;
  Span span;
};

// A group's scheme: the one it names, else the default scheme.
inline std::string scheme_of(const GroupDecl& g) { return g.scheme ? g.scheme->name : std::string(default_scheme); }

struct GivenField {
  Ident field;
  ExprPtr value;
  Span span;
};

enum class ExpectKind {
  Eligible,
  NotEligible,
  Waitlisted,
  Rejected,
  Group,
  Scheme,
  PaidBy,
  Because,
  Contribution,
  Rank
};

struct ExpectAmount {
  Ident name;  // a programme, or `total`
  ExprPtr amount;
  Span span;
};

struct Expectation {
  ExpectKind kind = ExpectKind::Eligible;
  std::vector<Ident> names;           // Group/Scheme: one; PaidBy/Because: several
  std::vector<ExpectAmount> amounts;  // Contribution; PaidBy: the payers given an amount
  std::int64_t rank = 0;              // Rank
  Span span;
};

// `others 1.528 { registered_on: 2024-01-01 }`: `count` more records like the test's, with
// `changed` values, decided and allocated together with it.
struct OthersDecl {
  std::int64_t count = 0;
  Span count_span;
  std::vector<GivenField> changed;
  Span span;
};

struct TestDecl {
  Text name;
  DateAt on;
  std::vector<GivenField> given;
  std::vector<OthersDecl> others;
  std::vector<Expectation> expects;
  Span span;
};

enum class DeclKind { Group, Require, Parameter, Programme, Payer, Let, Quota };

struct AmendDecl {
  DeclKind target = DeclKind::Group;
  Ident name;
  GroupDecl group;                 // Group: only the items written are set; they replace the base's
  std::vector<ParamValue> values;  // Parameter
  RequireDecl require;             // Require
  std::vector<BudgetDef> budgets;  // Payer
  std::vector<SchemeDef> schemes;  // Programme
  Quota quota;                     // Quota: replaces the shared quota's count, `per` and `rank by`
  Span span;
};

struct RemoveDecl {
  DeclKind target = DeclKind::Group;
  Ident name;
  Span span;
};

using Decl = std::variant<RecordDecl, LetDecl, ParameterDecl, ProgrammeDecl, PayerDecl, RequireDecl, GroupDecl,
                          QuotaDecl, TestDecl, AmendDecl, RemoveDecl>;

struct DeclEntry {
  Decl decl;
  bool added = false;           // written as `add ...` in an amendment
  std::optional<Text> article;  // of an `amend`/`add`/`remove`: the amending regulation's article
};

struct Header {
  std::optional<Text> name;
  std::optional<Text> amends;
  std::optional<Text> region_code;  // canonical code
  std::optional<Text> region_name;
  std::vector<Text> basis;
  std::optional<DatedPeriod> valid;
  std::vector<Text> uses;
};

struct PolicyFile {
  SourceId source = 0;
  Header header;
  std::vector<DeclEntry> decls;
};

// The names of declarations (for "did you mean").
template <typename T>
std::vector<std::string> names_of(const std::vector<T>& items) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(item.name.name);
  return out;
}

}  // namespace jaring::ast

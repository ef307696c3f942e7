// The executable form of a checked policy. Immutable after compile; shared by threads.
// Names are resolved to slots (record fields, lets, parameters); literals are Values; sets
// of text are hash sets. Evaluation state lives in an EvalContext (evaluate.hpp).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "engine/base/value.hpp"
#include "engine/runtime/record.hpp"

namespace jaring {

enum class NodeKind : std::uint8_t {
  Const,
  Field,
  Let,
  Param,
  AsOf,
  Call,
  Neg,
  Not,
  Add,
  Sub,
  Mul,
  Div,
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  And,
  Or,
  In,
  NotIn,
  Between,
  Within,
  If,
  SetOf,
};

struct Node {
  NodeKind kind = NodeKind::Const;
  std::uint32_t slot = 0;  // Field, Let, Param; Call: the function's index in builtins()
  Span span;               // the expression it was compiled from
  Value constant;          // Const
  std::vector<Node> kids;
  std::shared_ptr<const std::unordered_set<std::string>> text_set;  // In/NotIn over constant text
};

// A citation-carrying rule as it appears in decisions.
struct RuleInfo {
  std::string name;
  std::string label;
  std::string citation;
};

struct DatedValue {
  Day since = 0;
  std::optional<Day> until;
  std::optional<Node> value;          // a single value
  std::map<std::string, Node> table;  // keyed by the display form of the key
};

struct CParameter {
  RuleInfo info;
  ValueKind type = ValueKind::Money;  // as declared (`: percent by role`: Percent)
  std::optional<std::uint32_t> by_field;
  std::vector<DatedValue> values;  // ascending `since`
};

enum class PartKind : std::uint8_t { Employer, Worker };
const char* part_name(PartKind p);

struct CPart {
  PartKind part = PartKind::Worker;
  Node amount;
};

struct CProgramme {
  RuleInfo info;
  std::map<std::string, std::vector<CPart>> schemes;
};

struct CPayer {
  RuleInfo info;
  std::string budget_label;  // the waitlist reason when this payer's budget runs out
  std::string
      budget_label_en;  // the same in English             // the waitlist reason when this payer's budget runs out
  std::map<int, std::int64_t> budgets;  // year -> sen (per account when keyed)
};

struct CRequirement {
  RuleInfo info;
  Node condition;
};

struct CShare {
  std::uint32_t payer = 0;                // index into Program::payers
  std::int64_t share = 1'000'000;         // millionths
  std::optional<std::uint32_t> of_field;  // account key field
  std::optional<PartKind> for_part;       // nothing = every part
};

struct CPaidBy {
  Day since = INT32_MIN;
  Day until = INT32_MAX;
  std::vector<CShare> shares;
};

struct CQuota {
  std::optional<std::uint32_t> shared;  // index into Program::shared_quotas: places shared with other groups
  std::string citation;                 // the article the waitlist reason cites (the group's or the shared quota's)
  std::int64_t count = 0;
  std::optional<std::uint32_t> per_field;
  std::optional<Node> rank_by;
  bool descending = false;
};

struct CGroup {
  RuleInfo info;
  Node when;
  std::vector<std::uint32_t> programmes;
  std::string scheme;
  std::vector<CPaidBy> paid_by;
  std::optional<CQuota> quota;
  std::string quota_label;            // the waitlist reason when the quota is full
  std::string quota_label_en;         // the same in English
  std::string quota_key_label;        // the reason when the field a quota is counted per is missing
  std::string quota_key_label_en;     // the same in English
  std::vector<std::uint32_t> waived;  // indices into Program::requirements
  std::vector<CRequirement> own;
  std::optional<Period> valid;
  std::optional<std::int64_t> priority;
};

struct Program {
  std::string name;
  std::string hash;  // `sha256:` + hex of the canonical dump
  std::optional<Period> valid;
  std::optional<RuleInfo> validity_rule;
  Schema schema;
  std::vector<std::string> let_names;
  std::vector<Node> lets;
  std::vector<CParameter> parameters;
  std::vector<CProgramme> programmes;
  std::vector<CPayer> payers;
  std::vector<CRequirement> requirements;
  std::vector<CGroup> groups;
  std::vector<std::string> shared_quotas;  // the names of the shared quotas (`quota NAME ...`)
  std::vector<std::uint32_t> group_order;  // groups by priority (lower first, none last), then declaration
  bool needs_allocation = false;           // any quota or budget
};

}  // namespace jaring

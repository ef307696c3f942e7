// The decision about one record as of one date: its status, group, contributions, payers and
// every reason. Rendered by io/decision_json.hpp, io/explain.hpp and io/decision_csv.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/i18n.hpp"
#include "engine/language/engine_reasons.hpp"
#include "engine/runtime/problem.hpp"
#include "engine/runtime/program.hpp"
#include "engine/runtime/record.hpp"

namespace jaring {

enum class Status { Eligible, NotEligible, Waitlisted, Rejected };
const char* status_name(Status s);

// A rule as it took part in a decision: its name, label and citation, and what happened.
// The three views point into the Program (or at static text), which outlives its decisions.
struct RuleRef {
  std::string_view rule;
  std::string_view label;
  std::string_view citation;
  // e.g. "field `village` is missing", "rank 4"; said in the message language (JSON, CSV,
  // reports) or in an explanation's language.
  Message detail;
  // An engine reason's English label (language/engine_reasons.hpp); empty for the drafter's
  // own rules, whose label is the drafter's text in any language.
  std::string_view label_en;
  // Why a value was missing when this rule failed for want of it; `detail` says it.
  std::optional<EvalProblem> problem;
};

// An engine reason with its labels.
RuleRef engine_ref(EngineReason reason, Message detail = {});
// A rule of the policy (group, requirement, programme, payer) with its label and citation.
inline RuleRef rule_ref(const RuleInfo& info, Message detail = {}) {
  return {info.name, info.label, info.citation, std::move(detail), {}, std::nullopt};
}
// The same made in `r` itself, which keeps its buffers (a Decision filled again in place).
inline void refer(RuleRef& r, const RuleInfo& info) {
  r.rule = info.name;
  r.label = info.label;
  r.citation = info.citation;
  r.detail.en = {};
  r.detail.args.clear();
  r.label_en = {};
  r.problem.reset();
}

enum class Outcome { Pass, Fail, Waived };

struct RequirementResult {
  RuleRef rule;
  Outcome outcome = Outcome::Pass;
  std::string_view waived_by;  // the group that waived it
};

struct PartAmount {
  PartKind part = PartKind::Worker;
  std::int64_t sen = 0;
};

struct ProgrammeAmount {
  RuleRef programme;
  std::vector<PartAmount> parts;
  std::int64_t total = 0;
};

struct PayerItem {
  std::string_view programme;
  PartKind part = PartKind::Worker;
  std::int64_t sen = 0;
};

struct PayerAmount {
  RuleRef payer;
  std::uint32_t payer_index = 0;
  std::string account;   // the payer's name, or `name:KEY` for a keyed account (`of FIELD`)
  std::int64_t sen = 0;  // monthly, all programmes and parts
  std::vector<PayerItem> items;
};

struct Decision {
  std::string id;
  std::uint64_t line = 0;
  // Whether `id` is the record's id field's value; not when the record has none (its line
  // number then), which no other record's id repeats, as the scan for repeated ids has it.
  bool id_read = true;
  Status status = Status::NotEligible;
  std::optional<RuleRef> group;
  std::int32_t group_index = -1;
  std::string scheme;
  std::vector<ProgrammeAmount> programmes;
  std::int64_t total = 0;  // monthly contribution, all programmes
  std::vector<PayerAmount> payers;
  // Months of the as-of date's budget year that the paying line pays: the 1st of each month
  // inside the line's period, the group's and the policy's validity (12 for a whole year).
  std::int32_t budget_months = 0;
  std::vector<RuleRef> reasons;  // not eligible: every failing rule in order; waitlisted: why
  std::vector<RequirementResult> requirements;
  std::vector<FieldError> errors;    // rejected: every field problem
  std::optional<std::int64_t> rank;  // position in the group's (or key's) ranking
  std::string quota_key;
  Value rank_value;              // the `rank by` value, for allocation
  std::string_view policy_name;  // both into the Program, like every RuleRef
  std::string_view policy_hash;
  Day as_of = 0;
};

}  // namespace jaring

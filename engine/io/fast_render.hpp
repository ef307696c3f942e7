// The fast lane's renderings of a KernelDecision: the same bytes io/decision_json.hpp and
// io/decision_csv.hpp give for the Decision the generic runtime makes of the same record,
// assembled from pieces rendered once per run, with no allocation per record.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/runtime/decision.hpp"
#include "engine/runtime/kernel.hpp"
#include "engine/runtime/problem.hpp"

namespace jaring {

// How an eligible decision's parts are split among the paying line's payers (as split_payers
// in evaluate.cpp does it): per payer its items (part index, sen) and its total.
struct KernelSplit {
  std::size_t payers = 0;
  std::size_t items[kernel_max_shares] = {};
  std::uint32_t item_part[kernel_max_shares][kernel_max_parts] = {};
  std::int64_t item_sen[kernel_max_shares][kernel_max_parts] = {};
  std::int64_t sen[kernel_max_shares] = {};
};

// Whether a paying line is one payer paying the whole of every part.
inline bool pays_whole(const std::vector<CShare>& shares) {
  return shares.size() == 1 && !shares[0].for_part && shares[0].share == 1'000'000;
}

// The split of an eligible decision `d` (its group's paying line).
void split_payers(const Kernel& kernel, const KernelDecision& d, KernelSplit& out);

// Only what each payer pays (`payers` and `sen`), for a count with nothing rendered: one payer
// paying the whole is the total, without the items' loop over the parts (their count is the
// group's, a branch the processor guesses per record); any other line is split whole.
[[gnu::always_inline]] inline void split_totals(const Kernel& kernel, const KernelDecision& d, KernelSplit& out) {
  if (pays_whole(kernel.group(d.group).line->shares)) {
    out.payers = 1;
    out.sen[0] = d.total;
    return;
  }
  split_payers(kernel, d, out);
}

// What an eligible decision's rendering takes besides the kernel's numbers: the accounts of a
// payer chosen by a field (`of FIELD`), and in a policy with quotas or budgets what the
// allocation (runtime/allocate.hpp) made of it.
struct KernelExtras {
  bool waitlisted = false;
  std::int64_t rank = 0;    // in a group with a quota
  std::string_view key;     // the quota key (`per FIELD`), not empty
  std::string_view reason;  // waitlisted: the reason as JSON (a rule object) or CSV (its rule name)
  std::string_view accounts[kernel_max_shares];  // per share of the paying line: `payer:KEY` when keyed
};

// The problem that failed check `i` of a decision for want of a value (KernelDecision::unknown),
// as the generic runtime keeps it (RuleRef::problem; no span: the kernel keeps none); none when
// the check did not fail so, or names no field.
inline std::optional<EvalProblem> missing_problem(const KernelDecision& d, std::size_t i) {
  if (!(d.unknown >> i & 1) || d.missing_field[i] == no_missing_field) return std::nullopt;
  return EvalProblem{ProblemKind::MissingField, {}, d.missing_field[i], {}};
}

// Check `i` of `checks` (the decision's) as the decision's reason or requirement names it, with
// the detail of a missing value.
RuleRef check_ref(const Kernel& kernel, const KernelDecision& d, const std::vector<KernelCheck>& checks, std::size_t i);

class FastRenderer {
 public:
  // Renders JSON lines (`json`) or CSV rows; only that format's shapes are made. Not
  // `allocated` (JSON only): every decision as the generic runtime makes it of a record decided
  // alone, before any allocation — an eligible decision in a group with a quota has no rank
  // (its quota key it has); no extras are given to render().
  FastRenderer(const Kernel& kernel, bool json, bool allocated = true);

  // One JSON line (with its "\n") or one CSV row of the decision about the record `id` on `line`.
  // An eligible decision comes with its extras when its group's accounts are keyed or the
  // policy has quotas or budgets.
  void render(const KernelDecision& d, const KernelSplit& split, std::string_view id, std::uint64_t line,
              std::string& out, const KernelExtras* allocation = nullptr) const;

  // A rendering with holes, fixed by the decision's group, outcome and failed checks:
  // literals[0], holes[0], literals[1], …, literals.back(). A hole is the id (JSON string or CSV
  // cell), the line, or a number of the decision (numbers(), from hole_number on).
  struct Shape {
    std::vector<std::string> literals;
    std::vector<std::uint32_t> holes;
    // What fill() may write at most: the literals and 20 bytes a number (fixed_bound), and
    // for the holes of texts (their indices in `holes`), what each text can take escaped.
    std::size_t fixed_bound = 0;
    std::vector<std::uint32_t> text_holes;
  };
  static constexpr std::uint32_t hole_json_id = 0, hole_csv_id = 1, hole_line = 2, hole_rank = 3, hole_key = 4,
                                 hole_reason = 5, hole_account = 6,  // then one per share
      hole_number = hole_account + kernel_max_shares;

 private:
  struct GroupShapes {
    Shape eligible;
    Shape waitlisted;            // in a policy with quotas or budgets
    std::vector<Shape> refused;  // by failed mask, for groups of up to 10 checks
  };

  Shape shape(const KernelDecision& d, bool waitlisted = false) const;
  template <typename Sink>
  void json_shape(const KernelDecision& d, bool waitlisted, Sink& sink) const;
  template <typename Sink>
  void csv_shape(const KernelDecision& d, bool waitlisted, Sink& sink) const;
  // The numbers an eligible decision's shape refers to: total, programme totals, payers'
  // amounts, their items, the parts.
  std::size_t numbers(const KernelDecision& d, const KernelSplit& split, std::int64_t* out) const;
  const Shape& pick(const KernelDecision& d, Shape& scratch) const;
  const Shape& missing_shape(const KernelDecision& d) const;
  // A number no other renderer of the process has: the key of a thread's kept shapes
  // (missing_shape), which a renderer made later at the same address must not find.
  static std::uint64_t next_serial() {
    static std::atomic<std::uint64_t> serial{0};
    return ++serial;
  }
  // The checks the decision lists: its group's, the general requirements with no group, none
  // on a date the policy is not valid on.
  const std::vector<KernelCheck>& checks_of(const KernelDecision& d) const;
  void fill(const Shape& s, const std::int64_t* numbers, std::string_view id, std::uint64_t line,
            const KernelExtras* allocation, std::string& out) const;

  const Kernel& kernel_;
  bool json_;
  bool allocated_;
  std::uint64_t serial_;
  std::string prefix_;  // `{"as_of":"…","group":`
  std::string policy_;  // `,"policy":{…}`
  std::string no_group_reason_;
  std::vector<Shape> no_group_;  // by failed mask of the general requirements
  // The same naming a group not valid on the date (KernelDecision::invalid), by group index
  // (only groups the kernel has that are not valid are filled).
  std::vector<std::string> invalid_reasons_;
  std::vector<std::vector<Shape>> invalid_no_group_;
  // A decision on a date the policy is not valid on (KernelOutcome::Outside).
  std::string outside_reason_;
  Shape outside_;
  std::vector<GroupShapes> shapes_;  // by group index (only groups the kernel has are filled)
};

}  // namespace jaring

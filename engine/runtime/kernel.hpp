// The fast lane: a Program compiled once more for one as-of date to a flat, typed form that
// decides a record held as raw numbers and text views, with no heap allocation and no Value.
// Everything the date fixes is folded: `as_of`, parameters, each group's validity and paying
// line, budget months. Numbers are exact: whole numbers, money and dates are 64-bit integers,
// percentages and unrounded amounts are 128-bit numerators over a fixed 1.000.000, every
// operation is checked for overflow.
//
// The kernel decides only what it can decide exactly as the generic runtime (evaluate.hpp)
// does. A policy it cannot express gives no kernel at all; a record it cannot decide (an
// overflow, a group without a paying line, a missing value where a requirement does not read
// it) gives `Fallback`, and the caller decides that record with the generic runtime. Its decisions are rendered by
// io/fast_render.hpp and must be byte for byte those of the generic runtime (tests/unit/kernel_test.cpp and the
// fast-lane tests).
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/cache_lines.hpp"
#include "engine/base/rational.hpp"
#include "engine/runtime/program.hpp"

namespace jaring {

// A missing date in a row (Kernel::missing_ok): no day of years 1 to 9999 is it.
inline constexpr std::int64_t kernel_missing_day = std::numeric_limits<std::int64_t>::min();

// A record as the fast lane reads it, one slot per schema field: the number of a numeric
// field (Int, Money in sen, Date as a day number, Bool as 0/1) in `num`, the text of a
// text-like field (Text, Region, NIK) in `text`. Buffers are reused from record to record,
// each on cache lines of its own (base/cache_lines.hpp): a worker writes them every record.
struct KernelRow {
  CacheLineVector<std::int64_t> num;
  CacheLineVector<std::string_view> text;
  CacheLineVector<std::uint32_t> code;  // per field: its text's code in the kernel's dictionary, lazily
  // Which lets are computed for this record: bit i of lets_done for let i < 64 (the common
  // case, a word kept beside the row's other fields), bit i % 64 of more_lets_done[i / 64 - 1]
  // for the others.
  std::uint64_t lets_done = 0;
  CacheLineVector<std::uint64_t> more_lets_done;
  CacheLineVector<int128> lets;
  // Bit f: field f (< 64) is missing in this record (Kernel::may_miss); its slot holds
  // kernel_missing_day or an empty text. `missing_always`: the bits of fields without a column,
  // missing in every row (the reader starts each row's `missing` from it).
  std::uint64_t missing = 0;
  std::uint64_t missing_always = 0;
  // Bit i: let i (< 64) is computed and missing (Kernel::decide with `missing`).
  std::uint64_t lets_missing = 0;
  bool lacks(std::size_t field) const { return field < 64 && (missing >> field & 1); }
  // Field `field` left missing: its slots hold kernel_missing_day and an empty text, and `bit`
  // (Kernel::miss_bit; 0 for a date only ranked by, Kernel::missing_ok) marks it.
  void leave_missing(std::size_t field, std::uint64_t bit) {
    num[field] = kernel_missing_day;
    text[field] = {};
    missing |= bit;
  }
};

enum class KernelOutcome : std::uint8_t {
  Fallback,     // decide this record with the generic runtime
  NoGroup,      // not eligible: no group's `when` holds (`failed`: the general requirements)
  NotEligible,  // not eligible: requirements failed (`failed`)
  Eligible,
  Outside,  // not eligible: the policy is not valid on the date (nothing else is decided)
};

// The limits of the fixed-size decision below; a policy over them gets no kernel.
inline constexpr std::size_t kernel_max_checks = 64;    // requirements of one group, waived ones too
inline constexpr std::size_t kernel_max_parts = 32;     // programme parts of one group
inline constexpr std::size_t kernel_max_shares = 8;     // payers of one paying line
inline constexpr std::uint8_t no_missing_field = 0xFF;  // KernelDecision::missing_field

struct KernelDecision {
  KernelOutcome outcome = KernelOutcome::Fallback;
  std::int32_t group = -1;
  // Bit i: check i of the group (KernelGroup::checks) failed; with no group, general
  // requirement i (Kernel::general()).
  std::uint64_t failed = 0;
  // Bit i: check i failed for want of a value (a field missing in the record), as `failed`'s;
  // `missing_field[i]` the field its detail names ("field `village` is missing"), or
  // no_missing_field when none is named (the value was a let already found missing).
  std::uint64_t unknown = 0;
  std::uint8_t missing_field[kernel_max_checks] = {};
  std::int64_t total = 0;
  std::int64_t parts[kernel_max_parts] = {};  // the group's parts in order (KernelGroup::parts)
  // Eligible in a group whose quota ranks (`rank by`): the rank value, a numerator over
  // KernelGroup::rank_den. Quotas and budgets are applied later, over every decision
  // (runtime/allocate.hpp).
  int128 rank = 0;
  // Eligible in such a group with no rank value: the field ranked by is missing (an optional
  // date left empty: Kernel::missing_ok), which the allocation ranks after the others.
  bool rank_missing = false;
  // NoGroup: the first group (its index into Program::groups) whose `when` holds but that is
  // not valid on the date, which the no_group reason names; -1 when there is none.
  std::int32_t invalid = -1;
};

// A condition as decide() tests it: the common shapes read the row directly (a number in a
// range, a text's code in a set or equal to one, a text within a constant area); any other is
// evaluated from its node. Made from the node when the kernel is compiled (Kernel::test_of).
struct KernelTest {
  enum class Kind : std::uint8_t { Node, Range, Code, Codes, Within };
  Kind kind = Kind::Node;
  bool negate = false;          // the test's result inverted
  std::uint32_t field = 0;      // Range, Code, Codes, Within: the field read
  std::uint32_t node = 0;       // Node: the condition; Codes: the set (a bit per code)
  std::int64_t lo = 0, hi = 0;  // Range: lo ..= hi; Code: the code in lo
  std::string_view area;        // Within: the constant area (a view of its node's text)
};

// One requirement as a group checks it: a general one (maybe waived) or the group's own.
struct KernelCheck {
  const CRequirement* requirement = nullptr;
  bool waived = false;
  std::uint32_t node = 0;  // its condition (unless waived)
  KernelTest test;         // the condition as decide() tests it
};

// A contribution part as decide() computes it: a constant; or a number field clamped by
// constant bounds (`max(declared_income, Rp 1.000.000)`, `min(wage, cap)`, through lets), maybe
// times a constant fraction of 1.000.000 and rounded (`round(base * 1%)`), in 64 bits; any other
// shape, and a product over 64 bits, evaluated from its node. Made from the node when the
// kernel is compiled (Kernel::amount_of).
struct KernelAmount {
  enum class Kind : std::uint8_t { Node, Const, Clamped };
  Kind kind = Kind::Node;
  bool scaled = false;        // Clamped: times `factor` / 1.000.000, rounded as `rounding` says
  std::uint8_t rounding = 0;  // a KernelOp: Round, Floor or Ceil
  std::uint32_t field = 0;    // Clamped: the field read
  std::int64_t value = 0;     // Const
  std::int64_t factor = 0;    // Clamped and scaled
  std::int64_t lo[2] = {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::min()};
  std::int64_t hi[2] = {std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::max()};
  // Clamped: the field's number bounded by lo[0] ..= hi[0], then lo[1] ..= hi[1] (the inner
  // max or min first); an unused pair bounds nothing.
};

// A list of checks (a group's, or the general requirements) as decide() runs them: the tests
// ordered by kind, each with its check's bit, so each kind is one loop with no switch. Which
// checks fail does not depend on the order (a test cannot fail but by leaving the record to
// the generic runtime, whichever test it is).
struct KernelPlan {
  struct Step {
    KernelTest test;
    std::uint32_t bit = 0;  // the check's position in its list
  };
  std::vector<Step> steps;
  // How many steps of each kind, in this order: Range, Within, Code, Codes, Node.
  std::uint32_t ranges = 0, withins = 0, code_tests = 0, code_sets = 0, nodes = 0;
};

struct KernelPart {
  std::uint32_t programme = 0;  // index into Program::programmes
  PartKind part = PartKind::Worker;
  std::uint32_t node = 0;
  KernelAmount amount;  // the node as decide() computes it
};

struct KernelGroup {
  std::uint32_t index = 0;  // into Program::groups
  std::uint32_t when = 0;
  KernelTest when_test;  // `when` as decide() tests it
  std::vector<KernelCheck> checks;
  KernelPlan plan;  // the checks not waived, as decide() runs them
  std::vector<KernelPart> parts;
  const CPaidBy* line = nullptr;  // the paying line on the date; null: every record falls back
  std::int32_t budget_months = 0;
  bool budgeted = false;                   // a payer of the line has a budget for the as-of year
  const CQuota* quota = nullptr;           // the group's quota, if any
  std::uint32_t rank = 0;                  // its `rank by` node, or none (no_kernel_node)
  int128 rank_den = 1;                     // the rank value's denominator (a fraction's node's)
  std::optional<std::uint32_t> key_field;  // `per FIELD`: a text field, or a whole number
  bool keyed = false;                      // a payer's account is chosen by a field (`of FIELD`)
  bool valid = true;                       // false: not valid on the date (only `when` is compiled; never chosen)
};

// A parameter table on the date: (key, value node) per row; the key a number, or a code.
struct KernelTable {
  std::vector<std::pair<std::int64_t, std::uint32_t>> rows;
};

class Kernel {
 public:
  // The kernel of `program` as of `as_of`, or nothing when the program uses what it cannot
  // express (`why`, if given, says what). Without `ranks`, for records decided alone (no
  // allocation reads a rank): `rank by` is not compiled, its fields not used, and `rank` is 0.
  static std::unique_ptr<const Kernel> compile(const Program& program, Day as_of, std::string* why = nullptr,
                                               bool ranks = true);

  // Decides `row` (every field present and converted) into `d`; the row's codes and lets are
  // reset here. Only the parts of the decision's group are written: a caller that keeps `d`
  // from record to record reads no more of them (the others keep an earlier record's).
  void decide(KernelRow& row, KernelDecision& d) const;
  KernelDecision decide(KernelRow& row) const {
    KernelDecision d;
    decide(row, d);
    return d;
  }

  // A row with buffers sized for this program.
  KernelRow row() const;
  // `kept` as a row for this program: a caller's row kept from call to call (its buffers
  // allocated once), made again when it is empty or was sized for a policy of another shape
  // (a thread may decide several policies in turn: the server, a what-if diff).
  KernelRow& row_in(std::optional<KernelRow>& kept) const {
    if (!kept || kept->num.size() != program_.schema.fields.size() || kept->lets.size() != program_.lets.size())
      kept = row();
    return *kept;
  }

  const Program& program() const { return program_; }
  Day as_of() const { return as_of_; }
  const std::vector<KernelGroup>& groups() const { return groups_; }  // in `group_order`
  const KernelGroup& group(std::int32_t index) const { return groups_[group_slot_[static_cast<std::size_t>(index)]]; }
  // The general requirements, as a record in no group is checked against them.
  const std::vector<KernelCheck>& general() const { return general_; }
  // Whether a rule reads `field` (a field no rule reads is converted only to check it).
  bool uses_field(std::size_t field) const { return used_fields_[field]; }
  // Whether `field` may be missing in a row the kernel decides: an optional date without a
  // default that no rule reads but as a quota's `rank by` itself (`rank by registered_on`),
  // where a missing value ranks last. Its row slot then holds kernel_missing_day.
  bool missing_ok(std::size_t field) const { return missing_ok_[field]; }
  // Bit f: field f may be missing in a row the kernel decides, read by a rule (an optional
  // field without a default, one of the first 64, not the id): the reader sets its bit in
  // KernelRow::missing. Such a record is decided with three-valued logic as the generic runtime
  // decides it: a requirement that needs the value fails and names it, `and` and `or` absorb
  // a missing side the other decides; anything else that needs it (a contribution, a key)
  // leaves the record to the generic runtime.
  std::uint64_t may_miss() const { return may_miss_; }
  // Field f's bit in KernelRow::missing when it may be missing (may_miss()), else 0.
  std::uint64_t miss_bit(std::size_t f) const { return f < 64 ? may_miss_ & (std::uint64_t{1} << f) : 0; }

  struct Node;  // the compiled expressions (kernel.cpp)
  ~Kernel();

 private:
  Kernel(const Program& program, Day as_of);
  friend class KernelCompiler;
  template <bool Missing>
  friend struct KernelEval;

  const Program& program_;
  Day as_of_;
  std::vector<Node> nodes_;
  std::vector<std::uint32_t> let_nodes_;  // per let: its node, or none
  std::vector<KernelGroup> groups_;
  std::vector<KernelCheck> general_;
  KernelPlan general_plan_;
  std::vector<std::size_t> group_slot_;  // group index -> position in groups_
  std::vector<bool> used_fields_;
  std::vector<bool> missing_ok_;  // per field: missing_ok()
  std::uint64_t may_miss_ = 0;
  // Per text field, the constants it is compared with: code i is dictionary_[field][i].
  std::vector<std::vector<std::string>> dictionary_;
  std::vector<std::vector<std::uint64_t>> sets_;     // bit sets of codes, for `in` over text
  std::vector<std::vector<std::int64_t>> int_sets_;  // for `in` over numbers
  std::vector<std::vector<std::string>> text_sets_;  // for `in` over a text that is not a field
  std::vector<std::uint32_t> args_;                  // the arguments of min and max
  std::vector<KernelTable> tables_;
  // Per text field, an open-addressing table of its dictionary's codes by hash
  // (KernelEval::code): a slot keeps its word's whole hash, so a probe compares the text's
  // bytes only when the hashes agree, that is, for the word it is.
  struct DictSlot {
    std::uint64_t hash = 0;
    std::uint32_t code = empty_slot;
    static constexpr std::uint32_t empty_slot = 0xFFFFFFFF;
  };
  std::vector<std::vector<DictSlot>> dictionary_slots_;
  // When every group's `when` tests only the dictionary code of one field, the group each code
  // chooses (its position in groups_, or -1 for none; the last entry for a text no constant
  // has): one lookup instead of evaluating the conditions in turn.
  std::optional<std::size_t> choice_field_;
  std::vector<std::int32_t> choice_;
  // Per code, as KernelDecision::invalid when no group is chosen.
  bool valid_on_date_ = true;  // the policy's `valid` holds on the date (else every record is Outside)
  std::vector<std::int32_t> choice_invalid_;
  std::vector<std::uint32_t> coded_fields_;  // the text fields with a dictionary (their codes reset per record)

  void index_dictionaries();
  void build_choice();
  KernelTest test_of(std::uint32_t node) const;
  KernelAmount amount_of(std::uint32_t node) const;
  static KernelPlan plan_of(const std::vector<KernelCheck>& checks);
  void make_tests();
  void decide_missing(KernelRow& row, KernelDecision& d) const;
};

}  // namespace jaring

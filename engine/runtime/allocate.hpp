// The population phase: quotas (per group, or per key with `per FIELD`; a shared quota's
// places counted over every group that names it) and payer budgets (annual budget of the
// as-of year against the monthly cost times the months of that year the paying line pays,
// Decision::budget_months), applied after every record is decided. Candidates are taken group
// by group (priority, then declaration order; a shared quota's groups together, at the place
// of its first group) and, within, by `rank by` (ascending unless `desc`; a missing rank value
// last) with ties broken by record id. A candidate beyond the quota, or whose cost no longer fits a payer account's
// budget, is waitlisted with the reason and its rank. The result does not depend on input
// order or on the number of threads. Candidates that share a record id (a NIK on two
// records) are all made not eligible with rule `duplicate_id`, so no input order can decide
// between them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/runtime/decision.hpp"
#include "engine/runtime/program.hpp"

namespace jaring {

// Record ids that are on more than one input record, with the lines of each copy.
class DuplicateIds {
 public:
  void add(std::string_view id, std::uint64_t line);
  // Call once, after every add.
  void seal();
  // "id `X` is on 3 records (lines 4, 9, 12); resolve the duplicate", or null when `id` is on
  // one record only.
  const Message* detail(const std::string& id) const;
  std::size_t ids() const { return details_.size(); }

 private:
  // Ids are kept end to end in one text and sorted by a 64-bit hash, so a million ids cost no
  // allocation each and sort as integers; equal hashes are told apart by their text.
  struct Seen {
    std::uint64_t hash = 0;
    std::uint64_t line = 0;
    std::uint64_t offset = 0;
    std::uint32_t size = 0;
  };
  std::string_view text(const Seen& s) const { return std::string_view(ids_).substr(s.offset, s.size); }
  std::string ids_;
  std::vector<Seen> seen_;
  std::unordered_map<std::string, Message> details_;
};

// Flags one copy of a duplicated id: a decided record becomes not eligible with rule
// `duplicate_id` (no contribution, no payer); a rejected record gains the problem on its id
// field. Every copy is flagged, whatever the policy, so no input order decides between them.
void mark_duplicate(const Program& program, Decision& d, const Message& detail);

class Allocator {
 public:
  Allocator(const Program& program, Day as_of) : program_(program), as_of_(as_of) {}

  // Records an eligible decision as a candidate; `index` is the record's position in the
  // input. Candidates must be added in increasing `index` order.
  void add(const Decision& d, std::uint64_t index);
  // Runs the allocation once every candidate has been added.
  void run();
  // Turns an eligible decision into its final form (rank set; waitlisted with a reason).
  void apply(Decision& d, std::uint64_t index) const;

  std::size_t candidates() const { return candidates_.size(); }

 private:
  struct Candidate {
    std::uint64_t index = 0;
    std::uint64_t line = 0;
    std::uint32_t group = 0;
    std::string id;
    bool has_rank = false;
    Rational rank;
    std::string quota_key;
    std::uint32_t first_cost = 0;
    std::uint32_t cost_count = 0;
  };
  struct Cost {
    std::uint32_t account = 0;
    std::int64_t yearly = 0;  // monthly × budget months
  };
  struct Outcome {
    bool allocated = true;
    bool duplicate = false;
    std::int64_t rank = 0;
    RuleRef reason;
  };

  const Program& program_;
  Day as_of_;
  std::vector<Candidate> candidates_;
  std::vector<Cost> costs_;
  std::map<std::string, std::uint32_t> account_ids_;
  std::vector<std::uint32_t> account_payer_;
  std::vector<Outcome> outcomes_;

  void mark_duplicates();
};

}  // namespace jaring

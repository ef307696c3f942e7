// Deciding one population under a base policy and under a proposal and comparing record by
// record: transitions counted, the rules responsible, a sample of affected records (the first
// N by record id), and per payer and per group the headcount and cost before and after, with
// budgets and quotas. Both policies run through run_batch (two passes each when they have
// quotas or budgets); between the runs only a Brief per record is kept (transition.hpp).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/io/record_read.hpp"
#include "engine/runtime/program.hpp"
#include "engine/runtime/record.hpp"
#include "engine/whatif/transition.hpp"

namespace jaring::whatif {

struct PopulationOptions {
  Day base_as_of = 0;  // the base policy is decided as of this date
  Day as_of = 0;       // the proposal is decided as of this date
  unsigned threads = 1;
  InputFormat format = InputFormat::Csv;
  std::size_t sample = 5;  // records shown per transition
  // How records are read; each side also reads past the fields only the other side has.
  ReadOptions read;
};

// One side of a sampled record, for display.
struct SideView {
  Status status = Status::NotEligible;
  std::string group;
  std::string accounts;
  std::int64_t total = 0;
  std::string reasons;
};

struct Sample {
  Transition transition = Transition::Unchanged;
  std::string id;
  std::uint64_t line = 0;
  SideView before, after;
  std::vector<Cause> causes;
};

struct CauseCount {
  Transition transition = Transition::Unchanged;
  Cause cause;  // `note` here is the aggregated note (amount details dropped)
  std::uint64_t records = 0;
};

struct Cost {
  std::uint64_t persons = 0;
  std::int64_t monthly = 0;  // sen
  // What the persons cost in their budget year, as `jaring eval` checks budgets: each person's
  // monthly amount × the months of the as-of year their paying line pays (README, Decisions 6).
  std::int64_t budget_year = 0;
};

struct PayerRow {
  std::string name, label;
  bool in_base = false, in_proposal = false;
  bool keyed = false;  // `paid_by ... of FIELD`: the budget is per account
  Cost before, after;
  std::optional<std::int64_t> budget_before, budget_after;  // of the as-of year of each side
};

struct GroupRow {
  std::string name, label, citation;
  bool in_base = false, in_proposal = false;
  Cost before, after;  // eligible (allocated) persons and their monthly cost
  std::uint64_t waitlisted_before = 0, waitlisted_after = 0;
  std::optional<std::int64_t> quota_before, quota_after;
};

struct PopulationDiff {
  Day base_as_of = 0, as_of = 0;
  std::uint64_t records = 0;
  std::array<std::uint64_t, 4> status_before{}, status_after{};  // by Status
  std::array<std::uint64_t, transition_count> transitions{};
  std::vector<CauseCount> causes;  // by transition, then most records first
  std::vector<Sample> samples;     // by transition, then record id
  std::vector<PayerRow> payers;    // the base's payers in order, then the proposal's new ones
  std::vector<GroupRow> groups;    // likewise
  // Why the generic runtime decided each side's records (io/batch.hpp's generic_reason), or
  // empty: the fast lane.
  std::string base_generic, proposal_generic;
};

// Throws std::runtime_error if the file cannot be read.
PopulationDiff diff_population(const Program& base, const Program& proposal, const std::string& path,
                               const PopulationOptions& options);

}  // namespace jaring::whatif

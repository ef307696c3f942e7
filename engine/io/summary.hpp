// Totals over the final decisions of a batch: per status, per group (candidates, eligible,
// allocated, waitlisted), per payer and account (persons, monthly and annual cost, budget,
// utilisation), per reason (every reason, and each record's first); and the reconciliation: rows_in = decided +
// rejected, and every physical line of the input is the header, blank, a continuation of a row, or a row.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/cache_lines.hpp"
#include "engine/io/record_read.hpp"
#include "engine/runtime/decision.hpp"
#include "engine/runtime/program.hpp"

namespace jaring {

// A sum of 64-bit amounts, exact whatever their count and order: added in 64 bits while they
// fit (a branch never taken for real amounts), what passes them carried in 128.
struct Sum128 {
  std::int64_t low = 0;
  int128 carried = 0;
  void add(std::int64_t v) {
    std::int64_t r = 0;
    if (__builtin_add_overflow(low, v, &r)) {
      carried += low;
      low = v;
    } else {
      low = r;
    }
  }
  void add_product(std::int64_t v, std::int64_t times) {
    std::int64_t p = 0;
    if (__builtin_mul_overflow(v, times, &p)) carried += static_cast<int128>(v) * times;
    else add(p);
  }
  int128 total() const { return carried + low; }
};

// Totals the fast lane (fast_population.cpp) keeps by index for the decisions it renders
// itself, added to a Summary at once; what Summary::add would have counted for them.
struct Tally {
  std::uint64_t eligible = 0, not_eligible = 0, waitlisted = 0;
  // Counted record by record by whichever worker has the block (the fast lane's): each on cache
  // lines of its own (base/cache_lines.hpp).
  CacheLineVector<std::uint64_t> candidates;     // by group index (eligible or not)
  CacheLineVector<std::uint64_t> allocated;      // by group index
  CacheLineVector<std::uint64_t> waitlisted_in;  // by group index
  CacheLineVector<std::uint64_t> persons;        // by payer index
  CacheLineVector<Sum128> monthly, yearly;
  CacheLineVector<std::uint64_t> reasons, first_reasons;  // by the fast lane's reason slot
  struct Account {
    std::uint64_t persons = 0;
    Sum128 monthly, yearly;
  };
  // By payer, its keyed accounts (`payer:KEY`) by name; reset() zeroes them and keeps the
  // names, so a run allocates each name once per tally.
  std::vector<std::map<std::string, Account, std::less<>>> accounts;

  void reset(std::size_t groups, std::size_t payers, std::size_t reason_slots);
};

class Summary {
 public:
  Summary(const Program& program, Day as_of);
  void add(const Decision& d);
  // Forgets every decision and the input's accounting (a run that decides again).
  void reset();
  // Adds a tally whose reason slot i is the rule named `reason_names[i]` (names that outlive
  // the summary: the Program's or the engine's own).
  void add(const Tally& t, const std::vector<std::string_view>& reason_names);
  std::uint64_t records() const { return records_; }
  std::uint64_t count(Status s) const { return by_status_[static_cast<int>(s)]; }
  std::uint64_t rejected() const { return by_status_[3]; }
  std::uint64_t decided() const { return by_status_[0] + by_status_[1] + by_status_[2]; }
  // The reader's accounting of the input (io/record_read.hpp), checked by reconciles().
  void set_input(const InputCounts& counts) { input_ = counts; }
  std::uint64_t rows_in() const { return input_ ? input_->rows : records_; }
  bool reconciles() const {
    return records_ == decided() + rejected() && rows_in() == records_ && (!input_ || input_->holds());
  }
  // The summary as a JSON document (summary.json), pretty-printed and deterministic.
  std::string json() const;
  // A short human summary (stderr of `jaring eval`).
  std::string text() const;

 private:
  struct GroupTotals {
    std::uint64_t candidates = 0, eligible = 0, allocated = 0, waitlisted = 0;
  };
  struct AccountTotals {
    std::uint64_t persons = 0;
    // Summed in 128 bits, whatever the order the runtimes add in; written only within 64
    // (json(), text(): beyond, the run fails saying so).
    int128 monthly = 0;
    int128 yearly = 0;  // cost in the as-of budget year (monthly × months paid)
  };
  struct PayerTotals {
    AccountTotals all;
    std::map<std::string, AccountTotals, std::less<>> accounts;
  };

  const Program& program_;
  Day as_of_;
  std::uint64_t records_ = 0;
  std::optional<InputCounts> input_;
  std::uint64_t by_status_[4] = {0, 0, 0, 0};
  std::vector<GroupTotals> groups_;  // by group index
  std::vector<PayerTotals> payers_;  // by payer index
  // Keyed by rule names, which live in the Program or are the engine's own (static) names.
  std::map<std::string_view, std::uint64_t> reasons_;
  std::map<std::string_view, std::uint64_t> first_reasons_;  // each record's first reason only
};

}  // namespace jaring

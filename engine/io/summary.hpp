// Totals over the final decisions of a batch: per status, per group (candidates, eligible,
// allocated, waitlisted), per payer and account (persons, monthly and annual cost, budget,
// utilisation), per reason; and the reconciliation records_read = decided + rejected.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "engine/runtime/decision.hpp"
#include "engine/runtime/program.hpp"

namespace jaring {

class Summary {
 public:
  Summary(const Program& program, Day as_of);
  void add(const Decision& d);
  std::uint64_t records() const { return records_; }
  std::uint64_t rejected() const { return by_status_[3]; }
  std::uint64_t decided() const { return by_status_[0] + by_status_[1] + by_status_[2]; }
  bool reconciles() const { return records_ == decided() + rejected(); }
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
    std::int64_t monthly = 0;
    std::int64_t yearly = 0;  // cost in the as-of budget year (monthly × months paid)
  };
  struct PayerTotals {
    AccountTotals all;
    std::map<std::string, AccountTotals> accounts;
  };

  const Program& program_;
  Day as_of_;
  std::uint64_t records_ = 0;
  std::uint64_t by_status_[4] = {0, 0, 0, 0};
  std::map<std::string, GroupTotals> groups_;
  std::map<std::string, PayerTotals> payers_;
  std::map<std::string, std::uint64_t> reasons_;
};

}  // namespace jaring

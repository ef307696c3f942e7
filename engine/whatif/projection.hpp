// Month-by-month projection of one policy over a population: every month is decided as of its
// first day (quotas and budgets applied as in `jaring eval`), and the month's headcount,
// contributions and expected claims (claims.hpp) are added up per payer and per group. A payer
// line that changes mid-year therefore shows in the first month that starts after the change.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/io/record_read.hpp"
#include "engine/runtime/program.hpp"
#include "engine/runtime/record.hpp"
#include "engine/whatif/claims.hpp"
#include "engine/whatif/months.hpp"

namespace jaring::whatif {

struct ProjectionOptions {
  Month from, to;  // at most 120 months (checked by the caller)
  unsigned threads = 1;
  InputFormat format = InputFormat::Csv;
  Assumptions assumptions;
  ReadOptions read;
};

// One cell: persons covered in a month (or summed over months: person-months), contributions
// in sen, and expected claims.
struct Figures {
  std::uint64_t persons = 0;
  std::int64_t contributions = 0;
  Claims claims;
  Figures& operator+=(const Figures& o);
};

struct Projection {
  std::vector<Month> months;
  std::vector<RuleInfo> payers;                      // the program's payers, in order
  std::vector<RuleInfo> groups;                      // the program's groups, in order
  std::vector<std::vector<Figures>> by_payer;        // [payer][month]
  std::vector<std::vector<Figures>> by_group;        // [group][month]
  std::vector<Figures> total;                        // [month]; persons = eligible records
  std::vector<std::array<std::uint64_t, 4>> status;  // [month][Status]
  std::uint64_t records = 0;
  bool income_from_records = false;  // the policy has the assumptions' income field (money)
  // Why the generic runtime decided the records (io/batch.hpp's generic_reason; the earliest
  // month's), or empty: the fast lane decided every month.
  std::string generic;
};

// Throws std::runtime_error if the file cannot be read.
Projection project(const Program& program, const std::string& path, const ProjectionOptions& options);

// A payer's contributions in one budget year of the projection, against its budget that year.
struct BudgetYear {
  int year = 0;
  std::size_t payer = 0;  // index into Projection::payers
  int months = 0;         // months of that year in the projection
  std::int64_t contributions = 0;
  std::optional<std::int64_t> budget;  // per account when `per_account`
  bool per_account = false;            // the payer pays `of FIELD`: one budget per account
};
std::vector<BudgetYear> budget_years(const Program& program, const Projection& p);

// Whether some group pays `payer` per account (`paid_by payer of FIELD`).
bool keyed_payer(const Program& program, std::size_t payer);

// Sum over all months of one row of cells.
Figures sum(const std::vector<Figures>& cells);

}  // namespace jaring::whatif

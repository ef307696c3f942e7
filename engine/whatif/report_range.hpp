// The amounts a what-if report can hold. A report shows each payer's and each group's
// contributions, their total, the difference between two sides and a year of 12 months of it,
// all in 64 bits of sen. So the contributions of one kind (every payer's, or every group's) may
// come to at most a 24th of that range taken without their signs: Rp 3.843.071.682.022.823, more
// than a year of the state budget. Beyond it the report is refused with a message (the CLI
// exits 2); its sums never wrap.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

#include "engine/base/rational.hpp"

namespace jaring::whatif {

inline constexpr std::int64_t report_limit = std::numeric_limits<std::int64_t>::max() / 24;

enum class ReportKind { Payer, Group };

// Takes the amounts of one kind, one named row at a time (a row's own amount and the rows'
// amounts together, both without sign, at most report_limit). Throws std::overflow_error,
// naming the row or the kind, past it.
class ReportAmounts {
 public:
  explicit ReportAmounts(ReportKind kind) : kind_(kind) {}
  std::int64_t take(int128 sen, std::string_view name);

 private:
  ReportKind kind_;
  int128 taken_ = 0;
};

// a + b of two amounts of a report; throws std::overflow_error past 64 bits (a sum kept before
// the rows are taken: a month's cell over a million records).
std::int64_t add_sen(std::int64_t a, std::int64_t b);

}  // namespace jaring::whatif

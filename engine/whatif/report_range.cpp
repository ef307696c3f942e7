#include "engine/whatif/report_range.hpp"

#include <stdexcept>

#include "engine/base/i18n.hpp"
#include "engine/base/literals.hpp"

namespace jaring::whatif {

std::int64_t ReportAmounts::take(int128 sen, std::string_view name) {
  const int128 size = sen < 0 ? -sen : sen;
  const MoneyText limit{report_limit};
  if (size > report_limit)
    throw std::overflow_error(
        kind_ == ReportKind::Payer
            ? say("the contributions of payer `{}` are beyond what a report can hold ({} at most)", name, limit)
            : say("the contributions of group `{}` are beyond what a report can hold ({} at most)", name, limit));
  taken_ += size;
  if (taken_ > report_limit)
    throw std::overflow_error(
        kind_ == ReportKind::Payer
            ? say("the contributions of the payers together are beyond what a report can hold ({} at most)", limit)
            : say("the contributions of the groups together are beyond what a report can hold ({} at most)", limit));
  return static_cast<std::int64_t>(sen);
}

std::int64_t add_sen(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out))
    throw std::overflow_error(
        say("contributions are beyond an amount's range when added up ({} and {})", MoneyText{a}, MoneyText{b}));
  return out;
}

}  // namespace jaring::whatif

// Calendar months for projections (`YYYY-MM`). A projected month is evaluated as of its first
// day: the decision on the 1st stands for the whole month (the convention of `jaring project`).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/date.hpp"
#include "engine/whatif/lang.hpp"

namespace jaring::whatif {

struct Month {
  int year = 1970;
  int month = 1;  // 1..12
};

// `YYYY-MM` with a four-digit year (1900..9999) and a month 01..12; nothing otherwise.
std::optional<Month> parse_month(std::string_view text);
std::string format_month(Month m);  // `2024-05`
// A short label for charts: `Mei 2024` / `May 2024`.
std::string month_label(Month m, Lang lang);
// Months counted from year 0, so consecutive months differ by one.
inline int month_number(Month m) { return m.year * 12 + (m.month - 1); }
inline Month month_from_number(int n) { return {n / 12, n % 12 + 1}; }
// The first day of the month: the evaluation date of a projected month.
Day first_day(Month m);
// `from` to `to`, both included; empty when `from` is after `to`.
std::vector<Month> month_range(Month from, Month to);

}  // namespace jaring::whatif

// Civil dates as day numbers (days since 1970-01-01), and the office arithmetic of ages
// and months. Periods are inclusive at both ends.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jaring {

using Day = std::int32_t;

struct Ymd {
  int year = 1970;
  int month = 1;
  int day = 1;
};

// Inline: the fast lane converts a date cell per record with these (a call each was 50
// instructions of a record's 2.000).
constexpr bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

inline constexpr int common_month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

constexpr int days_in_month(int year, int month) {
  return month == 2 && is_leap_year(year) ? 29 : common_month_days[month - 1];
}

// Howard Hinnant's days_from_civil; requires a valid date.
constexpr Day day_from_ymd(const Ymd& d) {
  const int y = d.year - (d.month <= 2);
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned mp = static_cast<unsigned>(d.month + (d.month > 2 ? -3 : 9));
  const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(d.day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

Ymd ymd_from_day(Day d);
// Parses `YYYY-MM-DD`; nothing if malformed or not a real calendar date.
std::optional<Day> parse_date(std::string_view text);
std::string format_date(Day d);
// Full years from `from` to `to`; the anniversary itself counts; a 29 February anniversary
// falls on 1 March in common years. Negative when `to` is before `from`.
int years_between(Day from, Day to);
// Full months from `from` to `to`, counted the same way (a day-of-month that does not exist
// in the target month is reached on the first day of the next month).
int months_between(Day from, Day to);

// The end of an open-ended period (`valid since D`): the last day a date literal can name.
inline constexpr Day open_end = 2'932'896;  // 9999-12-31

struct Period {
  Day start = 0;
  Day end = 0;
  bool contains(Day d) const { return start <= d && d <= end; }
  bool open() const { return end == open_end; }
};

// `2024-01-01 .. 2024-12-31`, or `since 2026-01-01` for an open-ended period.
std::string period_text(const Period& p);
// `from 2024-01-01 to 2024-12-31`, or `since 2026-01-01` (in the message language): as in
// "the policy is valid …".
std::string valid_words(const Period& p);

}  // namespace jaring

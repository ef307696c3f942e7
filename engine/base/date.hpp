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

bool is_leap_year(int year);
int days_in_month(int year, int month);
Day day_from_ymd(const Ymd& d);  // requires a valid date
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

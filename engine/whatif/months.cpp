#include "engine/whatif/months.hpp"

#include <fmt/format.h>

namespace jaring::whatif {

std::optional<Month> parse_month(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  int value[2] = {0, 0};
  for (std::size_t i = 0; i < 7; ++i) {
    if (i == 4) continue;
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    int& v = value[i < 4 ? 0 : 1];
    v = v * 10 + (text[i] - '0');
  }
  if (value[0] < 1900 || value[1] < 1 || value[1] > 12) return std::nullopt;
  return Month{value[0], value[1]};
}

std::string format_month(Month m) { return fmt::format("{:04}-{:02}", m.year, m.month); }

std::string month_label(Month m, Lang lang) {
  static const char* const id[] = {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"};
  static const char* const en[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{} {}", (lang == Lang::En ? en : id)[m.month - 1], m.year);
}

Day first_day(Month m) { return day_from_ymd({m.year, m.month, 1}); }

std::vector<Month> month_range(Month from, Month to) {
  std::vector<Month> out;
  for (int n = month_number(from); n <= month_number(to); ++n) out.push_back(month_from_number(n));
  return out;
}

}  // namespace jaring::whatif

// Report tables shared by the terminal and HTML renderings of `diff` and `project`, and the
// number formats they use (money always `Rp 1.234.567`, exact; deltas signed).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jaring::whatif {

struct Table {
  std::string id;  // a stable anchor, e.g. `payers`
  std::string title;
  std::vector<std::string> headers;
  std::vector<bool> numeric;  // per column: right-aligned
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> total_row;  // per row: a total (emphasised)
  std::string note;             // one or two sentences under the table

  void add(std::vector<std::string> row, bool total = false) {
    rows.push_back(std::move(row));
    total_row.push_back(total);
  }
};

// Aligned columns under an underlined title; a blank line after each table.
std::string render_text(const Table& t);
// One CSV field (RFC 4180: quoted when it holds a comma, quote or line break).
std::string csv_field(std::string_view s);
// Display width of UTF-8 text (code points; the reports use no wide characters).
std::size_t text_width(std::string_view s);

std::string money(std::int64_t sen);         // `Rp 1.234.567` (`,50` for sen)
std::string signed_money(std::int64_t sen);  // `+Rp 16.800`, `-Rp 16.800`, `Rp 0`
std::string count(std::uint64_t n);          // `1.528`
std::string signed_count(std::int64_t n);    // `+3`, `-2`, `0`
// A share in millionths (100 % = 1.000.000) rounded half away to 0,01 %: `85,14%`.
std::string percent(std::int64_t millionths);
// part / whole as a percentage rounded to 0,01 %; `–` when whole is 0.
std::string share(std::int64_t part, std::int64_t whole);

}  // namespace jaring::whatif

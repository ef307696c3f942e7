// Inline SVG charts for the HTML reports: self-contained markup (no script, no external
// asset), a title, axis ticks at round values, a legend, and a <title> tooltip on every bar.
// Only the drawing uses floating point (pixel positions); every value and label is exact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/whatif/lang.hpp"

namespace jaring::whatif {

enum class Unit { Money, Count, Percent };  // Money in sen; Percent in millionths (100 % = 1.000.000)

struct Series {
  std::string name;
  std::vector<std::int64_t> values;  // one per category, ≥ 0
};

// One vertical bar per category, stacked by series (e.g. cost per payer per month).
std::string stacked_bars(const std::string& title, const std::vector<std::string>& categories,
                         const std::vector<Series>& series, Unit unit, Lang lang);

struct Pair {
  std::string label;
  std::int64_t before = 0;
  std::int64_t after = 0;
};
// Two horizontal bars per item, before and after (e.g. a payer's monthly cost under each policy).
std::string paired_bars(const std::string& title, const std::vector<Pair>& items, const std::string& before_name,
                        const std::string& after_name, Unit unit, Lang lang);

struct Bar {
  std::string label;
  std::int64_t value = 0;
};
// Horizontal bars with an optional dashed reference line (e.g. loss ratio against 100 %).
std::string bars(const std::string& title, const std::vector<Bar>& items, std::optional<std::int64_t> reference,
                 Unit unit);

// A short axis label: `Rp 1,5 jt` / `Rp 1.5 m`, `12.000`, `150%`.
std::string short_value(std::int64_t value, Unit unit, Lang lang);
// The exact value as in the tables: `Rp 1.234.567`, `1.528`, `85,14%`.
std::string exact_value(std::int64_t value, Unit unit);

}  // namespace jaring::whatif

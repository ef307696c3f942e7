#include "engine/whatif/svg_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "engine/base/rational.hpp"
#include "engine/whatif/html_page.hpp"
#include "engine/whatif/table.hpp"

namespace jaring::whatif {

namespace {

const char* const palette[] = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C6D31", "#444444"};
const char* colour(std::size_t i) { return palette[i % (sizeof palette / sizeof *palette)]; }
constexpr const char* before_colour = "#A0A8B3";

// A round step (1, 2 or 5 × 10^k) that splits [0, max] into at most 5 intervals.
std::int64_t nice_step(std::int64_t max) {
  if (max <= 0) return 1;
  for (std::int64_t power = 1;; power *= 10) {
    for (std::int64_t m : {1, 2, 5})
      if (max <= 5 * m * power) return m * power;
    if (power > INT64_MAX / 100) return power * 10;
  }
}

// The top of the axis: the smallest multiple of the step at or above max; max itself when that
// multiple is beyond 64 bits (a budget near the largest amount).
std::int64_t axis_top(std::int64_t max, std::int64_t step) {
  if (max <= 0) return step;
  const int128 top = (static_cast<int128>(max) + step - 1) / step * step;
  return top > std::numeric_limits<std::int64_t>::max() ? max : static_cast<std::int64_t>(top);
}

std::string svg_open(int width, int height, const std::string& title) {
  return fmt::format(
      "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" font-family=\"sans-serif\" font-size=\"12\"><title>{2}</title>"
      "<text x=\"8\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{2}</text>",
      width, height, escape_html(title));
}

std::string legend(const std::vector<std::pair<std::string, const char*>>& items, int x, int y) {
  std::string out;
  for (const auto& [name, fill] : items) {
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/>", x, y - 9, fill);
    out += fmt::format("<text x=\"{}\" y=\"{}\">{}</text>", x + 14, y, escape_html(name));
    x += 24 + static_cast<int>(text_width(name)) * 7;
  }
  return out;
}

std::string rect(double x, double y, double w, double h, const char* fill, const std::string& tip) {
  return fmt::format(
      "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"><title>{}</title></rect>", x, y,
      std::max(w, 0.0), std::max(h, 0.0), fill, escape_html(tip));
}

std::string label_of(const std::string& s, std::size_t max) {
  if (text_width(s) <= max) return s;
  std::string out;
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80 && ++n > max - 1) break;
    out += static_cast<char>(c);
  }
  return out + "…";
}

}  // namespace

std::string short_value(std::int64_t value, Unit unit, Lang lang) {
  if (unit == Unit::Percent) return percent(value);
  if (unit == Unit::Count) return count(static_cast<std::uint64_t>(std::max<std::int64_t>(value, 0)));
  const std::int64_t rupiah = value / 100;
  struct Scale {
    std::int64_t unit;
    const char* id;
    const char* en;
  };
  for (const Scale s : {Scale{1'000'000'000'000, "T", "tn"}, Scale{1'000'000'000, "M", "bn"},
                        Scale{1'000'000, "jt", "m"}, Scale{1'000, "rb", "k"}}) {
    if (rupiah < s.unit) continue;
    const std::int64_t tenths = (rupiah * 10 + s.unit / 2) / s.unit;  // to the nearest tenth of the unit
    const std::string digits = tenths % 10
                                   ? fmt::format("{}{}{}", tenths / 10, lang == Lang::En ? "." : ",", tenths % 10)
                                   : std::to_string(tenths / 10);
    return fmt::format("Rp {} {}", digits, tr(lang, s.id, s.en));
  }
  return fmt::format("Rp {}", rupiah);
}

std::string exact_value(std::int64_t value, Unit unit) {
  if (unit == Unit::Money) return money(value);
  if (unit == Unit::Percent) return percent(value);
  return count(static_cast<std::uint64_t>(std::max<std::int64_t>(value, 0)));
}

std::string stacked_bars(const std::string& title, const std::vector<std::string>& categories,
                         const std::vector<Series>& series, Unit unit, Lang lang) {
  const int left = 84, top = 50, plot_h = 220,
            slot = std::max(28, std::min(60, 720 / std::max<int>(1, static_cast<int>(categories.size()))));
  const int width = left + slot * static_cast<int>(categories.size()) + 20, height = top + plot_h + 60;
  std::int64_t max = 0;
  for (std::size_t c = 0; c < categories.size(); ++c) {
    std::int64_t sum = 0;
    for (const auto& s : series) sum += s.values[c];
    max = std::max(max, sum);
  }
  const std::int64_t step = nice_step(max), top_value = axis_top(max, step);
  auto y_of = [&](std::int64_t v) {
    return top + plot_h - static_cast<double>(v) / static_cast<double>(top_value) * plot_h;
  };
  std::string out = svg_open(width, height, title);
  std::vector<std::pair<std::string, const char*>> keys;
  for (std::size_t s = 0; s < series.size(); ++s) keys.emplace_back(series[s].name, colour(s));
  out += legend(keys, left, 38);
  for (std::int64_t v = 0;; v += step) {  // 0, step, … up to the top, never past 64 bits
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>", left, width - 10,
                       y_of(v), y_of(v));
    out += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>", left - 6, y_of(v) + 4,
                       escape_html(short_value(v, unit, lang)));
    if (v > top_value - step) break;
  }
  for (std::size_t c = 0; c < categories.size(); ++c) {
    const double x = left + slot * static_cast<double>(c) + slot * 0.15;
    std::int64_t base = 0;
    for (std::size_t s = 0; s < series.size(); ++s) {
      const std::int64_t v = series[s].values[c];
      if (v <= 0) continue;
      out += rect(x, y_of(base + v), slot * 0.7, y_of(base) - y_of(base + v), colour(s),
                  categories[c] + " · " + series[s].name + ": " + exact_value(v, unit));
      base += v;
    }
    out +=
        fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"end\" transform=\"rotate(-45 {:.1f} {})\">{}</text>",
                    x + slot * 0.35, top + plot_h + 14, x + slot * 0.35, top + plot_h + 14, escape_html(categories[c]));
  }
  return out + "</svg></figure>\n";
}

std::string paired_bars(const std::string& title, const std::vector<Pair>& items, const std::string& before_name,
                        const std::string& after_name, Unit unit, Lang lang) {
  const int left = 190, top = 50, row = 34, plot_w = 420;
  const int width = left + plot_w + 150, height = top + row * static_cast<int>(items.size()) + 30;
  std::int64_t max = 0;
  for (const auto& i : items) max = std::max({max, i.before, i.after});
  const std::int64_t top_value = axis_top(max, nice_step(max));
  auto w_of = [&](std::int64_t v) {
    return static_cast<double>(std::max<std::int64_t>(v, 0)) / static_cast<double>(top_value) * plot_w;
  };
  std::string out = svg_open(width, height, title);
  out += legend({{before_name, before_colour}, {after_name, colour(0)}}, left, 38);
  for (std::size_t k = 0; k < items.size(); ++k) {
    const auto& i = items[k];
    const double y = top + row * static_cast<double>(k);
    out += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>", left - 8, y + 18,
                       escape_html(label_of(i.label, 26)));
    out += rect(left, y + 3, w_of(i.before), 12, before_colour,
                i.label + " · " + before_name + ": " + exact_value(i.before, unit));
    out += rect(left, y + 16, w_of(i.after), 12, colour(0),
                i.label + " · " + after_name + ": " + exact_value(i.after, unit));
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#555\">{}</text>", left + w_of(i.before) + 4, y + 13,
                       escape_html(short_value(i.before, unit, lang)));
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>", left + w_of(i.after) + 4, y + 26,
                       escape_html(short_value(i.after, unit, lang)));
  }
  return out + "</svg></figure>\n";
}

std::string bars(const std::string& title, const std::vector<Bar>& items, std::optional<std::int64_t> reference,
                 Unit unit) {
  const int left = 190, top = 36, row = 24, plot_w = 420;
  const int width = left + plot_w + 110, height = top + row * static_cast<int>(items.size()) + 30;
  std::int64_t max = reference.value_or(0);
  for (const auto& i : items) max = std::max(max, i.value);
  const std::int64_t top_value = axis_top(max, nice_step(max));
  auto w_of = [&](std::int64_t v) {
    return static_cast<double>(std::max<std::int64_t>(v, 0)) / static_cast<double>(top_value) * plot_w;
  };
  std::string out = svg_open(width, height, title);
  for (std::size_t k = 0; k < items.size(); ++k) {
    const auto& i = items[k];
    const double y = top + row * static_cast<double>(k);
    const bool over = reference && i.value > *reference;
    out += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{}</text>", left - 8, y + 15,
                       escape_html(label_of(i.label, 26)));
    out +=
        rect(left, y + 4, w_of(i.value), 15, over ? colour(3) : colour(2), i.label + ": " + exact_value(i.value, unit));
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\">{}</text>", left + w_of(i.value) + 4, y + 16,
                       escape_html(exact_value(i.value, unit)));
  }
  if (reference) {
    const double x = left + w_of(*reference), bottom = top + row * static_cast<double>(items.size());
    out += fmt::format(
        "<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2:.1f}\" stroke=\"#000\" stroke-dasharray=\"4 3\"/>", x,
        top, bottom);
    out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>", x, bottom + 14,
                       escape_html(exact_value(*reference, unit)));
  }
  return out + "</svg></figure>\n";
}

}  // namespace jaring::whatif

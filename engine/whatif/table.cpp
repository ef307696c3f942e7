#include "engine/whatif/table.hpp"

#include "engine/base/literals.hpp"
#include "engine/base/value.hpp"

namespace jaring::whatif {

std::size_t text_width(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string render_text(const Table& t) {
  std::vector<std::size_t> width(t.headers.size(), 0);
  for (std::size_t c = 0; c < t.headers.size(); ++c) width[c] = text_width(t.headers[c]);
  for (const auto& row : t.rows)
    for (std::size_t c = 0; c < row.size() && c < width.size(); ++c) width[c] = std::max(width[c], text_width(row[c]));
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t c = 0; c < cells.size() && c < width.size(); ++c) {
      const std::string pad(width[c] - text_width(cells[c]), ' ');
      const bool right = c < t.numeric.size() && t.numeric[c];
      out += (c ? "  " : "") + (right ? pad + cells[c] : cells[c] + (c + 1 < cells.size() ? pad : ""));
    }
    return out + "\n";
  };
  std::string out = t.title + "\n" + std::string(text_width(t.title), '=') + "\n";
  out += line(t.headers);
  std::size_t total_width = 0;
  for (std::size_t w : width) total_width += w + 2;
  out += std::string(total_width > 2 ? total_width - 2 : 0, '-') + "\n";
  for (const auto& row : t.rows) out += line(row);
  if (!t.note.empty()) out += t.note + "\n";
  return out + "\n";
}

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string money(std::int64_t sen) { return format_money(sen); }

std::string signed_money(std::int64_t sen) {
  if (sen == 0) return "Rp 0";
  return (sen > 0 ? "+" : "-") + format_money(sen > 0 ? sen : -sen);
}

std::string count(std::uint64_t n) { return format_int(static_cast<std::int64_t>(n)); }

std::string signed_count(std::int64_t n) { return n == 0 ? "0" : (n > 0 ? "+" : "-") + format_int(n > 0 ? n : -n); }

std::string percent(std::int64_t millionths) {
  const std::int64_t hundredths = must_fit(round_half_away({millionths, 100}));
  return format_percent(hundredths * 100);
}

std::string share(std::int64_t part, std::int64_t whole) {
  if (whole == 0) return "–";
  const std::int64_t hundredths = must_fit(round_half_away(reduce({static_cast<int128>(part) * 10'000, whole})));
  return format_percent(hundredths * 100);
}

}  // namespace jaring::whatif

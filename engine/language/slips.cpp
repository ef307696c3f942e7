#include "engine/language/slips.hpp"

#include <fmt/format.h>

#include <cctype>

#include "engine/base/i18n.hpp"

namespace jaring {

namespace {

bool digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// The line of `text` holding `offset`: [begin, end).
std::pair<std::size_t, std::size_t> line_of(std::string_view text, std::size_t offset) {
  const std::size_t nl = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  const std::size_t begin = nl == std::string_view::npos ? 0 : nl + 1;
  const std::size_t end = std::min(text.find('\n', offset), text.size());
  return {begin, end};
}

// `Rp 4,724,338` (or `Rp4,724,338`) around `offset`: money in English notation.
std::optional<Slip> english_money(std::string_view text, std::size_t offset) {
  const auto [line_begin, line_end] = line_of(text, offset);
  for (std::size_t at = text.find("Rp", line_begin); at != std::string_view::npos && at < line_end;
       at = text.find("Rp", at + 2)) {
    std::size_t i = at + 2;
    while (i < line_end && text[i] == ' ') ++i;
    const std::size_t digits = i;
    std::string whole;
    bool comma = false, grouped = true;
    std::size_t group = 0;
    for (; i < line_end && (digit(text[i]) || text[i] == ','); ++i) {
      if (text[i] == ',') {
        grouped = grouped && group >= 1 && (comma ? group == 3 : group <= 3);
        comma = true;
        group = 0;
      } else {
        whole += text[i];
        ++group;
      }
    }
    if (!comma || !grouped || group != 3 || i == digits) continue;
    if (offset < at || offset > i) continue;  // the parser stopped elsewhere on the line
    std::string dotted;
    for (std::size_t k = 0; k < whole.size(); ++k) {
      if (k > 0 && (whole.size() - k) % 3 == 0) dotted += '.';
      dotted += whole[k];
    }
    return Slip{"syntax", at, i, say("`{}` groups thousands with commas, as English does", text.substr(at, i - at)),
                say("money is written in Indonesian notation, dots between thousands and a comma before "
                    "sen: `Rp {}`",
                    dotted)};
  }
  return std::nullopt;
}

// `0.5` at `offset`: a decimal written with a point, where a percent (a share, a rate) or money
// was meant.
std::optional<Slip> point_decimal(std::string_view text, std::size_t offset) {
  std::size_t i = offset;
  while (i < text.size() && digit(text[i])) ++i;
  if (i == offset || i + 1 >= text.size() || text[i] != '.' || !digit(text[i + 1])) return std::nullopt;
  const std::string whole(text.substr(offset, i - offset));
  std::size_t j = i + 1;
  while (j < text.size() && digit(text[j])) ++j;
  const std::string fraction(text.substr(i + 1, j - i - 1));
  // As a percent: 0.5 -> 50%, 0.125 -> 12,5%, 1.5 -> 150%.
  std::string digits = whole + fraction;
  std::size_t point = whole.size() + 2;  // × 100
  while (digits.size() < point) digits += '0';
  std::string integral = digits.substr(0, point), rest = digits.substr(point);
  while (integral.size() > 1 && integral.front() == '0') integral.erase(integral.begin());
  while (!rest.empty() && rest.back() == '0') rest.pop_back();
  const std::string percent = integral + (rest.empty() ? "" : "," + rest) + "%";
  return Slip{"bare-decimal", offset, j,
              say("`{}` is a bare decimal, which the language does not allow", text.substr(offset, j - offset)),
              say("write a share or a rate as a percent, `{}`, and money with `Rp` and a comma before sen", percent)};
}

// A lone `=` at `offset` inside a condition: a comparison is `==`.
std::optional<Slip> assignment(std::string_view text, std::size_t offset) {
  if (offset >= text.size() || text[offset] != '=' || (offset + 1 < text.size() && text[offset + 1] == '='))
    return std::nullopt;
  if (offset > 0 && (text[offset - 1] == '!' || text[offset - 1] == '<' || text[offset - 1] == '>'))
    return std::nullopt;
  return Slip{"syntax", offset, offset + 1, say_text("`=` does not compare"),
              say_text("to compare two values write `==`, such as `role == \"ketua_rt\"`")};
}

}  // namespace

std::optional<Slip> syntax_slip(std::string_view text, std::size_t offset, bool after_item) {
  if (auto s = english_money(text, offset)) return s;
  if (auto s = point_decimal(text, offset)) return s;
  return after_item ? assignment(text, offset) : std::nullopt;
}

}  // namespace jaring

#include "engine/base/literals.hpp"
#include "engine/base/i18n.hpp"

#include <fmt/format.h>

#include <charconv>
#include <limits>
#include <vector>

namespace jaring {

namespace {

constexpr std::int64_t max_int = std::numeric_limits<std::int64_t>::max();

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// Appends decimal digits to `acc`, passing over `.` and `_` separators when `separated` (read in
// place, not copied without them first); false on overflow.
bool accumulate(std::int64_t& acc, std::string_view digits, bool separated = false) {
  for (char c : digits) {
    if (separated && (c == '.' || c == '_')) continue;
    const int d = c - '0';
    if (acc > (max_int - d) / 10) return false;
    acc = acc * 10 + d;
  }
  return true;
}

// Whether `s`, split at its dots, is thousands groups: a first of 1 to 3 characters, then
// groups of 3. Read in place: the groups of a vector were three allocations for every
// `Rp 3.450.000` of a spreadsheet's file (the fast lane converts such cells with the generic
// reader's field_convert.cpp, which comes here).
bool thousands_groups(std::string_view s) {
  std::size_t start = 0;
  for (bool first = true;; first = false) {
    const std::size_t dot = s.find('.', start);
    const std::size_t size = (dot == std::string_view::npos ? s.size() : dot) - start;
    if (first ? size == 0 || size > 3 : size != 3) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

const char* const decimal_help =
    JARING_MSG("write a fraction as a percent (`150%`, `1,5%`) and money with `Rp` and a comma for sen (`Rp 1,50`)");

// Whether an amount is written with `.` thousands groups or `_` separators (or neither), whose
// digits accumulate(…, true) then reads.
bool separated_well(std::string_view s) {
  const bool dots = s.find('.') != std::string_view::npos;
  const bool unders = s.find('_') != std::string_view::npos;
  return !(dots && unders) && (!dots || thousands_groups(s));
}

}  // namespace

NumberResult decode_number(std::string_view token) {
  const bool dots = token.find('.') != std::string_view::npos;
  if (!dots) {
    std::int64_t v = 0;
    if (!accumulate(v, token, true))
      return {{}, LiteralError{"number-too-large", say("`{}` is too large for a whole number", token), {}}};
    return {NumberLiteral{NumberKind::Int, v, {}}, {}};
  }
  if (token.find('_') != std::string_view::npos)
    return {{},
            LiteralError{"malformed-number", say("`{}` mixes `.` and `_` separators", token),
                         say_text("group thousands with dots (`1.528`) or underscores (`1_528`), not both")}};
  if (thousands_groups(token)) {
    std::int64_t v = 0;
    if (!accumulate(v, token, true))
      return {{}, LiteralError{"number-too-large", say("`{}` is too large for a whole number", token), {}}};
    return {NumberLiteral{NumberKind::Int, v, {}}, {}};
  }
  const auto groups = split(token, '.');
  if (groups[0].size() == 2 && groups[1].size() == 2) {
    static constexpr std::size_t widths[] = {2, 2, 2, 4};
    bool ok = groups.size() <= 4;
    for (std::size_t i = 0; ok && i < groups.size(); ++i) ok = groups[i].size() == widths[i];
    if (!ok)
      return {{},
              LiteralError{"malformed-region", say("malformed region code `{}`", token),
                           say_text("a Kemendagri region code is `PP.KK`, `PP.KK.CC` or `PP.KK.CC.VVVV`, "
                                    "such as `36.72` or `63.10.05.2001`")}};
    return {NumberLiteral{NumberKind::Region, 0, std::string(token)}, {}};
  }
  if (groups.size() == 2)
    return {{},
            LiteralError{"bare-decimal", say("`{}` is a bare decimal, which the language does not allow", token),
                         say_text(decimal_help)}};
  return {{},
          LiteralError{"malformed-number", say("`{}` is neither a whole number nor a region code", token),
                       say_text("group thousands in threes (`1.528`); write region codes as `PP.KK[.CC[.VVVV]]`")}};
}

IntResult decode_money(std::string_view token) {
  std::string_view s = token.substr(2);  // after `Rp`
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  std::string_view sen_digits;
  if (auto comma = s.find(','); comma != std::string_view::npos) {
    sen_digits = s.substr(comma + 1);
    s = s.substr(0, comma);
  }
  if (!separated_well(s))
    return {{},
            LiteralError{"malformed-money", say("malformed amount `{}`", token),
                         say_text("write money as `Rp 1.000.000` (dots between groups of three digits) or "
                                  "`Rp 1_000_000`, with `,50` for sen")}};
  if (sen_digits.size() > 2)
    return {{},
            LiteralError{"malformed-money", say("`{}` has more than two digits of sen", token),
                         say_text("money is exact to the sen: `Rp 1.000,50`")}};
  std::int64_t rupiah = 0;
  std::int64_t sen = 0;
  const bool fits = accumulate(rupiah, s, true) && accumulate(sen, sen_digits);
  if (sen_digits.size() == 1) sen *= 10;
  if (!fits || rupiah > (max_int - sen) / 100)
    return {{},
            LiteralError{"money-too-large", say("`{}` is too large", token),
                         say_text("money must be below Rp 92.233.720.368.547.758,08")}};
  return {rupiah * 100 + sen, {}};
}

IntResult decode_percent(std::string_view token) {
  const bool mille = token.back() != '%';
  std::string_view s = token.substr(0, token.size() - (mille ? 3 : 1));
  std::string_view frac;
  if (auto sep = s.find_first_of(",."); sep != std::string_view::npos) {
    frac = s.substr(sep + 1);
    s = s.substr(0, sep);
  }
  const std::size_t max_frac = mille ? 3 : 4;
  if (frac.size() > max_frac)
    return {{},
            LiteralError{"percent-precision", say("`{}` has more than {} decimals", token, max_frac),
                         say_text("percentages are exact to a millionth: `0,0001%` or `0,001‰`")}};
  std::int64_t whole = 0;
  std::int64_t part = 0;
  if (!accumulate(whole, s) || !accumulate(part, frac) || whole > 1'000'000'000)
    return {{}, LiteralError{"number-too-large", say("`{}` is too large", token), {}}};
  for (std::size_t i = frac.size(); i < max_frac; ++i) part *= 10;
  const std::int64_t unit = mille ? 1'000 : 10'000;
  return {whole * unit + part, {}};
}

std::string decode_string(std::string_view token) {
  std::string out;
  for (std::size_t i = 1; i + 1 < token.size(); ++i) {
    if (token[i] == '\\' && i + 2 < token.size()) {
      ++i;
      out += token[i] == 'n' ? '\n' : token[i];
    } else {
      out += token[i];
    }
  }
  return out;
}

char* write_int(char* at, std::int64_t value) {
  // The magnitude as unsigned: -INT64_MIN has no int64_t.
  std::uint64_t magnitude = static_cast<std::uint64_t>(value);
  if (value < 0) {
    *at++ = '-';
    magnitude = 0 - magnitude;
  }
  char digits[20];
  const std::size_t n = static_cast<std::size_t>(std::to_chars(digits, digits + sizeof digits, magnitude).ptr - digits);
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) *at++ = '.';
    *at++ = digits[i];
  }
  return at;
}

char* write_money(char* at, std::int64_t sen) {
  std::uint64_t magnitude = static_cast<std::uint64_t>(sen);
  if (sen < 0) {
    *at++ = '-';
    magnitude = 0 - magnitude;
  }
  *at++ = 'R';
  *at++ = 'p';
  *at++ = ' ';
  // The rupiah as an int64_t (under 2^63 / 100) grouped by write_int; the sen after a comma.
  at = write_int(at, static_cast<std::int64_t>(magnitude / 100));
  if (const std::uint64_t cents = magnitude % 100; cents != 0) {
    *at++ = ',';
    *at++ = static_cast<char>('0' + cents / 10);
    *at++ = static_cast<char>('0' + cents % 10);
  }
  return at;
}

std::string format_int(std::int64_t value) {
  char text[notation_chars];
  return {text, write_int(text, value)};
}

std::string format_money(std::int64_t sen) {
  char text[notation_chars];
  return {text, write_money(text, sen)};
}

std::string format_percent(std::int64_t millionths) {
  if (millionths < 0) return "-" + format_percent(-millionths);
  std::string out = std::to_string(millionths / 10'000);
  std::int64_t frac = millionths % 10'000;
  if (frac != 0) {
    std::string f = fmt::format("{:04}", frac);
    while (f.back() == '0') f.pop_back();
    out += "," + f;
  }
  return out + "%";
}

}  // namespace jaring

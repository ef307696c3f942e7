// Conversion of one field's text to a typed value, in the notations Indonesian offices write
// in spreadsheets. Every failure gives a reason a clerk can act on; the offending text is
// quoted in backticks, shortened and with unprintable bytes escaped.
#include <fmt/format.h>

#include <limits>

#include "engine/base/ascii.hpp"
#include "engine/base/i18n.hpp"
#include "engine/base/literals.hpp"
#include "engine/base/utf8.hpp"
#include "engine/io/record_draft.hpp"

namespace jaring {

namespace {

bool all_digits(std::string_view s) {
  for (char c : s)
    if (!is_ascii_digit(c)) return false;
  return !s.empty();
}

// The lexical shape of the language's numbers: digits, single `.`/`_` separators between them.
bool is_digit_run(std::string_view s) {
  if (s.empty() || !is_ascii_digit(s.front()) || !is_ascii_digit(s.back())) return false;
  for (std::size_t i = 1; i < s.size(); ++i)
    if (!is_ascii_digit(s[i]) && !is_ascii_digit(s[i - 1])) return false;
  for (char c : s)
    if (!is_ascii_digit(c) && c != '.' && c != '_') return false;
  return true;
}

bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::optional<Value> fail(std::string& reason, std::string message) {
  reason = std::move(message);
  return std::nullopt;
}

std::optional<Value> to_int(std::string_view t, std::string& reason) {
  const bool negative = !t.empty() && t.front() == '-';
  const std::string_view digits = negative ? t.substr(1) : t;
  if (!is_digit_run(digits)) return fail(reason, say("{} is not a whole number", quoted_for_message(t)));
  const NumberResult n = decode_number(digits);
  if (n.error && n.error->code == "number-too-large")
    return fail(reason, say("{} is too large for a whole number", quoted_for_message(t)));
  if (!n.value || n.value->kind != NumberKind::Int)
    return fail(reason, say("{} is not a whole number", quoted_for_message(t)));
  return Value::integer(negative ? -n.value->value : n.value->value);
}

// `1000000`, `1.000.000`, `1.000.000,50`, `Rp 1.000.000`, `Rp1.000.000,50`, `Rp 1_000_000`;
// offices also write `RP` and `Rp.`.
std::optional<Value> to_money(std::string_view t, std::string& reason) {
  std::string_view amount = t;
  if (amount.size() >= 2 && (amount[0] == 'R' || amount[0] == 'r') && (amount[1] == 'P' || amount[1] == 'p')) {
    amount.remove_prefix(2);
    if (!amount.empty() && amount.front() == '.') amount.remove_prefix(1);
    while (!amount.empty() && (amount.front() == ' ' || amount.front() == '\t')) amount.remove_prefix(1);
  }
  if (!t.empty() && (t.front() == '-' || (!amount.empty() && amount.front() == '-')))
    return fail(reason, say("money cannot be negative, found {}", quoted_for_message(t)));
  const std::size_t comma = amount.find(',');
  const std::string_view rupiah = amount.substr(0, comma);
  const bool sen_ok = comma == std::string_view::npos || all_digits(amount.substr(comma + 1));
  if (!is_digit_run(rupiah) || !sen_ok)
    return fail(reason,
                say("{} is not an amount of money (write `1000000` or `Rp 1.000.000,50`)", quoted_for_message(t)));
  // The amount as the language writes it, in a buffer kept from cell to cell: a new string for
  // each was an allocation for every amount past 12 characters (`Rp 12.500.000,00`).
  thread_local std::string token;
  token.assign("Rp ");
  token += amount;
  const IntResult r = decode_money(token);
  if (r.error) {
    if (r.error->code == "money-too-large")
      return fail(reason, say("{} is too large for an amount of money", quoted_for_message(t)));
    if (comma != std::string_view::npos && amount.size() - comma - 1 > 2)
      return fail(reason, say("{} has more than two digits of sen", quoted_for_message(t)));
    return fail(reason,
                say("{} is not an amount of money (group thousands in threes: `Rp 1.000.000`)", quoted_for_message(t)));
  }
  return Value::money(*r.value);
}

// `1%`, `0,24%`, `0.24%`, `3,5‰`.
std::optional<Value> to_percent(std::string_view t, std::string& reason) {
  constexpr std::string_view per_mille = "\xE2\x80\xB0";
  std::string_view number = t;
  if (!number.empty() && number.back() == '%') {
    number.remove_suffix(1);
  } else if (number.size() >= per_mille.size() && number.substr(number.size() - per_mille.size()) == per_mille) {
    number.remove_suffix(per_mille.size());
  } else {
    return fail(reason,
                say("{} is not a percentage (write it with a `%` sign, such as `0,24%`)", quoted_for_message(t)));
  }
  const std::size_t sep = number.find_first_of(",.");
  const bool ok =
      all_digits(number.substr(0, sep)) && (sep == std::string_view::npos || all_digits(number.substr(sep + 1)));
  if (!ok) return fail(reason, say("{} is not a percentage (write it such as `0,24%`)", quoted_for_message(t)));
  const IntResult r = decode_percent(t);
  if (r.error) {
    if (r.error->code == "percent-precision")
      return fail(reason, say("{} is more precise than a millionth", quoted_for_message(t)));
    return fail(reason, say("{} is too large for a percentage", quoted_for_message(t)));
  }
  return Value::percent_millionths(*r.value);
}

std::optional<Value> to_date(std::string_view t, std::string& reason, DateFormat f) {
  if (const auto day = parse_date(t)) return Value::date(*day);
  bool shaped = t.size() == 10 && t[4] == '-' && t[7] == '-' && all_digits(t.substr(0, 4)) &&
                all_digits(t.substr(5, 2)) && all_digits(t.substr(8, 2));
  if (f.separator && !shaped)
    if (const auto day = date_written_as(t, f, shaped)) return Value::date(*day);
  if (shaped) return fail(reason, say("{} is not a calendar date", quoted_for_message(t)));
  if (f.separator)
    return fail(reason,
                say("{} is not a date (write `{}` or `YYYY-MM-DD`)", quoted_for_message(t), date_format_name(f)));
  // A spreadsheet's date (`12/03/1950`, `1.5.1984`): named with the flag that reads it.
  for (const DateFormatName& other : date_formats) {
    bool like = false;
    if (other.format.separator && other.format.day_first && (date_written_as(t, other.format, like) || like))
      return fail(reason, say("{} is not a date (write `YYYY-MM-DD`, such as `2024-07-01`; a spreadsheet's "
                              "dates are read with --date-format {})",
                              quoted_for_message(t), other.name));
  }
  return fail(reason, say("{} is not a date (write `YYYY-MM-DD`, such as `2024-07-01`)", quoted_for_message(t)));
}

std::optional<Value> to_bool(std::string_view t, std::string& reason) {
  constexpr std::size_t longest = 5;  // `false`, `tidak`, `benar`, `salah`: a longer text is none (nor copied)
  if (t.size() <= longest) {
    char buf[longest];
    for (std::size_t i = 0; i < t.size(); ++i)
      buf[i] = t[i] >= 'A' && t[i] <= 'Z' ? static_cast<char>(t[i] - 'A' + 'a') : t[i];
    const std::string_view lower(buf, t.size());
    for (const char* yes : {"true", "ya", "1", "yes", "benar"})
      if (lower == yes) return Value::boolean(true);
    for (const char* no : {"false", "tidak", "0", "no", "salah"})
      if (lower == no) return Value::boolean(false);
  }
  return fail(reason, say("{} is not a yes/no value (use true/false, ya/tidak or 1/0)", quoted_for_message(t)));
}

std::optional<Value> to_region(std::string_view t, std::string& reason) {
  if (is_digit_run(t)) {
    const NumberResult n = decode_number(t);
    if (n.value && n.value->kind == NumberKind::Region) return Value::region(n.value->region);
  }
  return fail(reason,
              say("{} is not a region code (write `PP.KK[.CC[.VVVV]]`, such as `36.72`)", quoted_for_message(t)));
}

std::optional<Value> to_nik(std::string_view t, std::string& reason) {
  constexpr std::size_t nik_digits = 16;
  if (!all_digits(t)) return fail(reason, say("{} is not a NIK, which is 16 digits", quoted_for_message(t)));
  if (t.size() != nik_digits) return fail(reason, say("a NIK has 16 digits, found {}", t.size()));
  return Value::nik(std::string(t));
}

}  // namespace

// `t` as day, month and year (or month, day and year) between `f.separator`s: a day and a month
// of one digit or two, a year of four. Nothing when it is not so written; `shaped` then tells
// whether it was, with numbers that make no date.
std::optional<Day> date_written_as(std::string_view t, DateFormat f, bool& shaped) {
  int parts[3] = {0, 0, 0};
  std::size_t at = 0;
  for (int i = 0; i < 3; ++i) {
    const std::size_t most = i == 2 ? 4 : 2, least = i == 2 ? 4 : 1;
    std::size_t n = 0;
    for (; at < t.size() && n < most && is_ascii_digit(t[at]); ++at, ++n) parts[i] = parts[i] * 10 + (t[at] - '0');
    if (n < least) return std::nullopt;
    if (i < 2 && (at >= t.size() || t[at++] != f.separator)) return std::nullopt;
  }
  if (at != t.size()) return std::nullopt;
  shaped = true;
  const int y = parts[2], m = f.day_first ? parts[1] : parts[0], d = f.day_first ? parts[0] : parts[1];
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return day_from_ymd({y, m, d});
}

std::string_view date_format_name(DateFormat format) {
  for (const DateFormatName& f : date_formats)
    if (f.format == format) return f.name;
  return "YYYY-MM-DD";
}

std::optional<Value> convert_field(const FieldSpec& spec, std::string_view text, std::string& reason,
                                   DateFormat dates) {
  const std::string_view t = record_read::trim(text);
  if (t.empty()) return Value::missing();  // the caller applies the default or reports it
  switch (spec.type) {
    case ValueKind::Int: return to_int(t, reason);
    case ValueKind::Money: return to_money(t, reason);
    case ValueKind::Percent: return to_percent(t, reason);
    case ValueKind::Date: return to_date(t, reason, dates);
    case ValueKind::Bool: return to_bool(t, reason);
    case ValueKind::Region: return to_region(t, reason);
    case ValueKind::Nik: return to_nik(t, reason);
    case ValueKind::Text:
      if (!valid_utf8(t)) return fail(reason, say_text("invalid UTF-8"));
      return Value::text(std::string(t));
    default: return fail(reason, say_text("a field of this type cannot be read from a record"));
  }
}

}  // namespace jaring

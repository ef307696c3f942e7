// Runtime values. Money is integer sen; percentages and unrounded amounts are exact
// rationals; dates are day numbers; text and region codes are strings. No floating point.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/base/date.hpp"
#include "engine/base/rational.hpp"

namespace jaring {

enum class ValueKind : std::uint8_t { Missing, Int, Money, Unrounded, Percent, Date, Bool, Text, Region, Nik, Set };

struct Value {
  ValueKind kind = ValueKind::Missing;
  std::int64_t i = 0;                             // Int; Money (sen); Date (day number); Bool (0/1)
  Rational q;                                     // Percent (a fraction of 1: 0,24% = 24/10000); Unrounded (sen)
  std::string s;                                  // Text; Region (canonical `PP.KK[.CC[.VVVV]]`); Nik (16 digits)
  std::shared_ptr<const std::vector<Value>> set;  // Set

  static Value missing() { return {}; }
  static Value integer(std::int64_t v) { return make(ValueKind::Int, v); }
  static Value money(std::int64_t sen) { return make(ValueKind::Money, sen); }
  static Value date(Day d) { return make(ValueKind::Date, d); }
  static Value boolean(bool b) { return make(ValueKind::Bool, b ? 1 : 0); }
  static Value percent_millionths(std::int64_t m);
  static Value unrounded(Rational r);
  static Value text(std::string s) { return make_text(ValueKind::Text, std::move(s)); }
  static Value region(std::string code) { return make_text(ValueKind::Region, std::move(code)); }
  static Value nik(std::string digits) { return make_text(ValueKind::Nik, std::move(digits)); }

  bool is_missing() const { return kind == ValueKind::Missing; }

 private:
  static Value make(ValueKind k, std::int64_t v) {
    Value out;
    out.kind = k;
    out.i = v;
    return out;
  }
  static Value make_text(ValueKind k, std::string s) {
    Value out;
    out.kind = k;
    out.s = std::move(s);
    return out;
  }
};

// The value as an exact rational (Int, Money in sen, Percent, Unrounded in sen).
Rational as_rational(const Value& v);
// -1, 0, 1 for two values of one orderable kind (numbers and money exactly, dates, text).
int order(const Value& a, const Value& b);
// `a` is `b` or inside it (`36.72.01` within `36.72`).
bool region_within(const std::string& a, const std::string& b);
// Equality of two values of compatible kinds (Text and Nik compare as strings).
bool equal(const Value& a, const Value& b);
// The value as the language writes it (money `Rp 1.000,50`, dates ISO, percent `0,24%`).
std::string to_display(const Value& v);

}  // namespace jaring

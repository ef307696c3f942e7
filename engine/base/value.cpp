#include "engine/base/value.hpp"

#include "engine/base/literals.hpp"

namespace jaring {

namespace {

__int128 gcd128(__int128 a, __int128 b) {
  if (a < 0) a = -a;
  if (b < 0) b = -b;
  while (b != 0) {
    const __int128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

}  // namespace

Rational reduce(Rational r) {
  if (r.den < 0) r.num = -r.num, r.den = -r.den;
  if (r.den == 1) return r;
  const __int128 g = gcd128(r.num, r.den);
  if (g > 1) r.num /= g, r.den /= g;
  return r;
}

Value Value::percent_millionths(std::int64_t m) {
  Value v;
  v.kind = ValueKind::Percent;
  v.q = reduce({m, 1'000'000});
  return v;
}

Value Value::unrounded(Rational r) {
  Value v;
  v.kind = ValueKind::Unrounded;
  v.q = reduce(r);
  return v;
}

Rational as_rational(const Value& v) {
  if (v.kind == ValueKind::Percent || v.kind == ValueKind::Unrounded) return v.q;
  return {v.i, 1};
}

std::int64_t floor_div(Rational r) {
  __int128 q = r.num / r.den;
  if ((r.num % r.den != 0) && ((r.num < 0) != (r.den < 0))) --q;
  return static_cast<std::int64_t>(q);
}

std::int64_t ceil_div(Rational r) { return -floor_div({-r.num, r.den}); }

std::int64_t round_half_away(Rational r) {
  if (r.den < 0) r.num = -r.num, r.den = -r.den;
  const bool negative = r.num < 0;
  const __int128 n = negative ? -r.num : r.num;
  const __int128 q = (2 * n + r.den) / (2 * r.den);
  return static_cast<std::int64_t>(negative ? -q : q);
}

int compare(Rational a, Rational b) {
  const __int128 l = a.num * b.den;
  const __int128 r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

int order(const Value& a, const Value& b) {
  if (a.kind == ValueKind::Date || a.kind == ValueKind::Bool) return a.i < b.i ? -1 : a.i > b.i;
  if (a.kind == ValueKind::Text || a.kind == ValueKind::Region || a.kind == ValueKind::Nik) return a.s.compare(b.s);
  return compare(as_rational(a), as_rational(b));
}

bool region_within(const std::string& a, const std::string& b) {
  return a.size() >= b.size() && a.compare(0, b.size(), b) == 0 && (a.size() == b.size() || a[b.size()] == '.');
}

bool equal(const Value& a, const Value& b) {
  switch (a.kind) {
    case ValueKind::Text:
    case ValueKind::Region:
    case ValueKind::Nik: return a.s == b.s;
    case ValueKind::Percent:
    case ValueKind::Unrounded: return compare(as_rational(a), as_rational(b)) == 0;
    case ValueKind::Money:
      if (b.kind == ValueKind::Unrounded) return compare(as_rational(a), as_rational(b)) == 0;
      return a.i == b.i;
    case ValueKind::Missing: return b.kind == ValueKind::Missing;
    default: return a.i == b.i;
  }
}

std::string to_display(const Value& v) {
  switch (v.kind) {
    case ValueKind::Missing: return "(missing)";
    case ValueKind::Int: return std::to_string(v.i);
    case ValueKind::Money: return format_money(v.i);
    case ValueKind::Unrounded: {
      const Rational r = v.q;
      if (r.den == 1) return format_money(static_cast<std::int64_t>(r.num));
      return format_money(floor_div(r)) + "+";
    }
    case ValueKind::Percent: {
      const Rational m = reduce({v.q.num * 1'000'000, v.q.den});
      return format_percent(floor_div(m));
    }
    case ValueKind::Date: return format_date(static_cast<Day>(v.i));
    case ValueKind::Bool: return v.i ? "true" : "false";
    case ValueKind::Text:
    case ValueKind::Region:
    case ValueKind::Nik: return v.s;
    case ValueKind::Set: {
      std::string out = "[";
      if (v.set)
        for (std::size_t k = 0; k < v.set->size(); ++k) out += (k ? ", " : "") + to_display((*v.set)[k]);
      return out + "]";
    }
  }
  return "";
}

}  // namespace jaring

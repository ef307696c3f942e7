#include "engine/base/value.hpp"

#include "engine/base/literals.hpp"

namespace jaring {

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
      const auto whole = floor_div(v.q);
      if (!whole) return "(too large)";
      return format_money(*whole) + (v.q.den == 1 ? "" : "+");
    }
    case ValueKind::Percent: {
      const auto millionths = checked_mul(v.q, {1'000'000, 1});
      const auto whole = millionths ? floor_div(*millionths) : std::nullopt;
      return whole ? format_percent(*whole) : "(too large)";
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

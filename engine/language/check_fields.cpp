// Checks of the record's field constraints (`between`, `in`, `within`, `level`): each fits its
// field's type, is written with values, can hold for some value, and holds for the default.
#include <fmt/format.h>

#include "engine/base/i18n.hpp"
#include "engine/base/suggest.hpp"
#include "engine/language/check_internal.hpp"
#include "engine/language/constraint.hpp"

namespace jaring::internal {

namespace {

using ast::ConstraintKind;
using ast::ExprKind;

const char* keyword_of(ConstraintKind k) {
  switch (k) {
    case ConstraintKind::Between: return "between";
    case ConstraintKind::OneOf: return "in";
    case ConstraintKind::Within: return "within";
    case ConstraintKind::Level: return "level";
  }
  return "";
}

// The types each constraint applies to.
bool applies(ConstraintKind k, Base t) {
  switch (k) {
    case ConstraintKind::Between: return t == Base::Int || t == Base::Money || t == Base::Percent || t == Base::Date;
    case ConstraintKind::OneOf: return t == Base::Int || t == Base::Text || t == Base::Region;
    case ConstraintKind::Within:
    case ConstraintKind::Level: return t == Base::Region;
  }
  return false;
}

const char* applies_to(ConstraintKind k) {
  switch (k) {
    case ConstraintKind::Between: return JARING_MSG("whole numbers, money, percentages and dates");
    case ConstraintKind::OneOf: return JARING_MSG("text, whole numbers and region codes");
    case ConstraintKind::Within:
    case ConstraintKind::Level: return JARING_MSG("region codes");
  }
  return "";
}

class FieldChecker {
 public:
  FieldChecker(Checker& c, const ast::FieldDecl& f, Type type) : c_(c), f_(f), type_(type) {}

  // False when a problem was reported.
  bool run() {
    const ast::FieldConstraint& k = *f_.constraint;
    if (type_.base == no_type) return false;
    if (!applies(k.kind, type_.base)) {
      c_.diags_.error(
          "constraint-type", k.span,
          say("`{}` does not apply to `{}`, which is {}", keyword_of(k.kind), f_.name.name, type_name(type_)),
          say("`{}` applies to {}", keyword_of(k.kind), say_text(applies_to(k.kind))));
      return false;
    }
    bool ok = true;
    if (k.level && !parse_region_level(k.level->name)) {
      c_.diags_.error("unknown-level", k.level->span, say("`{}` is not a region level", k.level->name),
                      did_you_mean(k.level->name, region_level_names())
                          .value_or(say_text("the levels are province, regency, district and village (provinsi, "
                                             "kabupaten, kecamatan, desa)")));
      ok = false;
    }
    switch (k.kind) {
      case ConstraintKind::Between:
        ok = value(*k.low, say_text("bound")) && ok;
        ok = value(*k.high, say_text("bound")) && ok;
        break;
      case ConstraintKind::OneOf: ok = values(*k.values) && ok; break;
      case ConstraintKind::Within:
        ok = areas(*k.area) && ok;
        c_.check_area_in_region(*k.area);
        break;
      case ConstraintKind::Level: break;
    }
    return ok && satisfiable(k);
  }

 private:
  // `e` is a value written out (a literal, possibly negated) of the field's type.
  bool value(const ast::Expr& e, const std::string& what) {
    if (!literal_value(e, type_.base)) {
      c_.diags_.error("not-constant", e.span,
                      say("a constraint's {} must be a value written out, such as `1` or `Rp 1.000.000`", what));
      return false;
    }
    const std::size_t before = c_.diags_.error_count();
    c_.expect_type(e, type_, say("this {} of `{}`", what, f_.name.name));
    return c_.diags_.error_count() == before;
  }

  bool values(const ast::Expr& set) {
    if (set.args.empty()) {
      c_.diags_.error("impossible-constraint", set.span, say_text("an empty list allows no value at all"),
                      say("list the values `{}` may take, or drop `in`", f_.name.name));
      return false;
    }
    bool ok = true;
    for (std::size_t i = 0; i < set.args.size(); ++i) {
      const auto& a = *set.args[i];
      if (!value(a, say_text("value"))) {
        ok = false;
        continue;
      }
      const Value v = *literal_value(a, type_.base);
      for (std::size_t j = 0; j < i; ++j) {
        const auto prior = literal_value(*set.args[j], type_.base);
        if (prior && prior->kind == v.kind && equal(*prior, v)) {
          c_.diags_.warning("duplicate-item", a.span, say("`{}` is listed twice", to_display(v)),
                            say("the first is at {}", c_.where(set.args[j]->span)));
          break;
        }
      }
    }
    return ok;
  }

  bool areas(const ast::Expr& area) {
    if (area.kind == ExprKind::Region) return true;
    if (area.kind == ExprKind::Set && !area.args.empty()) {
      bool ok = true;
      for (const auto& a : area.args)
        if (a->kind != ExprKind::Region) ok = area_error(*a);
      return ok;
    }
    return area_error(area);
  }

  bool area_error(const ast::Expr& e) {
    c_.diags_.error("not-constant", e.span, say_text("`within` needs region codes written out, such as `63.10`"),
                    say_text("list several as `[63.10, 63.11]`"));
    return false;
  }

  // Some value holds: `between` bounds in order, `within` areas no finer than the level.
  bool satisfiable(const ast::FieldConstraint& k) {
    const auto vc = make_constraint(k, type_.base);
    if (!vc) return false;
    if (k.kind == ConstraintKind::Between && order(vc->low, vc->high) > 0) {
      c_.diags_.error("impossible-constraint", k.span,
                      say("no value is between {} and {}: the lower bound is above the upper", to_display(vc->low),
                          to_display(vc->high)),
                      say_text("write the smaller bound first"));
      return false;
    }
    if (k.kind == ConstraintKind::Within && vc->level) {
      for (const auto& a : vc->areas)
        if (region_level_of(a) > *vc->level) {
          c_.diags_.error("impossible-constraint", k.span,
                          say("no {} code is within {}, which is a {}", region_level_said(*vc->level), a,
                              region_level_said(region_level_of(a))),
                          say_text("name an area at or above the level"));
          return false;
        }
    }
    if (f_.default_value)
      if (const auto d = literal_value(*f_.default_value, type_.base); d && d->kind == type_.base)
        if (const auto why = constraint_violation(*vc, *d))
          c_.diags_.error("default-breaks-constraint", f_.default_value->span,
                          say("the default of `{}` breaks its own constraint: {}", f_.name.name, *why),
                          say("choose a default that is {}", constraint_text(*vc)));
    return true;
  }

  Checker& c_;
  const ast::FieldDecl& f_;
  Type type_;
};

}  // namespace

void Checker::check_fields() {
  if (!policy_.record) return;
  for (const auto& f : policy_.record->fields) {
    if (!f.constraint) continue;
    const auto t = parse_type_name(f.type.name);
    if (t && t->base != Base::Set) FieldChecker(*this, f, *t).run();
  }
}

}  // namespace jaring::internal

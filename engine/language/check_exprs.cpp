// Types and units of expressions (see README "Expressions").
#include <fmt/format.h>

#include "engine/base/date.hpp"
#include "engine/base/i18n.hpp"
#include "engine/base/regions.hpp"
#include "engine/base/suggest.hpp"
#include "engine/language/builtins.hpp"
#include "engine/language/check_internal.hpp"

namespace jaring::internal {

namespace {

using ast::ExprKind;
using ast::Op;

const char* op_text(Op op) {
  switch (op) {
    case Op::Add: return "+";
    case Op::Sub: return "-";
    case Op::Mul: return "*";
    case Op::Div: return "/";
    case Op::Eq: return "==";
    case Op::Ne: return "!=";
    case Op::Lt: return "<";
    case Op::Le: return "<=";
    case Op::Gt: return ">";
    case Op::Ge: return ">=";
    case Op::And: return "and";
    case Op::Or: return "or";
  }
  return "?";
}

}  // namespace

bool Checker::is_constant(const ast::Expr& e) const {
  switch (e.kind) {
    case ExprKind::Name:
    case ExprKind::Call: return false;
    default:
      for (const auto& a : e.args)
        if (!is_constant(*a)) return false;
      return true;
  }
}

void Checker::expect_type(const ast::Expr& e, Type want, const std::string& what) {
  const Type got = type_of(e);
  if (got.base == no_type || got == want) return;
  if (want.base == Base::Money && got.base == Base::Unrounded) return expect_money(e, what);
  if (want.base == Base::Set && got.base == Base::Set) return;
  if (want.base == Base::Nik && got.base == Base::Text) return;
  const std::string wanted = want.base == Base::Set && want.elem == no_type ? say_text("a set") : type_name(want);
  diags_.error("type-mismatch", e.span, say("{} must be {}, found {}", what, wanted, type_name(got)));
}

void Checker::expect_money(const ast::Expr& e, const std::string& what) {
  const Type got = type_of(e);
  if (got.base == no_type || got.base == Base::Money) return;
  if (got.base == Base::Unrounded) {
    diags_.error("unrounded-money", e.span, say("{} is an unrounded amount; money must be rounded to the sen", what),
                 say_text("wrap it in `round(...)`, `floor(...)` or `ceil(...)`"));
    return;
  }
  diags_.error("type-mismatch", e.span, say("{} must be money, found {}", what, type_name(got)));
}

namespace {

struct ExprTyper {
  Checker& c;

  Type error(const ast::Expr& e, DiagCode code, const std::string& msg, std::optional<std::string> help = {}) {
    c.diags_.error(code, e.span, msg, std::move(help));
    return {};
  }

  Type name(const ast::Expr& e) {
    if (e.text == "as_of") return {Base::Date};
    if (auto it = c.fields_.find(e.text); it != c.fields_.end()) return it->second;
    if (auto it = c.parameters_.find(e.text); it != c.parameters_.end()) return it->second;
    if (auto it = c.lets_.find(e.text); it != c.lets_.end()) return c.let_type(*it->second);
    const std::string msg = c.policy_.record ? say("record `{}` has no field `{}`", c.policy_.record->name.name, e.text)
                                             : say("unknown name `{}`", e.text);
    return error(e, "unknown-field", msg, did_you_mean(e.text, c.value_names()));
  }

  Type arithmetic(const ast::Expr& e, Type a, Type b) {
    const Op op = e.op;
    const Base x = a.base, y = b.base;
    auto bad = [&]() {
      return error(e, "type-mismatch", say("cannot apply `{}` to {} and {}", op_text(op), type_name(a), type_name(b)));
    };
    if (op == Op::Add || op == Op::Sub) {
      if (x == y && (x == Base::Int || x == Base::Money || x == Base::Percent || x == Base::Unrounded)) return a;
      if (moneyish(x) && moneyish(y)) return {Base::Unrounded};
      if (x == Base::Date && y == Base::Int) return a;
      if (op == Op::Sub && x == Base::Date && y == Base::Date) return {Base::Int};
      return bad();
    }
    if (op == Op::Mul) {
      if (moneyish(x) && moneyish(y))
        return error(e, "money-times-money", say_text("cannot multiply money by money"),
                     say_text("multiply money by a whole number or a percent, such as `wage * 2%`"));
      if (x == Base::Int && y == Base::Int) return a;
      if ((x == Base::Money && y == Base::Int) || (x == Base::Int && y == Base::Money)) return {Base::Money};
      if ((moneyish(x) && (y == Base::Percent || y == Base::Int)) ||
          (moneyish(y) && (x == Base::Percent || x == Base::Int)))
        return {Base::Unrounded};
      if ((x == Base::Percent && (y == Base::Percent || y == Base::Int)) || (x == Base::Int && y == Base::Percent))
        return {Base::Percent};
      return bad();
    }
    // Division
    if (moneyish(x) && y == Base::Int) return {Base::Unrounded};
    if (x == Base::Percent && y == Base::Int) return {Base::Percent};
    if (moneyish(x) && moneyish(y))
      return error(e, "type-mismatch", say_text("cannot divide money by money"),
                   say_text("compare the amounts, or multiply by a percent"));
    if (x == Base::Int && y == Base::Int)
      return error(e, "inexact-division", say_text("dividing whole numbers is not exact"),
                   say_text("multiply by a percent instead, such as `count * 50%`"));
    return bad();
  }

  Type compare(const ast::Expr& e, Type a, Type b) {
    const bool equality = e.op == Op::Eq || e.op == Op::Ne;
    const auto j = join(a, b);
    if (!j || (!equality && !orderable(j->base)))
      return error(e, "type-mismatch",
                   say("cannot compare {} with {} using `{}`", type_name(a), type_name(b), op_text(e.op)));
    return {Base::Bool};
  }

  // `01/01/1990`: a date written day/month/year parses as two divisions of whole numbers.
  static bool int_literal(const ast::Expr& e) { return e.kind == ExprKind::Int; }
  std::optional<Type> slashed_date(const ast::Expr& e) {
    if (e.op != Op::Div || e.args[0]->kind != ExprKind::Binary || e.args[0]->op != Op::Div) return std::nullopt;
    const ast::Expr& dm = *e.args[0];
    if (!int_literal(*dm.args[0]) || !int_literal(*dm.args[1]) || !int_literal(*e.args[1])) return std::nullopt;
    const std::int64_t day = dm.args[0]->int_value, month = dm.args[1]->int_value, year = e.args[1]->int_value;
    if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
    const std::string written = fmt::format("{:02}/{:02}/{}", day, month, year);
    const std::string iso = fmt::format("{}-{:02}-{:02}", year, month, day);
    return error(e, "date-format", say("`{}` is not a date: it divides whole numbers", written),
                 parse_date(iso) ? say("write dates as YYYY-MM-DD: `{}`", iso)
                                 : say_text("write dates as YYYY-MM-DD, such as `1990-01-31`"));
  }

  Type binary(const ast::Expr& e) {
    if (auto slip = slashed_date(e)) return *slip;
    const Type a = c.type_of(*e.args[0]);
    const Type b = c.type_of(*e.args[1]);
    if (a.base == no_type || b.base == no_type) return {};
    switch (e.op) {
      case Op::And:
      case Op::Or:
        if (a.base != Base::Bool)
          return error(*e.args[0], "type-mismatch",
                       say("`{}` needs a condition, found {}", op_text(e.op), type_name(a)));
        if (b.base != Base::Bool)
          return error(*e.args[1], "type-mismatch",
                       say("`{}` needs a condition, found {}", op_text(e.op), type_name(b)));
        return {Base::Bool};
      case Op::Add:
      case Op::Sub:
      case Op::Mul:
      case Op::Div: return arithmetic(e, a, b);
      default: return compare(e, a, b);
    }
  }

  Type call(const ast::Expr& e) {
    std::vector<Type> args;
    for (const auto& a : e.args) args.push_back(c.type_of(*a));
    for (const auto& t : args)
      if (t.base == no_type) return {};
    const auto index = find_builtin(e.text);
    if (!index) {
      std::vector<std::string> functions;
      for (const auto& b : builtins()) functions.emplace_back(b.name);
      for (const auto& a : builtin_aliases()) functions.emplace_back(a.indonesian);
      return error(e, "unknown-function", say("unknown function `{}`", e.text), did_you_mean(e.text, functions));
    }
    const Builtin& f = builtins()[*index];
    if (args.size() < f.min_args || args.size() > f.max_args) return error(e, "arity", arity_text(f, args.size()));
    BuiltinTyping t = f.type(f.name, args);
    if (t.type) return *t.type;
    return error(t.argument ? *e.args[*t.argument] : e, "type-mismatch", t.message);
  }

  Type set(const ast::Expr& e) {
    Type elem{};
    bool first = true;
    for (const auto& a : e.args) {
      const Type t = c.type_of(*a);
      if (t.base == no_type) return {};
      if (t.base == Base::Set) return error(*a, "type-mismatch", say_text("a set cannot contain another set"));
      if (first) elem = t;
      else if (!join(elem, t))
        return error(*a, "type-mismatch",
                     say("set elements must have one type: {} and {}", type_name(elem), type_name(t)));
      first = false;
    }
    return {Base::Set, first ? no_type : elem.base};
  }

  Type in(const ast::Expr& e) {
    const Type a = c.type_of(*e.args[0]);
    const Type s = c.type_of(*e.args[1]);
    if (a.base == no_type || s.base == no_type) return {};
    if (s.base != Base::Set)
      return error(*e.args[1], "type-mismatch", say("`in` needs a set on the right, found {}", type_name(s)));
    if (s.elem != no_type && !join(a, Type{s.elem}))
      return error(e, "type-mismatch", say("cannot look for {} in a {}", type_name(a), type_name(s)));
    return {Base::Bool};
  }

  Type between(const ast::Expr& e) {
    const auto& lo = *e.args[1];
    const auto& hi = *e.args[2];
    if (lo.kind == hi.kind &&
        (lo.kind == ExprKind::Int || lo.kind == ExprKind::Money || lo.kind == ExprKind::Percent ||
         lo.kind == ExprKind::Date) &&
        lo.int_value > hi.int_value)
      c.diags_.warning("empty-range", e.span,
                       say_text("this `between` is never true: the lower bound is above the upper bound"),
                       say_text("write the smaller bound first"));
    Type acc = c.type_of(*e.args[0]);
    for (std::size_t i = 1; i < 3; ++i) {
      const Type t = c.type_of(*e.args[i]);
      if (acc.base == no_type || t.base == no_type) return {};
      auto j = join(acc, t);
      if (!j || !orderable(j->base))
        return error(
            e, "type-mismatch",
            say("`between` needs values of one orderable type, found {} and {}", type_name(acc), type_name(t)));
      acc = *j;
    }
    return {Base::Bool};
  }

  Type type(const ast::Expr& e) {
    switch (e.kind) {
      case ExprKind::Int: return {Base::Int};
      case ExprKind::Money: return {Base::Money};
      case ExprKind::Percent: return {Base::Percent};
      case ExprKind::Date: return {Base::Date};
      case ExprKind::Text: return {Base::Text};
      case ExprKind::Bool: return {Base::Bool};
      case ExprKind::Region: return {Base::Region};
      case ExprKind::Set: return set(e);
      case ExprKind::Name: return name(e);
      case ExprKind::Call: return call(e);
      case ExprKind::Binary: return binary(e);
      case ExprKind::In: return in(e);
      case ExprKind::Between: return between(e);
      case ExprKind::Negate: {
        const Type t = c.type_of(*e.args[0]);
        if (t.base == no_type || numeric(t.base)) return t;
        return error(e, "type-mismatch", say("cannot negate {}", type_name(t)));
      }
      case ExprKind::Not: {
        const Type t = c.type_of(*e.args[0]);
        if (t.base == no_type || t.base == Base::Bool) return t;
        return error(e, "type-mismatch", say("`not` needs a condition, found {}", type_name(t)));
      }
      case ExprKind::Within: {
        for (const auto& a : e.args) {
          const Type t = c.type_of(*a);
          if (t.base == no_type) return {};
          if (t.base != Base::Region)
            return error(*a, "type-mismatch", say("`within` compares region codes, found {}", type_name(t)));
        }
        c.check_area_in_region(*e.args[1]);
        return {Base::Bool};
      }
      case ExprKind::If: {
        const Type cond = c.type_of(*e.args[0]);
        const Type a = c.type_of(*e.args[1]);
        const Type b = c.type_of(*e.args[2]);
        if (cond.base != no_type && cond.base != Base::Bool)
          error(*e.args[0], "type-mismatch",
                say("the condition of `if` must be true or false, found {}", type_name(cond)));
        if (a.base == no_type || b.base == no_type) return {};
        if (auto j = join(a, b)) return *j;
        return error(e, "type-mismatch", say("the branches of `if` differ: {} and {}", type_name(a), type_name(b)));
      }
    }
    return {};
  }
};

}  // namespace

Type Checker::type_of(const ast::Expr& e) { return ExprTyper{*this}.type(e); }

namespace {

// Whether one code is the other or an area inside it (`36.72.01` and `36.72`, either way).
bool nested(const std::string& a, const std::string& b) {
  const std::string& outer = a.size() <= b.size() ? a : b;
  const std::string& inner = a.size() <= b.size() ? b : a;
  return inner == outer || (inner.compare(0, outer.size(), outer) == 0 && inner[outer.size()] == '.');
}

}  // namespace

void Checker::check_area_in_region(const ast::Expr& area) {
  if (!policy_.region_code) return;
  const std::string& region = policy_.region_code->text;
  std::vector<const ast::Expr*> codes;
  if (area.kind == ExprKind::Region) codes.push_back(&area);
  if (area.kind == ExprKind::Set)
    for (const auto& a : area.args)
      if (a->kind == ExprKind::Region) codes.push_back(a.get());
  for (const auto* code : codes) {
    // An unlisted code is an error of its own (check_regions.cpp); where it lies is moot.
    if (nested(code->text, region) || !find_region(code->text)) continue;
    const std::string name = policy_.region_name ? " (" + policy_.region_name->text + ")" : "";
    diags_.warning(
        "within-outside-region", code->span,
        say("`{}` is outside this policy's region {}{}: no one of the region is within it", code->text, region, name),
        say("a `within` left over from another region's policy? write a code inside {}", region));
  }
}

}  // namespace jaring::internal

#include "engine/runtime/eval_expr.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "engine/language/builtins.hpp"

namespace jaring::internal {

namespace {

Value fail(EvalContext& ctx, std::string why) {
  if (ctx.problem.empty()) ctx.problem = std::move(why);
  return Value::missing();
}

bool is_rational(ValueKind k) { return k == ValueKind::Percent || k == ValueKind::Unrounded; }

Rational mul(Rational a, Rational b) { return reduce({a.num * b.num, a.den * b.den}); }
Rational add(Rational a, Rational b) { return reduce({a.num * b.den + b.num * a.den, a.den * b.den}); }

Value from_rational(ValueKind k, Rational r) {
  if (k == ValueKind::Percent) {
    Value v;
    v.kind = ValueKind::Percent;
    v.q = reduce(r);
    return v;
  }
  return Value::unrounded(r);
}

Value parameter(const CParameter& p, EvalContext& ctx) {
  const DatedValue* at = nullptr;
  for (const auto& v : p.values)
    if (v.since <= ctx.as_of) at = &v;
  if (!at || (at->until && *at->until < ctx.as_of))
    return fail(ctx, fmt::format("parameter `{}` has no value on {}", p.info.name, format_date(ctx.as_of)));
  if (ctx.trace)
    ctx.trace->parameter_values.emplace(static_cast<std::uint32_t>(&p - ctx.program.parameters.data()),
                                        static_cast<std::uint32_t>(at - p.values.data()));
  if (at->value) return eval(*at->value, ctx);
  const Value& key = ctx.record->values[*p.by_field];
  if (key.is_missing())
    return fail(ctx, fmt::format("field `{}` is missing", ctx.program.schema.fields[*p.by_field].name));
  auto it = at->table.find(to_display(key));
  if (it == at->table.end())
    return fail(ctx, fmt::format("parameter `{}` has no value for `{}` = {}", p.info.name,
                                 ctx.program.schema.fields[*p.by_field].name, to_display(key)));
  return eval(it->second, ctx);
}

Value arithmetic(NodeKind op, const Value& a, const Value& b, EvalContext& ctx) {
  const ValueKind x = a.kind, y = b.kind;
  std::int64_t out = 0;
  auto overflow = [&] { return fail(ctx, "an amount is too large to compute exactly"); };
  if (!is_rational(x) && !is_rational(y)) {
    if (op == NodeKind::Add || op == NodeKind::Sub) {
      const bool ok =
          op == NodeKind::Add ? !__builtin_add_overflow(a.i, b.i, &out) : !__builtin_sub_overflow(a.i, b.i, &out);
      if (!ok) return overflow();
      if (x == ValueKind::Date && y == ValueKind::Date) return Value::integer(out);
      Value v = a;
      v.i = out;
      return v;
    }
    if (op == NodeKind::Mul) {
      if (x == ValueKind::Int && y == ValueKind::Int) {
        if (__builtin_mul_overflow(a.i, b.i, &out)) return overflow();
        return Value::integer(out);
      }
      if (x == ValueKind::Money || y == ValueKind::Money) {
        if (__builtin_mul_overflow(a.i, b.i, &out)) return overflow();
        return Value::money(out);
      }
    }
    if (op == NodeKind::Div) {
      if (b.i == 0) return fail(ctx, "division by zero");
      return Value::unrounded({a.i, b.i});
    }
  }
  const Rational ra = as_rational(a), rb = as_rational(b);
  const ValueKind kind =
      (x == ValueKind::Money || x == ValueKind::Unrounded || y == ValueKind::Money || y == ValueKind::Unrounded)
          ? ValueKind::Unrounded
          : ValueKind::Percent;
  switch (op) {
    case NodeKind::Add: return from_rational(kind, add(ra, rb));
    case NodeKind::Sub: return from_rational(kind, add(ra, {-rb.num, rb.den}));
    case NodeKind::Mul: return from_rational(kind, mul(ra, rb));
    default:
      if (rb.num == 0) return fail(ctx, "division by zero");
      return from_rational(kind, mul(ra, {rb.den, rb.num}));
  }
}

Value compare_values(NodeKind op, const Value& a, const Value& b) {
  if (op == NodeKind::Eq) return Value::boolean(equal(a, b));
  if (op == NodeKind::Ne) return Value::boolean(!equal(a, b));
  const int c = order(a, b);
  switch (op) {
    case NodeKind::Lt: return Value::boolean(c < 0);
    case NodeKind::Le: return Value::boolean(c <= 0);
    case NodeKind::Gt: return Value::boolean(c > 0);
    default: return Value::boolean(c >= 0);
  }
}

Value membership(const Node& n, EvalContext& ctx) {
  const Value x = eval(n.kids[0], ctx);
  if (x.is_missing()) return x;
  bool found = false;
  if (n.text_set) {
    found = n.text_set->count(x.s) > 0;
  } else {
    const Value set = eval(n.kids[1], ctx);
    if (set.is_missing()) return set;
    if (set.set) found = std::any_of(set.set->begin(), set.set->end(), [&](const Value& e) { return equal(e, x); });
  }
  return Value::boolean(n.kind == NodeKind::In ? found : !found);
}

Value logical(const Node& n, EvalContext& ctx) {
  // Short-circuit; a missing side is absorbed when the other side decides.
  const bool is_and = n.kind == NodeKind::And;
  const Value a = eval(n.kids[0], ctx);
  if (!a.is_missing() && (a.i != 0) != is_and) return a;
  const Value b = eval(n.kids[1], ctx);
  if (!b.is_missing() && (b.i != 0) != is_and) return b;
  if (a.is_missing() || b.is_missing()) return Value::missing();
  return b;
}

}  // namespace

Value eval(const Node& n, EvalContext& ctx) {
  switch (n.kind) {
    case NodeKind::Const: return n.constant;
    case NodeKind::Field: {
      const Value& v = ctx.record->values[n.slot];
      if (v.is_missing())
        return fail(ctx, fmt::format("field `{}` is missing", ctx.program.schema.fields[n.slot].name));
      return v;
    }
    case NodeKind::Let: {
      auto& memo = ctx.lets[n.slot];
      if (!memo) memo = eval(ctx.program.lets[n.slot], ctx);
      return *memo;
    }
    case NodeKind::Param: return parameter(ctx.program.parameters[n.slot], ctx);
    case NodeKind::AsOf: return Value::date(ctx.as_of);
    case NodeKind::And:
    case NodeKind::Or: return logical(n, ctx);
    case NodeKind::In:
    case NodeKind::NotIn: return membership(n, ctx);
    case NodeKind::If: {
      const Value c = eval(n.kids[0], ctx);
      if (c.is_missing()) return c;
      return eval(n.kids[c.i ? 1 : 2], ctx);
    }
    case NodeKind::SetOf: {
      auto elems = std::make_shared<std::vector<Value>>();
      for (const auto& k : n.kids) {
        Value v = eval(k, ctx);
        if (v.is_missing()) return v;
        elems->push_back(std::move(v));
      }
      Value s;
      s.kind = ValueKind::Set;
      s.set = std::move(elems);
      return s;
    }
    default: break;
  }
  std::vector<Value> args;
  args.reserve(n.kids.size());
  for (const auto& k : n.kids) {
    args.push_back(eval(k, ctx));
    if (args.back().is_missing()) return Value::missing();
  }
  switch (n.kind) {
    case NodeKind::Call: return builtins()[n.slot].eval(args);
    case NodeKind::Neg: {
      Value v = args[0];
      if (is_rational(v.kind)) v.q.num = -v.q.num;
      else v.i = -v.i;
      return v;
    }
    case NodeKind::Not: return Value::boolean(args[0].i == 0);
    case NodeKind::Add:
    case NodeKind::Sub:
    case NodeKind::Mul:
    case NodeKind::Div: return arithmetic(n.kind, args[0], args[1], ctx);
    case NodeKind::Between: return Value::boolean(order(args[1], args[0]) <= 0 && order(args[0], args[2]) <= 0);
    case NodeKind::Within: return Value::boolean(region_within(args[0].s, args[1].s));
    default: return compare_values(n.kind, args[0], args[1]);
  }
}

bool eval_true(const Node& node, EvalContext& ctx) {
  const Value v = eval(node, ctx);
  return !v.is_missing() && v.i != 0;
}

}  // namespace jaring::internal

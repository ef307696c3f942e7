#include "engine/runtime/eval_expr.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <limits>

#include "engine/language/builtins.hpp"

namespace jaring::internal {

namespace {

Value fail(EvalContext& ctx, const Node& at, ProblemKind kind, std::uint32_t subject = 0, std::string key = {}) {
  if (!ctx.problem) ctx.problem = EvalProblem{kind, at.span, subject, std::move(key)};
  return Value::missing();
}

bool is_rational(ValueKind k) { return k == ValueKind::Percent || k == ValueKind::Unrounded; }

Value from_rational(ValueKind k, Rational r) {
  if (k == ValueKind::Percent) {
    Value v;
    v.kind = ValueKind::Percent;
    v.q = reduce(r);
    return v;
  }
  return Value::unrounded(r);
}

Value parameter(const Node& n, const CParameter& p, EvalContext& ctx) {
  const auto index = static_cast<std::uint32_t>(&p - ctx.program.parameters.data());
  const DatedValue* at = nullptr;
  for (const auto& v : p.values)
    if (v.since <= ctx.as_of) at = &v;
  if (!at || (at->until && *at->until < ctx.as_of)) return fail(ctx, n, ProblemKind::NoDatedValue, index);
  if (ctx.trace) ctx.trace->parameter_values.emplace(index, static_cast<std::uint32_t>(at - p.values.data()));
  if (at->value) return eval(*at->value, ctx);
  const Value& key = ctx.record->values[*p.by_field];
  if (key.is_missing()) return fail(ctx, n, ProblemKind::MissingField, *p.by_field);
  auto it = at->table.find(to_display(key));
  if (it == at->table.end()) return fail(ctx, n, ProblemKind::NoTableEntry, index, to_display(key));
  return eval(it->second, ctx);
}

Value arithmetic(const Node& n, const Value& a, const Value& b, EvalContext& ctx) {
  const NodeKind op = n.kind;
  const ValueKind x = a.kind, y = b.kind;
  std::int64_t out = 0;
  auto overflow = [&] { return fail(ctx, n, ProblemKind::Overflow); };
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
      if (b.i == 0) return fail(ctx, n, ProblemKind::DivisionByZero);
      return Value::unrounded(reduce({a.i, b.i}));
    }
  }
  const Rational ra = as_rational(a), rb = as_rational(b);
  const ValueKind kind =
      (x == ValueKind::Money || x == ValueKind::Unrounded || y == ValueKind::Money || y == ValueKind::Unrounded)
          ? ValueKind::Unrounded
          : ValueKind::Percent;
  std::optional<Rational> r;
  switch (op) {
    case NodeKind::Add: r = checked_add(ra, rb); break;
    case NodeKind::Sub: r = checked_sub(ra, rb); break;
    case NodeKind::Mul: r = checked_mul(ra, rb); break;
    default:
      if (rb.num == 0) return fail(ctx, n, ProblemKind::DivisionByZero);
      r = checked_div(ra, rb);
  }
  if (!r) return overflow();
  return from_rational(kind, *r);
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

// The value of `n` without copying it where it already exists (a constant, a record field, a
// memoised let), else evaluated into `tmp`; null when it is missing (see ctx.problem).
const Value* borrow(const Node& n, EvalContext& ctx, Value& tmp) {
  switch (n.kind) {
    case NodeKind::Const: return n.constant.is_missing() ? nullptr : &n.constant;
    case NodeKind::Field: {
      const Value& v = ctx.record->values[n.slot];
      if (v.is_missing()) {
        fail(ctx, n, ProblemKind::MissingField, n.slot);
        return nullptr;
      }
      return &v;
    }
    case NodeKind::Let: {
      auto& memo = ctx.lets[n.slot];  // the vector never grows, so the memo stays in place
      if (!memo) memo = eval(ctx.program.lets[n.slot], ctx);
      return memo->is_missing() ? nullptr : &*memo;
    }
    default: tmp = eval(n, ctx); return tmp.is_missing() ? nullptr : &tmp;
  }
}

Value membership(const Node& n, EvalContext& ctx) {
  Value tmp;
  const Value* x = borrow(n.kids[0], ctx, tmp);
  if (!x) return Value::missing();
  bool found = false;
  if (n.text_set) {
    found = n.text_set->count(x->s) > 0;
  } else {
    Value set_tmp;
    const Value* set = borrow(n.kids[1], ctx, set_tmp);
    if (!set) return Value::missing();
    if (set->set) found = std::any_of(set->set->begin(), set->set->end(), [&](const Value& e) { return equal(e, *x); });
  }
  return Value::boolean(n.kind == NodeKind::In ? found : !found);
}

Value call(const Node& n, EvalContext& ctx) {
  constexpr std::size_t inline_args = 4;
  const std::size_t count = n.kids.size();
  std::array<Value, inline_args> tmp_inline;
  std::array<const Value*, inline_args> args_inline{};
  std::vector<Value> tmp_heap(count > inline_args ? count : 0);
  std::vector<const Value*> args_heap(count > inline_args ? count : 0);
  Value* tmp = count > inline_args ? tmp_heap.data() : tmp_inline.data();
  const Value** args = count > inline_args ? args_heap.data() : args_inline.data();
  for (std::size_t i = 0; i < count; ++i)
    if (!(args[i] = borrow(n.kids[i], ctx, tmp[i]))) return Value::missing();
  Value v = builtins()[n.slot].eval({args, count});
  if (v.is_missing()) return fail(ctx, n, ProblemKind::Overflow);
  return v;
}

Value logical(const Node& n, EvalContext& ctx) {
  // Short-circuit; a missing side is absorbed when the other side decides.
  const bool is_and = n.kind == NodeKind::And;
  Value a = eval(n.kids[0], ctx);
  if (!a.is_missing() && (a.i != 0) != is_and) return a;
  Value b = eval(n.kids[1], ctx);
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
      if (v.is_missing()) return fail(ctx, n, ProblemKind::MissingField, n.slot);
      return v;
    }
    case NodeKind::Let: {
      auto& memo = ctx.lets[n.slot];
      if (!memo) memo = eval(ctx.program.lets[n.slot], ctx);
      return *memo;
    }
    case NodeKind::Param: return parameter(n, ctx.program.parameters[n.slot], ctx);
    case NodeKind::AsOf: return Value::date(ctx.as_of);
    case NodeKind::And:
    case NodeKind::Or: return logical(n, ctx);
    case NodeKind::In:
    case NodeKind::NotIn: return membership(n, ctx);
    case NodeKind::If: {
      Value c = eval(n.kids[0], ctx);
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
  if (n.kind == NodeKind::Call) return call(n, ctx);
  // Operators have one to three operands, borrowed where they already exist.
  std::array<Value, 3> tmp;
  std::array<const Value*, 3> a{};
  const std::size_t count = std::min<std::size_t>(n.kids.size(), a.size());
  for (std::size_t i = 0; i < count; ++i)
    if (!(a[i] = borrow(n.kids[i], ctx, tmp[i]))) return Value::missing();
  switch (n.kind) {
    case NodeKind::Neg: {
      Value v = *a[0];
      if (is_rational(v.kind)) {
        const auto negated = checked_neg(v.q);
        if (!negated) return fail(ctx, n, ProblemKind::Overflow);
        v.q = *negated;
      } else if (v.i == std::numeric_limits<std::int64_t>::min()) {
        return fail(ctx, n, ProblemKind::Overflow);
      } else {
        v.i = -v.i;
      }
      return v;
    }
    case NodeKind::Not: return Value::boolean(a[0]->i == 0);
    case NodeKind::Add:
    case NodeKind::Sub:
    case NodeKind::Mul:
    case NodeKind::Div: return arithmetic(n, *a[0], *a[1], ctx);
    case NodeKind::Between: return Value::boolean(order(*a[1], *a[0]) <= 0 && order(*a[0], *a[2]) <= 0);
    case NodeKind::Within: return Value::boolean(region_within(a[0]->s, a[1]->s));
    default: return compare_values(n.kind, *a[0], *a[1]);
  }
}

bool eval_true(const Node& node, EvalContext& ctx) {
  const Value v = eval(node, ctx);
  return !v.is_missing() && v.i != 0;
}

}  // namespace jaring::internal

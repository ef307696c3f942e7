#include "engine/runtime/kernel.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>

#include "engine/base/i18n.hpp"
#include "engine/base/internal_error.hpp"
#include "engine/language/builtins.hpp"
#include "engine/runtime/kernel_node.hpp"

namespace jaring {

namespace {

using K = KernelType;

bool is_q(K t) { return t == K::Percent || t == K::Unrounded; }
bool is_int(K t) { return t == K::Int || t == K::Money || t == K::Date || t == K::Bool; }
bool is_text(K t) { return t == K::Text || t == K::Region || t == K::Nik; }
// The kind of a sum, product or quotient with a fraction in it, as internal::arithmetic
// (eval_expr.cpp) decides it: unrounded money where money takes part, else a percentage.
K fraction_kind(K x, K y) {
  return x == K::Money || x == K::Unrounded || y == K::Money || y == K::Unrounded ? K::Unrounded : K::Percent;
}

std::optional<K> kernel_type(ValueKind k) {
  switch (k) {
    case ValueKind::Int: return K::Int;
    case ValueKind::Money: return K::Money;
    case ValueKind::Date: return K::Date;
    case ValueKind::Bool: return K::Bool;
    case ValueKind::Percent: return K::Percent;
    case ValueKind::Unrounded: return K::Unrounded;
    case ValueKind::Text: return K::Text;
    case ValueKind::Region: return K::Region;
    case ValueKind::Nik: return K::Nik;
    default: return std::nullopt;
  }
}

// The compiler's way out: the program (or this part of it) is not for the kernel.
struct Decline {
  std::string why;
};

}  // namespace

class KernelCompiler {
 public:
  KernelCompiler(const Program& p, Kernel& k, bool ranks) : p_(p), k_(k), ranks_(ranks) {}

  void run();

 private:
  void missing_ok();
  void fields_read(const jaring::Node& n);

 private:
  using Node = Kernel::Node;

  [[noreturn]] static void decline(std::string why) { throw Decline{std::move(why)}; }

  std::uint32_t add(Node n) {
    k_.nodes_.push_back(std::move(n));
    return static_cast<std::uint32_t>(k_.nodes_.size() - 1);
  }
  const Node& at(std::uint32_t i) const { return k_.nodes_[i]; }

  std::uint32_t expr(const jaring::Node& n);
  std::uint32_t constant(const Value& v);
  std::uint32_t field(const jaring::Node& n);
  std::uint32_t let(const jaring::Node& n);
  std::uint32_t parameter(const jaring::Node& n);
  std::uint32_t arithmetic(const jaring::Node& n);
  std::uint32_t comparison(const jaring::Node& n);
  std::optional<Node> calendar_range(const Node& test) const;
  std::uint32_t membership(const jaring::Node& n);
  std::uint32_t member_list(std::uint32_t x, const std::vector<std::uint32_t>& members, Node& out);
  std::uint32_t call(const jaring::Node& n);
  std::uint32_t to_q(std::uint32_t i);
  std::uint32_t rescale(std::uint32_t i, int128 den);
  std::uint32_t division(std::uint32_t a, std::uint32_t b);
  std::uint32_t quotient(std::uint32_t a, std::uint32_t b, K kind);
  std::uint32_t scaled_quotient(std::uint32_t a, int128 num, int128 den, K kind);
  std::uint32_t pair_op(KernelOp op, std::vector<std::uint32_t> operands, K kind, bool mixed, bool bound64);
  bool any_quotient(const std::vector<std::uint32_t>& nodes) const {
    return std::any_of(nodes.begin(), nodes.end(), [&](std::uint32_t i) { return at(i).quotient; });
  }
  std::optional<std::uint32_t> constant_factors(std::uint32_t a, std::uint32_t b, K kind);
  void align(std::vector<std::uint32_t>& nodes);
  bool mixed(std::vector<std::uint32_t>& nodes);
  std::uint32_t text_code(std::size_t field, const std::string& text);
  std::uint32_t dictionary_code(std::size_t field, const std::string& text);
  void group(std::uint32_t gi);

  const Program& p_;
  Kernel& k_;
  bool ranks_;
  std::vector<bool> let_busy_;
  // The fields a let of text reads (let()), and the lets walked to find them (fields_read()).
  std::vector<bool> text_let_reads_, lets_read_;
};

std::uint32_t KernelCompiler::constant(const Value& v) {
  const auto t = kernel_type(v.kind);
  if (!t) decline(JARING_MSG("a constant set used as a value"));
  Node n;
  n.op = KernelOp::Const;
  n.type = *t;
  if (is_q(*t)) {
    // num/den as a numerator over 1.000.000 where den divides it (a percentage's usual
    // denominator, which round(x × p) computes in 64 bits), else over den itself.
    if (v.q.den <= 0 || v.q.den > kernel_max_den) decline(JARING_MSG("a fraction with a denominator over 10^30"));
    if (1'000'000 % v.q.den == 0) {
      n.k = v.q.num * (1'000'000 / v.q.den);
      n.den = 1'000'000;
    } else {
      n.k = v.q.num;
      n.den = v.q.den;
    }
  } else if (is_text(*t)) {
    n.text = v.s;
  } else {
    n.k = v.i;
  }
  return add(std::move(n));
}

std::uint32_t KernelCompiler::field(const jaring::Node& n) {
  const auto t = kernel_type(p_.schema.fields[n.slot].type);
  if (!t) decline(JARING_MSG("a field of an unusual type"));
  k_.used_fields_[n.slot] = true;
  Node out;
  out.op = is_text(*t) ? KernelOp::TextField : KernelOp::Field;
  out.type = *t;
  out.a = n.slot;
  return add(std::move(out));
}

std::uint32_t KernelCompiler::let(const jaring::Node& n) {
  auto& node = k_.let_nodes_[n.slot];
  if (node == no_kernel_node) {
    if (let_busy_[n.slot]) decline(JARING_MSG("a let that refers to itself"));
    let_busy_[n.slot] = true;
    const std::uint32_t value = expr(p_.lets[n.slot]);
    let_busy_[n.slot] = false;
    node = value;
  }
  // A let of text is its value's node itself (a text field's stays one: compared with constants
  // by its dictionary code, `in` a bit test): a view, nothing to keep per record. So it is read
  // again at each use, where the generic runtime keeps it, and names a missing value it meets
  // once: the fields it reads may not be missing in a kernel row (missing_ok()).
  if (is_text(at(node).type)) {
    fields_read(n);
    return node;
  }
  Node out;
  out.op = KernelOp::Let;
  out.type = at(node).type;
  out.den = at(node).den;
  out.mixed = at(node).mixed;
  out.quotient = at(node).quotient;
  out.a = n.slot;
  return add(std::move(out));
}

// A parameter's value on the date, folded; a table or a date without a value is the generic
// runtime's to explain: a record that needs a parameter without a value on the date (one that
// starts later or has ended: a projection's early months, a policy decided outside its
// validity) falls back to it, which says so, and the others stay in the lane.
std::uint32_t KernelCompiler::parameter(const jaring::Node& n) {
  const CParameter& par = p_.parameters[n.slot];
  const DatedValue* at_date = nullptr;
  for (const auto& v : par.values)
    if (v.since <= k_.as_of_) at_date = &v;
  if (!at_date || (at_date->until && *at_date->until < k_.as_of_)) {
    const auto t = kernel_type(par.type);
    if (!t) decline(JARING_MSG("a parameter without a value on the date"));
    Node out;
    out.op = KernelOp::NoValue;
    out.type = *t;
    return add(std::move(out));
  }
  if (!par.by_field) {
    if (!at_date->value) decline(JARING_MSG("a parameter without a value on the date"));
    return expr(*at_date->value);
  }
  // A table keyed by a whole-number or text field: a row per key, found by number or by the
  // key's dictionary code; a key without a row falls back (the generic runtime rejects it).
  const std::size_t f = *par.by_field;
  const auto key_type = kernel_type(p_.schema.fields[f].type);
  if (!key_type || (*key_type != K::Int && !is_text(*key_type)))
    decline(JARING_MSG("a parameter table keyed by a non-number"));
  k_.used_fields_[f] = true;
  KernelTable table;
  for (const auto& [key, value] : at_date->table) {
    std::int64_t number = 0;
    if (*key_type == K::Int) {
      const auto r = std::from_chars(key.data(), key.data() + key.size(), number);
      if (r.ec != std::errc() || r.ptr != key.data() + key.size()) continue;  // no whole number shows so
    } else {
      number = dictionary_code(f, key);
    }
    const std::uint32_t node = expr(value);
    if (!table.rows.empty() && at(node).type != at(table.rows.front().second).type)
      decline(JARING_MSG("a parameter table with values of two kinds"));
    table.rows.emplace_back(number, node);
  }
  if (table.rows.empty()) decline(JARING_MSG("an empty parameter table"));
  {
    std::vector<std::uint32_t> values;
    for (const auto& row : table.rows) values.push_back(row.second);
    align(values);
    for (std::size_t i = 0; i < values.size(); ++i) table.rows[i].second = values[i];
  }
  Node out;
  out.op = *key_type == K::Int ? KernelOp::TableInt : KernelOp::TableText;
  out.type = at(table.rows.front().second).type;
  out.den = at(table.rows.front().second).den;
  out.a = static_cast<std::uint32_t>(f);
  out.b = static_cast<std::uint32_t>(k_.tables_.size());
  k_.tables_.push_back(std::move(table));
  return add(std::move(out));
}

std::uint32_t KernelCompiler::to_q(std::uint32_t i) {
  if (is_q(at(i).type)) return i;
  if (at(i).type != K::Int && at(i).type != K::Money) decline(JARING_MSG("a fraction of a date or a truth value"));
  Node n;
  n.op = KernelOp::ToQ;
  n.type = at(i).type == K::Money ? K::Unrounded : K::Percent;
  n.a = i;
  return add(std::move(n));
}

// A fraction over `den`, a multiple of its own (a constant's numerator scaled at once, unless
// that overflows: then each record falls back on the node).
std::uint32_t KernelCompiler::rescale(std::uint32_t i, int128 den) {
  if (!is_q(at(i).type) || at(i).den == den) return i;
  const int128 factor = den / at(i).den;
  Node n;
  n.type = at(i).type;
  n.den = den;
  n.mixed = at(i).mixed;
  if (int128 folded = 0; at(i).op == KernelOp::Const && !__builtin_mul_overflow(at(i).k, factor, &folded)) {
    n.op = KernelOp::Const;
    n.k = folded;
  } else {
    n.op = KernelOp::Rescale;
    n.a = i;
    n.k = factor;
  }
  return add(std::move(n));
}

// A constant times (a constant times a value), either way round: the value times the two
// constants' product, one node (`round(bpu_base * jkk_bpu_rate * pp49_relief)`, the national
// JKK contribution, is then round(value × constant): call() makes it RoundScaled), over 1.000.000
// where the product's denominator comes back to it (1 % × 100 %), else over the product of the
// denominators. Exact: the same value, and no record's fate changes (below). Nothing when a
// numerator, the constants' product or their denominator is too large.
std::optional<std::uint32_t> KernelCompiler::constant_factors(std::uint32_t a, std::uint32_t b, K kind) {
  if (at(a).op == KernelOp::Const) std::swap(a, b);
  const Node& product = at(a);
  if (at(b).op != KernelOp::Const || product.op != KernelOp::MulQI || at(product.a).op != KernelOp::Const)
    return std::nullopt;
  const Node &inner = at(product.a), &outer = at(b);
  // Both numerators and their product within 64 bits: times a 64-bit value, no product in
  // either order (nor the generic runtime's, reduced) can overflow, so the fold changes no
  // record's fate.
  constexpr int128 limit64 = std::numeric_limits<std::int64_t>::max();
  const auto within64 = [&](int128 v) { return v <= limit64 && v >= -limit64; };
  int128 num = 0, den = 0;
  if (!within64(inner.k) || !within64(outer.k) || !within64(num = inner.k * outer.k) ||
      __builtin_mul_overflow(inner.den, outer.den, &den) || den > kernel_max_den)
    return std::nullopt;
  if (constexpr int128 usual = 1'000'000; den % usual == 0 && num % (den / usual) == 0) {
    num /= den / usual;
    den = usual;
  }
  Node factor;
  factor.op = KernelOp::Const;
  factor.type = K::Percent;
  factor.k = num;
  factor.den = den;
  const std::uint32_t value = product.b;
  Node out;
  out.op = KernelOp::MulQI;
  out.type = kind;
  out.a = add(std::move(factor));
  out.b = value;
  out.den = den;
  return add(std::move(out));
}

// The operands of a fraction operation over one denominator: the least common multiple of theirs.
void KernelCompiler::align(std::vector<std::uint32_t>& nodes) {
  int128 den = 1;
  for (auto i : nodes) {
    if (!is_q(at(i).type)) continue;
    const int128 d = at(i).den;
    int128 a = den, b = d;
    while (b != 0) a = std::exchange(b, a % b);  // gcd
    if (__builtin_mul_overflow(den / a, d, &den) || den > kernel_max_den)
      decline(JARING_MSG("fractions whose common denominator is over 10^30"));
  }
  for (auto& i : nodes) i = rescale(i, den);
}

// The values one of which a min, max or `if` takes, when they are money and unrounded amounts
// together (or one of them is such a node already): each made an unrounded amount, and true
// returned (false when they are not, and are left as they are). The generic runtime keeps the kind
// of the value taken (builtins.cpp eval_extreme), so the node's kind is the record's: held
// here as unrounded, the same number: rounded (a money value rounds to itself) and compared
// (exactly, whatever the kind) alike. Arithmetic that keeps money money (arithmetic()) is
// mixed too, and bound to 64 bits, where the generic runtime's money overflows (the checker
// refuses such an amount unrounded as a contribution or a rank).
bool KernelCompiler::mixed(std::vector<std::uint32_t>& nodes) {
  bool money = false, unrounded = false, inner = false;
  for (auto i : nodes) {
    money = money || at(i).type == K::Money;
    unrounded = unrounded || at(i).type == K::Unrounded;
    inner = inner || at(i).mixed;
  }
  if (!inner && !(money && unrounded)) return false;
  for (auto& i : nodes)
    if (at(i).type == K::Money) i = to_q(i);
  return true;
}

// As internal::arithmetic (eval_expr.cpp) decides kinds: integers stay integers (the first
// operand's kind, dates apart giving a whole number); with a fraction on either side the
// result is exact, unrounded money when money takes part, else a percentage.
std::uint32_t KernelCompiler::arithmetic(const jaring::Node& n) {
  const std::uint32_t a = expr(n.kids[0]), b = expr(n.kids[1]);
  const K x = at(a).type, y = at(b).type;
  // With an amount whose kind is the record's (mixed()): money stays money in the generic
  // runtime for a sum or difference of money and such amounts, and a product of one by a
  // whole number (or money); then the result's kind is the record's too, and bound to 64 bits.
  // With an unrounded amount or a percentage in it, the result is unrounded whatever was
  // taken: exact, as here.
  const auto money_or_mixed = [&](std::uint32_t i) { return at(i).mixed || at(i).type == K::Money; };
  const bool keeps_money =
      (at(a).mixed || at(b).mixed) && n.kind != NodeKind::Div &&
      (n.kind == NodeKind::Mul ? !is_q(at(at(a).mixed ? b : a).type) : money_or_mixed(a) && money_or_mixed(b));
  if (is_text(x) || is_text(y)) decline(JARING_MSG("arithmetic on text"));
  if (n.kind == NodeKind::Div) return division(a, b);
  if (at(a).quotient || at(b).quotient) {
    // With a quotient by a value of the record: a constant factor folded into a Quotient, else
    // a pair computed per record (KernelEval::frac).
    const std::uint32_t q = at(a).quotient ? a : b, other = at(a).quotient ? b : a;
    if (x == K::Date || x == K::Bool || y == K::Date || y == K::Bool)
      decline(JARING_MSG("a fraction of a date or a truth value"));
    const K kind = fraction_kind(x, y);
    if (n.kind == NodeKind::Mul && at(other).op == KernelOp::Const)
      return scaled_quotient(q, at(other).k, is_q(at(other).type) ? at(other).den : 1, kind);
    const KernelOp op = n.kind == NodeKind::Add   ? KernelOp::AddF
                        : n.kind == NodeKind::Sub ? KernelOp::SubF
                                                  : KernelOp::MulF;
    return pair_op(op, {a, b}, kind, keeps_money, keeps_money);
  }
  Node out;
  out.a = a;
  out.b = b;
  if (!is_q(x) && !is_q(y)) {
    if (n.kind == NodeKind::Add || n.kind == NodeKind::Sub) {
      out.op = n.kind == NodeKind::Add ? KernelOp::AddI : KernelOp::SubI;
      out.type = x == K::Date && y == K::Date ? K::Int : x;
      return add(std::move(out));
    }
    out.op = KernelOp::MulI;
    if (x == K::Int && y == K::Int) out.type = K::Int;
    else if (x == K::Money || y == K::Money) out.type = K::Money;
    else decline(JARING_MSG("a product of dates or truth values"));
    return add(std::move(out));
  }
  const K kind = fraction_kind(x, y);
  if (n.kind == NodeKind::Mul) {
    out.type = kind;
    if (is_q(x) && is_q(y)) {
      if (const std::optional<std::uint32_t> folded = constant_factors(a, b, kind)) return *folded;
      out.op = KernelOp::MulQQ;
      if (__builtin_mul_overflow(at(a).den, at(b).den, &out.den) || out.den > kernel_max_den)
        decline(JARING_MSG("a product of fractions whose denominator is over 10^30"));
      return add(std::move(out));
    }
    out.op = KernelOp::MulQI;
    if (!is_q(x)) {  // the fraction first
      std::swap(out.a, out.b);
      out.b_first = true;
    }
    if (at(out.b).type != K::Int && at(out.b).type != K::Money)
      decline(JARING_MSG("a fraction of a date or a truth value"));
    out.den = at(out.a).den;
    out.mixed = out.bound64 = keeps_money;
    return add(std::move(out));
  }
  std::vector<std::uint32_t> both{to_q(a), to_q(b)};
  align(both);
  out.op = n.kind == NodeKind::Add ? KernelOp::AddQ : KernelOp::SubQ;
  out.type = kind;
  out.a = both[0];
  out.b = both[1];
  out.den = at(both[0]).den;
  out.mixed = out.bound64 = keeps_money;
  return add(std::move(out));
}

// `a / b` by a value of the record: a Quotient, (a × b's denominator) / (b × a's), whose
// denominator is the record's as in the generic runtime (its quotient reduced, which the
// kernel's products only outgrow: where the generic runtime's overflows, the kernel's does
// and hands the record on; so does a divisor of 0, whose problem the generic runtime names).
// A constant factor is folded into it (scaled_quotient); sums, products, quotients, negations,
// min, max and `if` with it are pairs too (pair_op), and all are compared and rounded exactly,
// by cross-multiplying.
std::uint32_t KernelCompiler::quotient(std::uint32_t a, std::uint32_t b, K kind) {
  Node out;
  out.op = KernelOp::Quotient;
  out.type = kind;
  out.quotient = true;
  out.a = to_q(a);
  out.b = b;
  out.k = is_q(at(b).type) ? at(b).den : 1;
  out.k2 = at(out.a).den;
  return add(std::move(out));
}

// The quotient `a` (or a let of one) times num/den (den > 0): the constant folded into its
// factors.
std::uint32_t KernelCompiler::scaled_quotient(std::uint32_t a, int128 num, int128 den, K kind) {
  const Node* q = &at(a);
  while (q->op == KernelOp::Let) q = &at(k_.let_nodes_[q->a]);
  if (q->op != KernelOp::Quotient) {  // a pair computed otherwise: times the constant
    Node factor;
    factor.op = KernelOp::Const;
    factor.type = K::Percent;
    factor.k = num;
    factor.den = den;
    const bool keeps_money = at(a).mixed && den == 1;  // times a whole number
    return pair_op(KernelOp::MulF, {a, add(std::move(factor))}, kind, keeps_money, keeps_money);
  }
  Node out = *q;
  out.type = kind;
  if (__builtin_mul_overflow(out.k, num, &out.k) || __builtin_mul_overflow(out.k2, den, &out.k2) ||
      out.k > kernel_max_den || out.k < -kernel_max_den || out.k2 > kernel_max_den)
    decline(JARING_MSG("a quotient whose factors are over 10^30"));
  return add(std::move(out));
}

// A pair operation on `operands` (a Quotient or another pair among them); `mixed` and
// `bound64` as for arithmetic on amounts whose kind is the record's.
std::uint32_t KernelCompiler::pair_op(KernelOp op, std::vector<std::uint32_t> operands, K kind, bool mixed,
                                      bool bound64) {
  Node out;
  out.op = op;
  out.type = kind;
  out.quotient = true;
  out.mixed = mixed;
  out.bound64 = bound64;
  if (op == KernelOp::MinF || op == KernelOp::MaxF) {
    out.a = static_cast<std::uint32_t>(k_.args_.size());
    out.b = static_cast<std::uint32_t>(operands.size());
    k_.args_.insert(k_.args_.end(), operands.begin(), operands.end());
  } else {
    out.a = operands[0];
    if (operands.size() > 1) out.b = operands[1];
    if (operands.size() > 2) out.c = operands[2];
  }
  return add(std::move(out));
}

// `a / b` by a constant b = p/q (a parameter, a number written): a fraction with a's numerator
// times q (its sign p's) over a's denominator times |p|, exact as the generic runtime's quotient
// (whose kind is its: unrounded money for two whole numbers or where money takes part, else a
// percentage). By a value of the record: quotient().
std::uint32_t KernelCompiler::division(std::uint32_t a, std::uint32_t b) {
  const K x = at(a).type, y = at(b).type;
  if (x == K::Date || x == K::Bool || y == K::Date || y == K::Bool)
    decline(JARING_MSG("a fraction of a date or a truth value"));
  const K kind = !is_q(x) && !is_q(y) ? K::Unrounded : fraction_kind(x, y);  // two whole numbers: unrounded
  if (at(b).op != KernelOp::Const) {
    if (at(a).quotient || at(b).quotient) return pair_op(KernelOp::DivF, {a, b}, kind, false, false);
    return quotient(a, b, kind);
  }
  const int128 p = at(b).k, q = is_q(y) ? at(b).den : 1;
  if (p == 0) {  // (a parameter's 0 on the date): a record that divides is the generic runtime's to explain
    Node out;
    out.op = KernelOp::NoValue;
    out.type = kind;
    return add(std::move(out));
  }
  if (at(a).quotient) return scaled_quotient(a, p < 0 ? -q : q, p < 0 ? -p : p, kind);
  Node out;
  out.op = KernelOp::Rescale;
  out.type = kind;
  out.a = to_q(a);
  out.k = p < 0 ? -q : q;
  if (__builtin_mul_overflow(at(out.a).den, p < 0 ? -p : p, &out.den) || out.den > kernel_max_den)
    decline(JARING_MSG("a quotient whose denominator is over 10^30"));
  return add(std::move(out));
}

std::uint32_t KernelCompiler::dictionary_code(std::size_t field, const std::string& text) {
  auto& dict = k_.dictionary_[field];
  const auto it = std::find(dict.begin(), dict.end(), text);
  if (it != dict.end()) return static_cast<std::uint32_t>(it - dict.begin());
  dict.push_back(text);
  return static_cast<std::uint32_t>(dict.size() - 1);
}

std::uint32_t KernelCompiler::comparison(const jaring::Node& n) {
  std::vector<std::uint32_t> args;
  for (const auto& kid : n.kids) args.push_back(expr(kid));
  const bool between = n.kind == NodeKind::Between;
  Node out;
  out.type = K::Bool;
  const K x = at(args[0]).type, y = at(args[1]).type;
  if (is_text(x) || is_text(y)) {
    if (between || !is_text(x) || !is_text(y)) decline(JARING_MSG("text ordered or compared with a number"));
    if (n.kind != NodeKind::Eq && n.kind != NodeKind::Ne) decline(JARING_MSG("text ordered"));
    // field == "constant": a dictionary code compare.
    std::uint32_t f = args[0], c = args[1];
    if (at(f).op == KernelOp::Const) std::swap(f, c);
    if (at(f).op == KernelOp::TextField && at(c).op == KernelOp::Const) {
      out.op = KernelOp::TextEqCode;
      out.a = at(f).a;
      out.k = dictionary_code(at(f).a, at(c).text);
    } else {
      out.op = KernelOp::TextEq;
      out.a = args[0];
      out.b = args[1];
    }
    out.negate = n.kind == NodeKind::Ne;
    return add(std::move(out));
  }
  bool q = false, quotients = false;
  for (auto i : args) {
    q = q || is_q(at(i).type);
    quotients = quotients || at(i).quotient;
  }
  if (q) {
    // Money against an unrounded amount compares exactly; other mixes with fractions are the
    // generic runtime's (its `equal` of a whole number and a percentage compares raw fields).
    for (auto i : args)
      if (!is_q(at(i).type) && at(i).type != K::Money) decline(JARING_MSG("a fraction compared with a non-amount"));
    const auto kind = [&](std::uint32_t i) { return is_q(at(i).type) ? at(i).type : K::Unrounded; };
    for (auto i : args)
      if (kind(i) != kind(args[0])) decline(JARING_MSG("a percentage compared with an amount"));
    if (quotients) {
      // Each side as a fraction of its own, compared by cross-multiplying (KernelEval::frac).
      out.op = between ? KernelOp::BetweenF : KernelOp::CmpF;
      out.cmp = n.kind;
      out.a = args[0];
      out.b = args[1];
      if (between) out.c = args[2];
      return add(std::move(out));
    }
    for (auto& i : args)
      if (!is_q(at(i).type)) i = to_q(i);
    align(args);
  } else {
    for (auto i : args)
      if ((at(i).type == K::Date) != (x == K::Date) || (at(i).type == K::Bool) != (x == K::Bool))
        decline(JARING_MSG("values of different kinds compared"));
  }
  (void)y;
  out.op = between ? (q ? KernelOp::BetweenQ : KernelOp::BetweenI) : (q ? KernelOp::CmpQ : KernelOp::CmpI);
  out.cmp = n.kind;
  out.a = args[0];
  out.b = args[1];
  if (between) out.c = args[2];
  // Against constants (`age between 15 and 65`, `x >= 5`): the bounds kept in the node.
  const auto constant = [&](std::size_t i) { return at(args[i]).op == KernelOp::Const; };
  if (between && constant(1) && constant(2)) {
    out.op = q ? KernelOp::BetweenQK : KernelOp::BetweenIK;
    out.k = at(args[1]).k;
    out.k2 = at(args[2]).k;
  } else if (!between && constant(1)) {
    out.op = q ? KernelOp::CmpQK : KernelOp::CmpIK;
    out.k = at(args[1]).k;
  }
  if (auto range = calendar_range(out)) return add(std::move(*range));
  return add(std::move(out));
}

// `years_between(d, as_of) between 15 and 65` (or months_between, or a count compared with
// one constant), `d` a date field: the count never rises as `d` grows (kernel_calendar_to), so
// the dates that pass form one range, found here by bisection over every date a field can
// hold with the very function a record's test would use. The record's test is then a range
// check on its date, without a calendar conversion.
std::optional<Kernel::Node> KernelCompiler::calendar_range(const Node& test) const {
  if (test.op != KernelOp::BetweenIK && test.op != KernelOp::CmpIK) return std::nullopt;
  std::uint32_t i = test.a;
  if (at(i).op == KernelOp::Let) i = k_.let_nodes_[at(i).a];
  const Node& count = at(i);
  if (count.op != KernelOp::YearsTo && count.op != KernelOp::MonthsTo) return std::nullopt;
  if (at(count.a).op != KernelOp::Field || at(count.a).type != K::Date) return std::nullopt;
  // The counts that pass: lo ..= hi.
  int128 lo = std::numeric_limits<int128>::min(), hi = std::numeric_limits<int128>::max();
  if (test.op == KernelOp::BetweenIK) {
    lo = test.k;
    hi = test.k2;
  } else {
    switch (test.cmp) {
      case NodeKind::Eq: lo = hi = test.k; break;
      case NodeKind::Lt: hi = test.k - 1; break;
      case NodeKind::Le: hi = test.k; break;
      case NodeKind::Gt: lo = test.k + 1; break;
      case NodeKind::Ge: lo = test.k; break;
      default: return std::nullopt;  // != passes two ranges
    }
  }
  const auto to = static_cast<Day>(count.k);
  const Ymd to_ymd = ymd_from_day(to);
  const auto of = [&](Day d) -> int128 { return kernel_calendar_to(count.op, d, to, to_ymd); };
  const Day first = day_from_ymd(Ymd{1, 1, 1}), last = open_end;  // every date parse_date reads
  // The first date whose count is at most `hi` (last + 1 if none) ...
  Day a = first, b = last + 1;
  while (a < b) {
    const Day m = a + (b - a) / 2;
    if (of(m) <= hi) b = m;
    else a = m + 1;
  }
  const Day from = a;
  // ... and the last date whose count is at least `lo` (first - 1 if none).
  a = first - 1;
  b = last;
  while (a < b) {
    const Day m = a + (b - a + 1) / 2;
    if (of(m) >= lo) a = m;
    else b = m - 1;
  }
  Node out;
  out.op = KernelOp::BetweenIK;
  out.type = K::Bool;
  out.a = count.a;
  out.k = from;
  out.k2 = a;  // before `from` when no date passes: then the test never holds
  return out;
}

// `x in [..]` with members the record's (`n in [1, -n, 7]`, `role in [kind_of, "ketua_rt"]`),
// compiled as `members`: every member evaluated per record, as the generic runtime builds the
// whole set before testing (a member it cannot compute hands the record on), then compared with
// x: whole numbers, money, dates and truth values exactly, texts byte for byte.
std::uint32_t KernelCompiler::member_list(std::uint32_t x, const std::vector<std::uint32_t>& members, Node& out) {
  const bool text = is_text(at(x).type);
  if (!text && (!is_int(at(x).type) || at(x).quotient || at(x).mixed)) decline(JARING_MSG("membership of a fraction"));
  for (const std::uint32_t e : members) {
    const Node& m = at(e);
    if (text ? !is_text(m.type) : (m.type != at(x).type || m.quotient || m.mixed))
      decline(JARING_MSG("a set of another kind"));
  }
  out.op = text ? KernelOp::TextInList : KernelOp::IntInList;
  out.a = x;
  out.b = static_cast<std::uint32_t>(k_.args_.size());
  out.c = static_cast<std::uint32_t>(members.size());
  k_.args_.insert(k_.args_.end(), members.begin(), members.end());
  return add(std::move(out));
}

std::uint32_t KernelCompiler::membership(const jaring::Node& n) {
  const std::uint32_t x = expr(n.kids[0]);
  Node out;
  out.type = K::Bool;
  out.negate = n.kind == NodeKind::NotIn;
  if (n.text_set && at(x).op != KernelOp::TextField) {
    if (!is_text(at(x).type)) decline(JARING_MSG("membership of a computed text"));
    out.op = KernelOp::TextInSet;  // each member compared with the record's text
    out.a = x;
    out.b = static_cast<std::uint32_t>(k_.text_sets_.size());
    k_.text_sets_.emplace_back(n.text_set->begin(), n.text_set->end());
    return add(std::move(out));
  }
  if (n.text_set) {
    const std::size_t f = at(x).a;
    std::vector<std::uint64_t> bits;
    for (const auto& s : *n.text_set) {
      const std::uint32_t code = dictionary_code(f, s);
      if (bits.size() <= code / 64) bits.resize(code / 64 + 1, 0);
      bits[code / 64] |= std::uint64_t{1} << (code % 64);
    }
    out.op = KernelOp::TextIn;
    out.a = static_cast<std::uint32_t>(f);
    out.b = static_cast<std::uint32_t>(k_.sets_.size());
    k_.sets_.push_back(std::move(bits));
    return add(std::move(out));
  }
  // A constant set of whole numbers, money, dates or truth values, of the tested value's kind:
  // folded by the compiler, or written with members the kernel folds (`[1, 2, -1]`, whose -1
  // is a negation of 1 to the compiler).
  const jaring::Node* set = &n.kids[1];
  if (set->kind == NodeKind::Let) set = &p_.lets[set->slot];
  const bool folded = set->kind == NodeKind::Const && set->constant.set;
  if (!folded && set->kind != NodeKind::SetOf) decline(JARING_MSG("membership of a computed set"));
  std::vector<std::uint32_t> members;  // a set written in the policy, its members compiled
  if (!folded)
    for (const auto& member : set->kids) members.push_back(expr(member));
  const bool constant =
      std::all_of(members.begin(), members.end(), [&](std::uint32_t e) { return at(e).op == KernelOp::Const; });
  if (!folded && (is_text(at(x).type) || !constant)) return member_list(x, members, out);
  if (is_text(at(x).type)) decline(JARING_MSG("membership of a computed set"));
  if (!is_int(at(x).type)) decline(JARING_MSG("membership of a fraction"));
  out.op = KernelOp::IntIn;
  out.a = x;
  out.b = static_cast<std::uint32_t>(k_.int_sets_.size());
  std::vector<std::int64_t> values;
  if (folded) {
    for (const auto& e : *set->constant.set) {
      if (kernel_type(e.kind) != at(x).type) decline(JARING_MSG("a set of another kind"));
      values.push_back(e.i);
    }
  }
  for (const std::uint32_t e : members) {
    if (at(e).type != at(x).type) decline(JARING_MSG("a set of another kind"));
    values.push_back(static_cast<std::int64_t>(at(e).k));
  }
  k_.int_sets_.push_back(std::move(values));
  return add(std::move(out));
}

std::uint32_t KernelCompiler::call(const jaring::Node& n) {
  const std::string_view name = builtins()[n.slot].name;
  std::vector<std::uint32_t> args;
  for (const auto& kid : n.kids) args.push_back(expr(kid));
  Node out;
  if (name == "round" || name == "floor" || name == "ceil") {
    if (!is_q(at(args[0]).type)) return args[0];  // a whole number or money stays as it is
    if (at(args[0]).type != K::Unrounded) decline(JARING_MSG("a percentage rounded"));
    out.op = name == "round" ? KernelOp::Round : name == "floor" ? KernelOp::Floor : KernelOp::Ceil;
    out.type = K::Money;
    if (at(args[0]).quotient) {
      out.rounding = out.op;
      out.op = KernelOp::RoundF;
      out.a = args[0];
      return add(std::move(out));
    }
    out.a = args[0];
    out.k = at(args[0]).den;
    // round(amount × constant percentage), the commonest contribution: one node.
    const Node& product = at(args[0]);
    if (product.op == KernelOp::MulQI && at(product.a).op == KernelOp::Const) {
      out.rounding = out.op;
      out.op = KernelOp::RoundScaled;
      out.a = product.b;
      out.k2 = at(product.a).k;  // the percentage's numerator (over 1.000.000, as a rule: out.k)
    }
    return add(std::move(out));
  }
  if (name == "min" || name == "max") {
    // The winner keeps its kind: arguments of one kind, or money and unrounded amounts (mixed()).
    if (any_quotient(args)) {
      bool money = false, percent = false;
      for (auto i : args) {
        if (is_text(at(i).type) || at(i).type == K::Date || at(i).type == K::Bool || at(i).type == K::Int)
          decline(JARING_MSG("min/max of mixed kinds"));
        money = money || at(i).type == K::Money || at(i).mixed;
        percent = percent || at(i).type == K::Percent;
      }
      if (money && percent) decline(JARING_MSG("min/max of mixed kinds"));
      return pair_op(name == "min" ? KernelOp::MinF : KernelOp::MaxF, args, percent ? K::Percent : K::Unrounded, money,
                     false);
    }
    const bool amounts = mixed(args);
    for (auto i : args)
      if (at(i).type != at(args[0]).type || is_text(at(i).type)) decline(JARING_MSG("min/max of mixed kinds"));
    align(args);
    out.mixed = amounts;
    out.op = is_q(at(args[0]).type) ? (name == "min" ? KernelOp::MinQ : KernelOp::MaxQ)
                                    : (name == "min" ? KernelOp::MinI : KernelOp::MaxI);
    out.type = at(args[0]).type;
    out.den = at(args[0]).den;
    out.a = static_cast<std::uint32_t>(k_.args_.size());
    out.b = static_cast<std::uint32_t>(args.size());
    k_.args_.insert(k_.args_.end(), args.begin(), args.end());
    return add(std::move(out));
  }
  if (name == "years_between" || name == "months_between") {
    out.op = name == "years_between" ? KernelOp::Years : KernelOp::Months;
    out.type = K::Int;
    out.a = args[0];
    out.b = args[1];
    if (at(args[1]).op == KernelOp::Const) {  // to a constant date, as `age` counts to `as_of`
      const Ymd to = ymd_from_day(static_cast<Day>(at(args[1]).k));
      out.op = name == "years_between" ? KernelOp::YearsTo : KernelOp::MonthsTo;
      out.k = at(args[1]).k;
      out.b = static_cast<std::uint32_t>(to.year) << 9 | static_cast<std::uint32_t>(to.month) << 5 |
              static_cast<std::uint32_t>(to.day);
    }
    return add(std::move(out));
  }
  if (name.starts_with("start_of_") || name.starts_with("end_of_")) {
    // Of a constant date (`as_of`, a parameter): folded. Of a record's date: per record.
    if (at(args[0]).op != KernelOp::Const) {
      out.op = KernelOp::DateEdge;
      out.type = K::Date;
      out.a = args[0];
      out.k = (name.ends_with("_month") ? 2 : 0) + (name.starts_with("end_of_") ? 1 : 0);
      return add(std::move(out));
    }
    const Value v = Value::date(static_cast<Day>(at(args[0]).k));
    const Value* arg = &v;
    return constant(builtins()[n.slot].eval({&arg, 1}));
  }
  decline(fmt::format("function `{}`", name));
}

std::uint32_t KernelCompiler::expr(const jaring::Node& n) {
  Node out;
  switch (n.kind) {
    case NodeKind::Const: return constant(n.constant);
    case NodeKind::Field: return field(n);
    case NodeKind::Let: return let(n);
    case NodeKind::Param: return parameter(n);
    case NodeKind::AsOf: return constant(Value::date(k_.as_of_));
    case NodeKind::Call: return call(n);
    case NodeKind::Add:
    case NodeKind::Sub:
    case NodeKind::Mul:
    case NodeKind::Div: return arithmetic(n);
    case NodeKind::Eq:
    case NodeKind::Ne:
    case NodeKind::Lt:
    case NodeKind::Le:
    case NodeKind::Gt:
    case NodeKind::Ge:
    case NodeKind::Between: return comparison(n);
    case NodeKind::In:
    case NodeKind::NotIn: return membership(n);
    case NodeKind::Neg: {
      out.a = expr(n.kids[0]);
      if (at(out.a).quotient) return pair_op(KernelOp::NegF, {out.a}, at(out.a).type, at(out.a).mixed, at(out.a).mixed);
      out.mixed = out.bound64 = at(out.a).mixed;
      out.type = at(out.a).type;
      if (is_text(out.type) || out.type == K::Bool) decline(JARING_MSG("a negated text or truth value"));
      out.op = is_q(out.type) ? KernelOp::NegQ : KernelOp::NegI;
      out.den = at(out.a).den;
      // A negative constant is a constant (then `n between -2 and 5` is a range of `n`), unless
      // negating it overflows: that is the record's to fall back on.
      const Node& x = at(out.a);
      const int128 least = out.op == KernelOp::NegI ? int128{std::numeric_limits<std::int64_t>::min()}
                                                    : std::numeric_limits<int128>::min();
      if (x.op == KernelOp::Const && x.k != least) {
        out.op = KernelOp::Const;
        out.k = -x.k;
        out.a = 0;
      }
      return add(std::move(out));
    }
    case NodeKind::Not:
    case NodeKind::And:
    case NodeKind::Or: {
      out.op = n.kind == NodeKind::Not ? KernelOp::Not : n.kind == NodeKind::And ? KernelOp::And : KernelOp::Or;
      out.type = K::Bool;
      out.a = expr(n.kids[0]);
      if (n.kind != NodeKind::Not) out.b = expr(n.kids[1]);
      if (at(out.a).type != K::Bool || (n.kind != NodeKind::Not && at(out.b).type != K::Bool))
        decline(JARING_MSG("logic on a non-truth value"));
      return add(std::move(out));
    }
    case NodeKind::If: {
      out.op = KernelOp::If;
      out.a = expr(n.kids[0]);
      std::vector<std::uint32_t> branches{expr(n.kids[1]), expr(n.kids[2])};
      if (any_quotient(branches)) {
        const K t0 = at(branches[0]).type, t1 = at(branches[1]).type;
        const auto amount = [](K t) { return t == K::Money || t == K::Unrounded; };
        if (t0 != t1 && !(amount(t0) && amount(t1))) decline(JARING_MSG("`if` with branches of two kinds"));
        const bool money = t0 == K::Money || t1 == K::Money || at(branches[0]).mixed || at(branches[1]).mixed;
        return pair_op(KernelOp::IfF, {out.a, branches[0], branches[1]}, amount(t0) ? K::Unrounded : t0, money, false);
      }
      out.mixed = mixed(branches);
      if (at(branches[0]).type != at(branches[1]).type) decline(JARING_MSG("`if` with branches of two kinds"));
      align(branches);  // text: its branch's text is taken in place (KernelEval::text)
      out.b = branches[0];
      out.c = branches[1];
      out.type = at(out.b).type;
      out.den = at(out.b).den;
      return add(std::move(out));
    }
    case NodeKind::Within: {
      out.op = KernelOp::Within;
      out.type = K::Bool;
      out.a = expr(n.kids[0]);
      out.b = expr(n.kids[1]);
      if (!is_text(at(out.a).type) || !is_text(at(out.b).type)) decline(JARING_MSG("`within` of a non-region"));
      return add(std::move(out));
    }
    case NodeKind::SetOf: decline(JARING_MSG("a set built per record"));
  }
  decline(JARING_MSG("an unknown expression"));
}

void KernelCompiler::group(std::uint32_t gi) {
  const CGroup& g = p_.groups[gi];
  KernelGroup kg;
  kg.index = gi;
  kg.when = expr(g.when);
  if (at(kg.when).type != K::Bool) decline(JARING_MSG("a `when` that is not a truth value"));
  if (g.valid && !g.valid->contains(k_.as_of_)) {
    // Not valid on the date: decide() passes over it to later groups (as the generic runtime's
    // choose_group does), and names it when no group takes the record.
    kg.valid = false;
    k_.group_slot_[gi] = k_.groups_.size();
    k_.groups_.push_back(std::move(kg));
    return;
  }
  for (std::uint32_t i = 0; i < p_.requirements.size(); ++i) {
    KernelCheck c;
    c.requirement = &p_.requirements[i];
    c.waived = std::find(g.waived.begin(), g.waived.end(), i) != g.waived.end();
    if (!c.waived) c.node = expr(p_.requirements[i].condition);
    kg.checks.push_back(c);
  }
  for (const auto& r : g.own) kg.checks.push_back({&r, false, expr(r.condition), {}});
  if (kg.checks.size() > kernel_max_checks) decline(JARING_MSG("more than 64 requirements"));
  for (const auto& c : kg.checks)
    if (!c.waived && at(c.node).type != K::Bool) decline(JARING_MSG("a requirement that is not a truth value"));
  for (std::uint32_t pi : g.programmes) {
    const auto scheme = p_.programmes[pi].schemes.find(g.scheme);
    if (scheme == p_.programmes[pi].schemes.end()) decline(JARING_MSG("a programme without the group's scheme"));
    for (const CPart& part : scheme->second) {
      const std::uint32_t node = expr(part.amount);
      // Anything but money or a whole number is the generic runtime's `NotMoney` reason.
      if (at(node).type != K::Money && at(node).type != K::Int) decline(JARING_MSG("a contribution that is not money"));
      kg.parts.push_back({pi, part.part, node, {}});
    }
  }
  if (kg.parts.size() > kernel_max_parts) decline(JARING_MSG("more than 32 contribution parts"));
  if (g.quota) {
    kg.quota = &*g.quota;
    kg.rank = no_kernel_node;
    if (g.quota->rank_by && ranks_) {
      kg.rank = expr(*g.quota->rank_by);
      const Node& rank = at(kg.rank);
      if (is_text(rank.type)) decline(JARING_MSG("a rank by text"));
      if (is_q(rank.type)) kg.rank_den = rank.den;
    }
    if (g.quota->per_field) {
      // The key as the generic runtime displays it (to_display): text as it is, a number in digits.
      const ValueKind key = p_.schema.fields[*g.quota->per_field].type;
      if (key != ValueKind::Text && key != ValueKind::Region && key != ValueKind::Nik && key != ValueKind::Int)
        decline(JARING_MSG("a quota counted per a field that is neither text nor a whole number"));
      kg.key_field = *g.quota->per_field;
    }
  }
  for (const auto& l : g.paid_by)
    if (l.since <= k_.as_of_ && k_.as_of_ <= l.until) kg.line = &l;
  if (kg.line) {
    for (const auto& s : kg.line->shares)
      if (s.of_field) {
        // The account's key as the generic runtime displays it (to_display), as for quota keys.
        const ValueKind key = p_.schema.fields[*s.of_field].type;
        if (key != ValueKind::Text && key != ValueKind::Region && key != ValueKind::Nik && key != ValueKind::Int)
          decline(JARING_MSG("a payer account chosen by a field that is neither text nor a whole number"));
        kg.keyed = true;
      }
    if (kg.line->shares.size() > kernel_max_shares) decline(JARING_MSG("more than 8 payers on one line"));
    std::int32_t months = 0;
    const int year = ymd_from_day(k_.as_of_).year;
    for (int m = 1; m <= 12; ++m) {
      const Day first = day_from_ymd({year, m, 1});
      months += kg.line->since <= first && first <= kg.line->until && (!g.valid || g.valid->contains(first)) &&
                (!p_.valid || p_.valid->contains(first));
    }
    kg.budget_months = months;
    for (const CShare& s : kg.line->shares) kg.budgeted = kg.budgeted || p_.payers[s.payer].budgets.count(year) > 0;
  }
  k_.group_slot_[gi] = k_.groups_.size();
  k_.groups_.push_back(std::move(kg));
}

void KernelCompiler::run() {
  k_.valid_on_date_ = !p_.valid || p_.valid->contains(k_.as_of_);
  if (p_.schema.id_field) {
    const ValueKind id = p_.schema.fields[*p_.schema.id_field].type;
    if (id != ValueKind::Nik && id != ValueKind::Text && id != ValueKind::Int)
      decline(JARING_MSG("an unusual id field"));
  }
  for (const auto& f : p_.schema.fields)
    if (!kernel_type(f.type) || is_q(*kernel_type(f.type))) decline(JARING_MSG("a field of an unusual type"));
  k_.let_nodes_.assign(p_.lets.size(), no_kernel_node);
  let_busy_.assign(p_.lets.size(), false);
  text_let_reads_.assign(p_.schema.fields.size(), false);
  lets_read_.assign(p_.lets.size(), false);
  k_.used_fields_.assign(p_.schema.fields.size(), false);
  k_.dictionary_.resize(p_.schema.fields.size());
  k_.group_slot_.assign(p_.groups.size(), 0);
  for (std::uint32_t gi : p_.group_order) group(gi);
  for (const auto& r : p_.requirements) {
    k_.general_.push_back({&r, false, expr(r.condition), {}});
    if (at(k_.general_.back().node).type != K::Bool) decline(JARING_MSG("a requirement that is not a truth value"));
  }
  if (k_.general_.size() > kernel_max_checks) decline(JARING_MSG("more than 64 requirements"));
  missing_ok();
  k_.index_dictionaries();
  k_.build_choice();
  k_.make_tests();
}

// The fields that may be missing in a row (Kernel::missing_ok): optional dates without a
// default whose every node is a quota's `rank by` itself; and (Kernel::may_miss) the other
// optional fields without a default that a rule reads. Every read of a field is a Field node
// of its own (field()), tests and ranges included, so one counted elsewhere keeps it required.
void KernelCompiler::missing_ok() {
  const std::size_t fields = p_.schema.fields.size();
  std::vector<std::uint32_t> reads(fields, 0), ranks(fields, 0);
  for (const Node& n : k_.nodes_)
    if (n.op == KernelOp::Field || n.op == KernelOp::TextField) ++reads[n.a];
  for (const KernelGroup& g : k_.groups_)
    if (g.quota && g.rank != no_kernel_node && at(g.rank).op == KernelOp::Field) ++ranks[at(g.rank).a];
  k_.missing_ok_.assign(fields, false);
  for (std::size_t f = 0; f < fields; ++f) {
    const FieldSpec& spec = p_.schema.fields[f];
    const bool id = p_.schema.id_field && *p_.schema.id_field == f;
    k_.missing_ok_[f] = spec.type == ValueKind::Date && spec.optional && !spec.default_value && ranks[f] > 0 &&
                        reads[f] == ranks[f] && !id;
    // Read by another rule too: a missing value in the row (Kernel::may_miss), up to field 63,
    // unless a let of text reads it (let()).
    if (f < 64 && spec.optional && !spec.default_value && reads[f] > 0 && !k_.missing_ok_[f] && !id &&
        !text_let_reads_[f])
      k_.may_miss_ |= std::uint64_t{1} << f;
  }
}

// The fields expression `n` reads, through lets (each walked once) and parameter tables' keys,
// marked in text_let_reads_.
void KernelCompiler::fields_read(const jaring::Node& n) {
  if (n.kind == NodeKind::Field) text_let_reads_[n.slot] = true;
  if (n.kind == NodeKind::Let && !lets_read_[n.slot]) {
    lets_read_[n.slot] = true;
    fields_read(p_.lets[n.slot]);
  }
  if (n.kind == NodeKind::Param && p_.parameters[n.slot].by_field)
    text_let_reads_[*p_.parameters[n.slot].by_field] = true;
  for (const auto& kid : n.kids) fields_read(kid);
}

Kernel::Kernel(const Program& program, Day as_of) : program_(program), as_of_(as_of) {}
Kernel::~Kernel() = default;

std::unique_ptr<const Kernel> Kernel::compile(const Program& program, Day as_of, std::string* why, bool ranks) {
  std::unique_ptr<Kernel> k(new Kernel(program, as_of));
  try {
    KernelCompiler(program, *k, ranks).run();
  } catch (const Decline& d) {
    if (why) *why = d.why;
    return nullptr;
  }
  return k;
}

KernelRow Kernel::row() const {
  KernelRow r;
  r.num.assign(program_.schema.fields.size(), 0);
  r.text.assign(program_.schema.fields.size(), {});
  r.code.assign(program_.schema.fields.size(), no_kernel_code);
  r.lets.assign(program_.lets.size(), 0);
  r.more_lets_done.assign(program_.lets.size() / 64, 0);
  return r;
}

}  // namespace jaring

// The kernel's evaluation: a walk over typed nodes on 64-bit and 128-bit integers, every
// operation checked; an overflow makes the record fall back to the generic runtime, which
// then explains it.
#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

#include "engine/base/date.hpp"
#include "engine/base/text_hash.hpp"
#include "engine/runtime/kernel.hpp"
#include "engine/runtime/kernel_node.hpp"

namespace jaring {

namespace {

// The days of years 1 to 9999, where the calendar functions are defined (DateEdge).
constexpr std::int64_t first_day = day_from_ymd({1, 1, 1}), last_day = day_from_ymd({9999, 12, 31});

bool fits64(int128 v) {
  return v >= std::numeric_limits<std::int64_t>::min() && v <= std::numeric_limits<std::int64_t>::max();
}

bool compare(NodeKind op, int128 a, int128 b) {
  switch (op) {
    case NodeKind::Eq: return a == b;
    case NodeKind::Ne: return a != b;
    case NodeKind::Lt: return a < b;
    case NodeKind::Le: return a <= b;
    case NodeKind::Gt: return a > b;
    default: return a >= b;
  }
}

// `q` and `r`, a quotient by `den` truncated toward zero and its remainder, rounded half away
// from zero, toward -inf or toward +inf.
template <typename T>
[[gnu::always_inline]] inline T round_quotient(KernelOp op, T q, T r, T den) {
  if (r == 0) return q;
  const T mag = r < 0 ? -r : r;
  if (op == KernelOp::Round) {
    if (mag >= den - mag) q += r < 0 ? -1 : 1;  // r against den - r: no doubling to overflow
  } else if (op == KernelOp::Floor) {
    if (r < 0) q -= 1;
  } else if (r > 0) {
    q += 1;
  }
  return q;
}

// The common case inline: a 64-bit numerator over 1.000.000 (a percentage of an amount), the
// division by a constant a multiplication. A call with 128-bit arguments was a third of an
// amount's cost.
[[gnu::always_inline]] inline std::int64_t round_millionths(KernelOp op, std::int64_t num) {
  return round_quotient<std::int64_t>(op, num / 1'000'000, num % 1'000'000, 1'000'000);
}

// num / den rounded as `op` says.
int128 round_scaled(KernelOp op, int128 num, int128 den) {
  if (den == 1'000'000 && fits64(num)) return round_millionths(op, static_cast<std::int64_t>(num));
  return round_quotient<int128>(op, num / den, num % den, den);
}

// A RoundScaled node's value for its operand `a` (a whole number): `op`(a × k2 / k) into `out`,
// in 64 bits when the product fits (the division then by a constant); false when it overflows
// or the result is over 64 bits. Inline always: the evaluator's case (a record's) and
// Kernel::amount_of's (a constant operand, once).
[[gnu::always_inline]] inline bool scaled_rounding(KernelOp op, int128 a, int128 k2, int128 k, int128& out) {
  std::int64_t product = 0;
  int128 wide = 0;
  if (k == 1'000'000 && fits64(k2) && fits64(a) &&
      !__builtin_mul_overflow(static_cast<std::int64_t>(a), static_cast<std::int64_t>(k2), &product))
    out = round_millionths(op, product);
  else if (__builtin_mul_overflow(a, k2, &wide)) return false;
  else out = round_scaled(op, wide, k);
  return fits64(out);
}

// Whether num / den (den > 0) is within 64 bits, as money is in the generic runtime: an
// amount whose kind is the record's (Kernel::Node::bound64) is handed on beyond it.
bool within_money(int128 num, int128 den) {
  int128 limit = 0;
  if (__builtin_mul_overflow(int128{std::numeric_limits<std::int64_t>::max()}, den, &limit)) return true;
  return num <= limit && num >= -limit;
}

// A hash of a text for a dictionary's slots: its end words (text_ends) and its length, two
// multiplications and no loop (text_hash, the ids' hash, mixes every word in turn: its loop's
// end and its five multiplications were half of a lookup). Longer words alike at both ends
// share a hash, and the comparison tells them apart.
inline std::uint64_t dictionary_hash(std::string_view t) {
  const TextEnds e = text_ends(t);
  return (e.first * 0x9E3779B97F4A7C15ULL) ^ ((e.last + t.size()) * 0xC2B2AE3D27D4EB4FULL);
}

// The first slot of hash `h` in a table of `size` slots (a power of 2): its top bits, the ones
// every byte of the hashed words reaches.
inline std::size_t first_slot(std::uint64_t h, std::size_t size) {
  return size > 1 ? static_cast<std::size_t>(h >> (64 - std::countr_zero(size))) : 0;
}

// Whether two texts are equal, compared in place (a call to memcmp was a tenth of a summary
// run's time when every record's text was looked up in a dictionary, and 4 % more when every
// record's domicile was tested `within` an area). Inline always: -O2 left it a call from the
// lookup and from `within`, each record's (1.219 -> 1.209 instructions a record).
[[gnu::always_inline]] inline bool same_text(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const TextEnds x = text_ends(a), y = text_ends(b);
  if (x.first != y.first || x.last != y.last) return false;
  if (n <= 16) return true;  // the ends held every byte
  for (std::size_t i = 8; i + 8 < n; i += 8) {
    std::uint64_t u = 0, v = 0;
    std::memcpy(&u, a.data() + i, 8);
    std::memcpy(&v, b.data() + i, 8);
    if (u != v) return false;
  }
  return true;
}

// Whether `x` is `area` or within it (`area` followed by a dot): `within` over region codes.
inline bool within(std::string_view x, std::string_view area) {
  return x.size() >= area.size() && same_text(x.substr(0, area.size()), area) &&
         (x.size() == area.size() || x[area.size()] == '.');
}

}  // namespace

// Missing: the record has missing values (KernelRow::missing), read with three-valued logic:
// a read of one returns false with `miss` set, which `and` and `or` absorb where the other side
// decides, and which a requirement takes as failing for want of it (decide_missing). Any other
// false return (an overflow, ...) leaves `miss` clear: the record is the generic runtime's.
// `miss` is cleared by whoever goes on after a false (`and`, `or`, the loop over checks), so a
// false that is not a missing value's never finds it set.
template <bool Missing>
struct KernelEval {
  const Kernel& k;
  KernelRow& row;
  bool miss = false;        // the last false returned is a missing value's
  std::int32_t first = -1;  // the first missing field read since it was reset (the detail's)

  // Whether `field` is missing in the record (always false without Missing), noting it.
  [[gnu::always_inline]] bool absent(std::uint32_t field) {
    if constexpr (!Missing) {
      return false;
    } else {
      if (!row.lacks(field)) return false;
      if (first < 0) first = static_cast<std::int32_t>(field);
      miss = true;
      return true;
    }
  }

  // The text of `field` as its dictionary's code (computed once per record). Inline, as run():
  // each was a call per record from decide(), with the registers it saves and restores.
  [[gnu::always_inline]] std::uint32_t code(std::uint32_t field) {
    std::uint32_t& c = row.code[field];
    if (c == no_kernel_code) {
      c = kernel_code_other;
      const std::string_view t = row.text[field];
      const auto& slots = k.dictionary_slots_[field];
      if (!slots.empty()) {
        const std::uint64_t h = dictionary_hash(t);
        const std::size_t mask = slots.size() - 1;
        for (std::size_t i = first_slot(h, slots.size()); slots[i].code != Kernel::DictSlot::empty_slot;
             i = (i + 1) & mask)
          if (slots[i].hash == h && same_text(k.dictionary_[field][slots[i].code], t)) {
            c = slots[i].code;
            break;
          }
      }
    }
    return c;
  }

  // The text of node `i`: a text field's, a constant's, the branch an `if` takes, or a parameter
  // table's row for the record's key (false when the key has no row, the generic runtime's
  // NoTableEntry, or the condition cannot be decided here).
  bool text(std::uint32_t i, std::string_view& out) {
    const Kernel::Node& n = k.nodes_[i];
    if (n.op == KernelOp::If) {
      int128 c = 0;
      return arg(n.a, c) && text(c ? n.b : n.c, out);
    }
    if (n.op == KernelOp::TableInt || n.op == KernelOp::TableText) {
      if (absent(n.a)) return false;
      const std::int64_t key = n.op == KernelOp::TableInt ? row.num[n.a] : code(n.a);
      for (const auto& [k_key, node] : k.tables_[n.b].rows)
        if (k_key == key) return text(node, out);
      return false;
    }
    if (n.op == KernelOp::NoValue) return false;
    if (n.op == KernelOp::TextField && absent(n.a)) return false;
    out = n.op == KernelOp::TextField ? row.text[n.a] : std::string_view(n.text);
    return true;
  }

  // Whether `code` is in the bit set `set` (k.sets_), as `in` over a text field tests it.
  bool in_set(std::uint32_t set, std::uint32_t code) const {
    const auto& bits = k.sets_[set];
    return code / 64 < bits.size() && (bits[code / 64] >> (code % 64) & 1);
  }

  // Whether a Range test's field is in its range (before `negate`).
  bool in_range(const KernelTest& t) const {
    const std::int64_t v = row.num[t.field];
    return t.lo <= v && v <= t.hi;
  }

  // An operand: a constant or a field read in place, anything else evaluated.
  bool arg(std::uint32_t i, int128& out) {
    const Kernel::Node& n = k.nodes_[i];
    if (n.op == KernelOp::Const) {
      out = n.k;
      return true;
    }
    if (n.op == KernelOp::Field) {
      if (absent(n.a)) return false;
      out = row.num[n.a];
      return true;
    }
    return ev(i, out);
  }

  // Node `i` as the fraction num / den, den > 0: a Quotient or a pair operation (AddF to IfF),
  // or a Let of one, computed from its operands' pairs; any other number evaluated over its
  // node's denominator. False when a value cannot be computed here, a divisor is 0, a product
  // overflows or a bound64 value passes 64 bits: the generic runtime's record.
  bool frac(std::uint32_t i, int128& num, int128& den) {
    if constexpr (Missing) {
      if (k.nodes_[i].op == KernelOp::Let && k.nodes_[i].quotient) {
        // Such a let is computed again at each read here, where the generic runtime keeps it
        // and names its missing value only once: not a missing value this evaluation can tell.
        const bool ok = frac_of(i, num, den);
        if (!ok) miss = false;
        return ok;
      }
    }
    return frac_of(i, num, den);
  }

  bool frac_of(std::uint32_t i, int128& num, int128& den) {
    const Kernel::Node* n = &k.nodes_[i];
    while (n->op == KernelOp::Let && n->quotient) n = &k.nodes_[k.let_nodes_[n->a]];
    int128 an = 0, ad = 1, bn = 0, bd = 1, l = 0, r = 0;
    switch (n->op) {
      case KernelOp::Quotient:
        if (!arg(n->a, an) || !arg(n->b, bn) || bn == 0 || __builtin_mul_overflow(an, n->k, &num) ||
            __builtin_mul_overflow(bn, n->k2, &den))
          return false;
        break;
      case KernelOp::AddF:
      case KernelOp::SubF:
        if (!frac(n->a, an, ad) || !frac(n->b, bn, bd) || __builtin_mul_overflow(an, bd, &l) ||
            __builtin_mul_overflow(bn, ad, &r) || __builtin_mul_overflow(ad, bd, &den) ||
            (n->op == KernelOp::AddF ? __builtin_add_overflow(l, r, &num) : __builtin_sub_overflow(l, r, &num)))
          return false;
        break;
      case KernelOp::MulF:
        if (!frac(n->a, an, ad) || !frac(n->b, bn, bd) || __builtin_mul_overflow(an, bn, &num) ||
            __builtin_mul_overflow(ad, bd, &den))
          return false;
        break;
      case KernelOp::DivF:  // by 0: the generic runtime's problem to name
        if (!frac(n->a, an, ad) || !frac(n->b, bn, bd) || bn == 0 || __builtin_mul_overflow(an, bd, &num) ||
            __builtin_mul_overflow(ad, bn, &den))
          return false;
        break;
      case KernelOp::NegF:
        if (!frac(n->a, an, den) || an == std::numeric_limits<int128>::min()) return false;
        num = -an;
        break;
      case KernelOp::MinF:
      case KernelOp::MaxF:
        // The first of the values the generic runtime would take (eval_extreme: a later one only
        // when strictly beyond), compared by cross-multiplying.
        for (std::uint32_t j = 0; j < n->b; ++j) {
          if (!frac(k.args_[n->a + j], an, ad)) return false;
          int128 beyond = 1;
          if (j > 0 &&
              !compare_fractions(n->op == KernelOp::MaxF ? NodeKind::Gt : NodeKind::Lt, an, ad, num, den, beyond))
            return false;
          if (beyond) {
            num = an;
            den = ad;
          }
        }
        break;
      case KernelOp::IfF:
        if (!arg(n->a, l) || !frac(l ? n->b : n->c, num, den)) return false;
        break;
      default:
        den = n->type == KernelType::Percent || n->type == KernelType::Unrounded ? n->den : 1;
        return arg(i, num);
    }
    if (den < 0) {
      if (num == std::numeric_limits<int128>::min() || den == std::numeric_limits<int128>::min()) return false;
      num = -num;
      den = -den;
    }
    return !n->bound64 || within_money(num, den);
  }

  // Whether x_num / x_den `cmp` y_num / y_den (both denominators positive), into `out`; false
  // when a cross product overflows.
  static bool compare_fractions(NodeKind cmp, int128 xn, int128 xd, int128 yn, int128 yd, int128& out) {
    int128 l = 0, r = 0;
    if (__builtin_mul_overflow(xn, yd, &l) || __builtin_mul_overflow(yn, xd, &r)) return false;
    out = compare(cmp, l, r);
    return true;
  }

  // The value of node `i` into `out`; false when it cannot be computed exactly here.
  bool ev(std::uint32_t i, int128& out) {
    const Kernel::Node& n = k.nodes_[i];
    int128 a = 0, b = 0, c = 0;
    switch (n.op) {
      case KernelOp::Const: out = n.k; return true;
      case KernelOp::Field:
        if (absent(n.a)) return false;
        out = row.num[n.a];
        return true;
      case KernelOp::TextField:  // text is read through text()
      case KernelOp::NoValue:    // the record is the generic runtime's (which says why)
        return false;
      case KernelOp::Let: {
        std::uint64_t& done = n.a < 64 ? row.lets_done : row.more_lets_done[n.a / 64 - 1];
        const std::uint64_t bit = std::uint64_t{1} << (n.a % 64);
        if (!(done & bit)) {
          if (!ev(k.let_nodes_[n.a], row.lets[n.a])) {
            if constexpr (Missing) {  // kept missing, as the generic runtime keeps it (named once)
              if (miss && n.a < 64) {
                done |= bit;
                row.lets_missing |= bit;
              } else {
                miss = false;
              }
            }
            return false;
          }
          done |= bit;  // `done` stays in place: the vector never grows
        } else if constexpr (Missing) {
          if (n.a < 64 && (row.lets_missing >> n.a & 1)) {
            miss = true;
            return false;
          }
        }
        out = row.lets[n.a];
        return true;
      }
      case KernelOp::ToQ: return ev(n.a, out);
      case KernelOp::Rescale:
        if (!arg(n.a, a)) return false;
        return !__builtin_mul_overflow(a, n.k, &out);
      case KernelOp::Not:
        if (!arg(n.a, a)) return false;
        out = a == 0;
        return true;
      case KernelOp::And:
      case KernelOp::Or: {
        const bool is_and = n.op == KernelOp::And;
        bool a_missing = false;
        if (!arg(n.a, a)) {
          if (!Missing || !miss) return false;
          a_missing = true;  // absorbed if the other side decides
          miss = false;
        } else if ((a != 0) != is_and) {
          out = a != 0;
          return true;
        }
        if (!arg(n.b, b)) return false;  // missing or not, as b's false says
        if (a_missing && (b != 0) == is_and) {
          miss = true;
          return false;
        }
        out = b != 0;
        return true;
      }
      case KernelOp::NegI:
        if (!arg(n.a, a) || a == std::numeric_limits<std::int64_t>::min()) return false;
        out = -a;
        return true;
      case KernelOp::NegQ:
        if (!arg(n.a, a) || a == std::numeric_limits<int128>::min()) return false;
        out = -a;
        return !n.bound64 || within_money(out, n.den);
      case KernelOp::AddI:
      case KernelOp::SubI:
      case KernelOp::MulI: {
        if (!arg(n.a, a) || !arg(n.b, b)) return false;
        std::int64_t r = 0;
        const auto x = static_cast<std::int64_t>(a), y = static_cast<std::int64_t>(b);
        const bool overflow = n.op == KernelOp::AddI   ? __builtin_add_overflow(x, y, &r)
                              : n.op == KernelOp::SubI ? __builtin_sub_overflow(x, y, &r)
                                                       : __builtin_mul_overflow(x, y, &r);
        if (overflow) return false;
        out = r;
        return true;
      }
      case KernelOp::AddQ:
      case KernelOp::SubQ:
      case KernelOp::MulQQ:
      case KernelOp::MulQI: {
        if (Missing && n.op == KernelOp::MulQI && n.b_first) {  // read as written (kernel_node.hpp)
          if (!arg(n.b, b) || !arg(n.a, a)) return false;
        } else if (!arg(n.a, a) || !arg(n.b, b)) {
          return false;
        }
        bool ok = true;
        if (n.op == KernelOp::AddQ) ok = !__builtin_add_overflow(a, b, &out);
        else if (n.op == KernelOp::SubQ) ok = !__builtin_sub_overflow(a, b, &out);
        else if (fits64(a) && fits64(b)) out = a * b;  // two 64-bit factors: the 128-bit product cannot overflow
        else ok = !__builtin_mul_overflow(a, b, &out);
        return ok && (!n.bound64 || within_money(out, n.den));
      }
      case KernelOp::CmpI:
      case KernelOp::CmpQ:
        if (!arg(n.a, a) || !arg(n.b, b)) return false;
        out = compare(n.cmp, a, b);
        return true;
      case KernelOp::CmpIK:
      case KernelOp::CmpQK:
        if (!arg(n.a, a)) return false;
        out = compare(n.cmp, a, n.k);
        return true;
      case KernelOp::BetweenIK:
      case KernelOp::BetweenQK:
        if (!arg(n.a, a)) return false;
        out = n.k <= a && a <= n.k2;
        return true;
      case KernelOp::RoundScaled: return arg(n.a, a) && scaled_rounding(n.rounding, a, n.k2, n.k, out);
      case KernelOp::BetweenI:
      case KernelOp::BetweenQ:
        if (!arg(n.a, a) || !arg(n.b, b) || !arg(n.c, c)) return false;
        out = b <= a && a <= c;
        return true;
      case KernelOp::TextEqCode:
        if (absent(n.a)) return false;
        out = (code(n.a) == n.k) != n.negate;
        return true;
      case KernelOp::TextEq: {
        std::string_view x, y;
        if (!text(n.a, x) || !text(n.b, y)) return false;
        out = (x == y) != n.negate;
        return true;
      }
      case KernelOp::TextIn: {
        if (absent(n.a)) return false;
        out = in_set(n.b, code(n.a)) != n.negate;
        return true;
      }
      case KernelOp::TextInSet: {
        std::string_view t;
        if (!text(n.a, t)) return false;
        const auto& texts = k.text_sets_[n.b];
        out = (std::find(texts.begin(), texts.end(), t) != texts.end()) != n.negate;
        return true;
      }
      case KernelOp::IntIn: {
        if (!arg(n.a, a)) return false;
        const auto& values = k.int_sets_[n.b];
        const bool in = std::find(values.begin(), values.end(), static_cast<std::int64_t>(a)) != values.end();
        out = in != n.negate;
        return true;
      }
      case KernelOp::IntInList: {
        if (!arg(n.a, a)) return false;
        bool in = false;
        for (std::uint32_t j = 0; j < n.c; ++j) {  // every member, as the generic runtime builds the set
          if (!arg(k.args_[n.b + j], b)) return false;
          in = in || b == a;
        }
        out = in != n.negate;
        return true;
      }
      case KernelOp::TextInList: {
        std::string_view x, member;
        if (!text(n.a, x)) return false;
        bool in = false;
        for (std::uint32_t j = 0; j < n.c; ++j) {
          if (!text(k.args_[n.b + j], member)) return false;
          in = in || member == x;
        }
        out = in != n.negate;
        return true;
      }
      case KernelOp::Within: {
        std::string_view x, area;
        if (!text(n.a, x) || !text(n.b, area)) return false;
        out = within(x, area);
        return true;
      }
      case KernelOp::If:
        if (!arg(n.a, a)) return false;
        return ev(a ? n.b : n.c, out);
      case KernelOp::Round:
      case KernelOp::Floor:
      case KernelOp::Ceil:
        if (!arg(n.a, a)) return false;
        out = round_scaled(n.op, a, n.k);
        return fits64(out);
      case KernelOp::MinI:
      case KernelOp::MaxI:
      case KernelOp::MinQ:
      case KernelOp::MaxQ: {
        const bool is_max = n.op == KernelOp::MaxI || n.op == KernelOp::MaxQ;
        for (std::uint32_t j = 0; j < n.b; ++j) {
          if (!arg(k.args_[n.a + j], a)) return false;
          // Chosen without a branch: which of an amount and its floor is larger is the
          // record's, a coin toss for the processor's guess.
          const bool take = j == 0 || (is_max ? a > out : a < out);
          out = take ? a : out;
        }
        return true;
      }
      case KernelOp::TableInt:
      case KernelOp::TableText: {
        if (absent(n.a)) return false;
        const std::int64_t key = n.op == KernelOp::TableInt ? row.num[n.a] : code(n.a);
        for (const auto& [k_key, node] : k.tables_[n.b].rows)
          if (k_key == key) return ev(node, out);
        return false;
      }
      case KernelOp::YearsTo:
      case KernelOp::MonthsTo: {  // to a constant date (`as_of`), its calendar date known
        if (!arg(n.a, a)) return false;
        const auto from = static_cast<Day>(a), to = static_cast<Day>(n.k);
        const Ymd b_ymd{static_cast<int>(n.b >> 9), static_cast<int>((n.b >> 5) & 15), static_cast<int>(n.b & 31)};
        out = kernel_calendar_to(n.op, from, to, b_ymd);
        return true;
      }
      case KernelOp::Years:
      case KernelOp::Months:
        if (!arg(n.a, a) || !arg(n.b, b)) return false;
        out = n.op == KernelOp::Years ? kernel_years_apart(static_cast<Day>(a), static_cast<Day>(b))
                                      : kernel_months_apart(static_cast<Day>(a), static_cast<Day>(b));
        return true;
      case KernelOp::Quotient:
      case KernelOp::AddF:
      case KernelOp::SubF:
      case KernelOp::MulF:
      case KernelOp::DivF:
      case KernelOp::NegF:
      case KernelOp::MinF:
      case KernelOp::MaxF:
      case KernelOp::IfF: return false;  // pairs, read through frac()
      case KernelOp::CmpF: {
        int128 an = 0, ad = 1, bn = 0, bd = 1;
        return frac(n.a, an, ad) && frac(n.b, bn, bd) && compare_fractions(n.cmp, an, ad, bn, bd, out);
      }
      case KernelOp::BetweenF: {
        int128 xn = 0, xd = 1, ln = 0, ld = 1, hn = 0, hd = 1, above = 0, below = 0;
        if (!frac(n.a, xn, xd) || !frac(n.b, ln, ld) || !frac(n.c, hn, hd) ||
            !compare_fractions(NodeKind::Ge, xn, xd, ln, ld, above) ||
            !compare_fractions(NodeKind::Le, xn, xd, hn, hd, below))
          return false;
        out = above && below;
        return true;
      }
      case KernelOp::RoundF: {
        int128 num = 0, den = 1;
        if (!frac(n.a, num, den)) return false;
        out = round_quotient<int128>(n.rounding, num / den, num % den, den);
        return fits64(out);
      }
      case KernelOp::DateEdge: {  // as eval_date_edge (language/builtins.cpp), in years 1 to 9999
        if (!arg(n.a, a) || a < first_day || a > last_day) return false;
        Ymd d = ymd_from_day(static_cast<Day>(a));
        if (n.k < 2) d.month = n.k == 1 ? 12 : 1;
        d.day = n.k % 2 == 1 ? days_in_month(d.year, d.month) : 1;
        out = day_from_ymd(d);
        return true;
      }
    }
    return false;
  }

  // The checks of `plan` that fail, as bits into `failed` (without a branch: which checks fail
  // is the record's); false when one cannot be decided exactly here.
  [[gnu::always_inline]] bool run(const KernelPlan& plan, std::uint64_t& failed) {
    const KernelPlan::Step* s = plan.steps.data();
    for (std::uint32_t n = plan.ranges; n; --n, ++s) {
      const bool pass = in_range(s->test) != s->test.negate;
      failed |= std::uint64_t{!pass} << s->bit;
    }
    for (std::uint32_t n = plan.withins; n; --n, ++s) {
      const bool pass = within(row.text[s->test.field], s->test.area) != s->test.negate;
      failed |= std::uint64_t{!pass} << s->bit;
    }
    for (std::uint32_t n = plan.code_tests; n; --n, ++s) {
      const bool pass = (code(s->test.field) == static_cast<std::uint64_t>(s->test.lo)) != s->test.negate;
      failed |= std::uint64_t{!pass} << s->bit;
    }
    for (std::uint32_t n = plan.code_sets; n; --n, ++s) {
      const bool pass = in_set(s->test.node, code(s->test.field)) != s->test.negate;
      failed |= std::uint64_t{!pass} << s->bit;
    }
    for (std::uint32_t n = plan.nodes; n; --n, ++s) {
      bool holds = false;
      if (!truth(s->test.node, holds)) return false;
      failed |= std::uint64_t{holds == s->test.negate} << s->bit;
    }
    return true;
  }

  // A contribution part's amount into `out`; false when it cannot be computed exactly here.
  bool amount(const KernelPart& p, std::int64_t& out) {
    const KernelAmount& a = p.amount;
    if (a.kind == KernelAmount::Kind::Const) {
      out = a.value;
      return true;
    }
    if (a.kind == KernelAmount::Kind::Clamped) {
      if (absent(a.field)) return false;
      std::int64_t x = row.num[a.field];
      for (std::size_t j = 0; j < 2; ++j) {  // without a branch: which bound holds is the record's
        x = x < a.lo[j] ? a.lo[j] : x;
        x = x > a.hi[j] ? a.hi[j] : x;
      }
      if (!a.scaled) {
        out = x;
        return true;
      }
      std::int64_t product = 0;
      if (!__builtin_mul_overflow(x, a.factor, &product)) {
        out = round_millionths(static_cast<KernelOp>(a.rounding), product);
        return true;
      }
    }
    int128 v = 0;  // any other shape, or a product over 64 bits
    if (!arg(p.node, v)) return false;
    out = static_cast<std::int64_t>(v);
    return true;
  }

  // An eligible decision's parts, total and rank into `d`, for group `g` whose checks all pass;
  // false when the generic runtime must decide the record.
  bool eligible(const KernelGroup& g, KernelDecision& d) {
    if (!g.line) return false;  // the generic runtime says which date no line covers
    // A part below zero, or a total beyond 64 bits, is the generic runtime's to explain
    // (evaluate.cpp). Parts of none below zero: every payer's share is within the total; with a
    // budget, so is each payer's cost in the year when the total times the months is.
    for (std::size_t i = 0; i < g.parts.size(); ++i) {
      if (!amount(g.parts[i], d.parts[i]) || d.parts[i] < 0) return false;
      if (__builtin_add_overflow(d.total, d.parts[i], &d.total)) return false;
    }
    std::int64_t yearly = 0;
    if (g.budgeted && __builtin_mul_overflow(d.total, g.budget_months, &yearly)) return false;
    if (g.quota && g.rank != no_kernel_node) {
      // A missing date ranked by itself (missing_ok(), or a missing value) has no rank; nor
      // has a rank that needs a missing value, as the generic runtime ranks it.
      const Kernel::Node& rank = k.nodes_[g.rank];
      if (rank.op == KernelOp::Field && row.num[rank.a] == kernel_missing_day) {
        d.rank_missing = true;
      } else if (!ev(g.rank, d.rank)) {
        if (!Missing || !miss) return false;
        d.rank = 0;
        d.rank_missing = true;
      }
    }
    d.outcome = KernelOutcome::Eligible;
    return true;
  }

  bool truth(std::uint32_t i, bool& out) {
    int128 v = 0;
    if (!ev(i, v)) return false;
    out = v != 0;
    return true;
  }

  // A condition's truth into `out`, its common shapes read from the row in place; false when
  // it cannot be decided exactly here.
  [[gnu::always_inline]] bool test(const KernelTest& t, bool& out) {
    bool r = false;
    switch (t.kind) {
      case KernelTest::Kind::Node: return truth(t.node, out);
      case KernelTest::Kind::Range: r = in_range(t); break;
      case KernelTest::Kind::Code: r = code(t.field) == static_cast<std::uint64_t>(t.lo); break;
      case KernelTest::Kind::Codes: r = in_set(t.node, code(t.field)); break;
      case KernelTest::Kind::Within: r = within(row.text[t.field], t.area); break;
    }
    out = r != t.negate;
    return true;
  }
};

void Kernel::index_dictionaries() {
  dictionary_slots_.assign(dictionary_.size(), {});
  coded_fields_.clear();
  for (std::size_t f = 0; f < dictionary_.size(); ++f) {
    const auto& dict = dictionary_[f];
    if (dict.empty()) continue;
    coded_fields_.push_back(static_cast<std::uint32_t>(f));
    std::size_t size = 8;
    while (size < 2 * dict.size()) size *= 2;
    auto& slots = dictionary_slots_[f];
    slots.assign(size, DictSlot{});
    for (std::uint32_t code = 0; code < dict.size(); ++code) {
      const std::uint64_t h = dictionary_hash(dict[code]);
      std::size_t i = first_slot(h, size);
      while (slots[i].code != DictSlot::empty_slot) i = (i + 1) & (size - 1);
      slots[i] = {h, code};
    }
  }
}

namespace {

// Whether node `i` depends on nothing but the dictionary code of `field` (set when first seen).
bool code_only(const std::vector<Kernel::Node>& nodes, std::uint32_t i, std::optional<std::size_t>& field) {
  const Kernel::Node& n = nodes[i];
  switch (n.op) {
    case KernelOp::Const: return true;
    case KernelOp::TextEqCode:
    case KernelOp::TextIn:
      if (!field) field = n.a;
      return *field == n.a;
    case KernelOp::Not: return code_only(nodes, n.a, field);
    case KernelOp::And:
    case KernelOp::Or: return code_only(nodes, n.a, field) && code_only(nodes, n.b, field);
    default: return false;
  }
}

}  // namespace

void Kernel::build_choice() {
  std::optional<std::size_t> field;
  for (const auto& g : groups_)
    if (!code_only(nodes_, g.when, field)) return;
  if (!field) return;
  KernelRow row = this->row();
  KernelEval<false> e{*this, row};
  const auto codes = static_cast<std::uint32_t>(dictionary_[*field].size());
  for (std::uint32_t c = 0; c <= codes; ++c) {
    row.code[*field] = c == codes ? kernel_code_other : c;
    std::int32_t chosen = -1, invalid = -1;
    for (std::size_t gi = 0; gi < groups_.size() && chosen < 0; ++gi) {
      bool holds = false;
      if (!e.truth(groups_[gi].when, holds)) return;  // cannot happen for code tests; keep the walk
      if (holds && groups_[gi].valid) chosen = static_cast<std::int32_t>(gi);
      else if (holds && invalid < 0) invalid = static_cast<std::int32_t>(groups_[gi].index);
    }
    choice_.push_back(chosen);
    choice_invalid_.push_back(chosen < 0 ? invalid : -1);
  }
  choice_field_ = field;
}

KernelTest Kernel::test_of(std::uint32_t i) const {
  const Node& n = nodes_[i];
  KernelTest t;
  t.node = i;
  const auto is_field = [&](std::uint32_t j) { return nodes_[j].op == KernelOp::Field; };
  // A range of a 64-bit field from bounds of any size: clamped, or empty (lo > hi) when none fits.
  constexpr int128 min64 = std::numeric_limits<std::int64_t>::min(), max64 = std::numeric_limits<std::int64_t>::max();
  const auto range = [&](std::uint32_t field, int128 lo, int128 hi, bool negate) {
    lo = std::max(lo, min64);
    hi = std::min(hi, max64);
    t.kind = KernelTest::Kind::Range;
    t.field = field;
    t.lo = lo <= hi ? static_cast<std::int64_t>(lo) : 1;
    t.hi = lo <= hi ? static_cast<std::int64_t>(hi) : 0;
    t.negate = negate;
  };
  switch (n.op) {
    case KernelOp::Field:  // a truth field: true when not 0
      if (n.type == KernelType::Bool) range(n.a, 0, 0, true);
      break;
    case KernelOp::Not:
      if (is_field(n.a)) range(nodes_[n.a].a, 0, 0, false);
      break;
    case KernelOp::CmpIK: {
      if (!is_field(n.a)) break;
      const int128 k = std::clamp(n.k, min64 - 1, max64 + 1);  // k ± 1 cannot overflow
      const std::uint32_t f = nodes_[n.a].a;
      switch (n.cmp) {
        case NodeKind::Eq: range(f, k, k, false); break;
        case NodeKind::Ne: range(f, k, k, true); break;
        case NodeKind::Lt: range(f, min64, k - 1, false); break;
        case NodeKind::Le: range(f, min64, k, false); break;
        case NodeKind::Gt: range(f, k + 1, max64, false); break;
        case NodeKind::Ge: range(f, k, max64, false); break;
        default: break;
      }
      break;
    }
    case KernelOp::BetweenIK:
      if (is_field(n.a)) range(nodes_[n.a].a, n.k, n.k2, false);
      break;
    case KernelOp::TextEqCode:
      t.kind = KernelTest::Kind::Code;
      t.field = n.a;
      t.lo = static_cast<std::int64_t>(n.k);
      t.negate = n.negate;
      break;
    case KernelOp::TextIn:
      t.kind = KernelTest::Kind::Codes;
      t.field = n.a;
      t.node = n.b;
      t.negate = n.negate;
      break;
    case KernelOp::Within:
      if (nodes_[n.a].op == KernelOp::TextField && nodes_[n.b].op == KernelOp::Const) {
        t.kind = KernelTest::Kind::Within;
        t.field = nodes_[n.a].a;
        t.area = nodes_[n.b].text;
      }
      break;
    default: break;
  }
  return t;
}

KernelAmount Kernel::amount_of(std::uint32_t i) const {
  KernelAmount a;
  const Node& n = nodes_[i];
  if (n.op == KernelOp::Const) {
    if (fits64(n.k)) {
      a.kind = KernelAmount::Kind::Const;
      a.value = static_cast<std::int64_t>(n.k);
    }
    return a;
  }
  // A constant rounded (`round(jkm_bpu_amount * pp49_relief)`, the national JKM): its value once,
  // as ev() computes it for every record; left a node when it overflows, for the generic runtime
  // to say so.
  if (int128 out = 0; n.op == KernelOp::RoundScaled && nodes_[n.a].op == KernelOp::Const) {
    if (!scaled_rounding(n.rounding, nodes_[n.a].k, n.k2, n.k, out)) return a;
    a.kind = KernelAmount::Kind::Const;
    a.value = static_cast<std::int64_t>(out);
    return a;
  }
  std::uint32_t x = i;
  if (n.op == KernelOp::RoundScaled && n.k == 1'000'000 && fits64(n.k2)) {
    a.scaled = true;
    a.factor = static_cast<std::int64_t>(n.k2);
    a.rounding = static_cast<std::uint8_t>(n.rounding);
    x = n.a;
  }
  // The operand, from the outside in: lets, at most two bounds (a max or min of the operand and
  // constants), a field.
  int bounds = 0;  // found so far: the outer in lo[1] / hi[1], an inner one in lo[0] / hi[0]
  for (;;) {
    const Node& y = nodes_[x];
    if (y.op == KernelOp::Let) {
      if (let_nodes_[y.a] == no_kernel_node) return {};
      x = let_nodes_[y.a];
      continue;
    }
    if (y.op == KernelOp::Field) {
      a.kind = KernelAmount::Kind::Clamped;
      a.field = y.a;
      return a;
    }
    if ((y.op != KernelOp::MaxI && y.op != KernelOp::MinI) || bounds == 2) return {};
    std::optional<std::uint32_t> operand;
    int128 bound = y.op == KernelOp::MaxI ? std::numeric_limits<int128>::min() : std::numeric_limits<int128>::max();
    for (std::uint32_t j = 0; j < y.b; ++j) {
      const std::uint32_t arg = args_[y.a + j];
      if (nodes_[arg].op == KernelOp::Const) {
        bound = y.op == KernelOp::MaxI ? std::max(bound, nodes_[arg].k) : std::min(bound, nodes_[arg].k);
      } else if (operand) {
        return {};  // two operands
      } else {
        operand = arg;
      }
    }
    if (!operand) return {};
    if (y.b > 1) {  // constants besides the operand: a bound
      if (!fits64(bound)) return {};
      const auto slot = static_cast<std::size_t>(1 - bounds);  // the outer bound in 1, the inner in 0
      if (y.op == KernelOp::MaxI) a.lo[slot] = static_cast<std::int64_t>(bound);
      else a.hi[slot] = static_cast<std::int64_t>(bound);
      ++bounds;
    }
    x = *operand;
  }
}

KernelPlan Kernel::plan_of(const std::vector<KernelCheck>& checks) {
  KernelPlan plan;
  using Kind = KernelTest::Kind;
  for (const Kind kind : {Kind::Range, Kind::Within, Kind::Code, Kind::Codes, Kind::Node}) {
    std::uint32_t n = 0;
    for (std::size_t i = 0; i < checks.size(); ++i)
      if (!checks[i].waived && checks[i].test.kind == kind) {
        plan.steps.push_back({checks[i].test, static_cast<std::uint32_t>(i)});
        ++n;
      }
    switch (kind) {
      case Kind::Range: plan.ranges = n; break;
      case Kind::Within: plan.withins = n; break;
      case Kind::Code: plan.code_tests = n; break;
      case Kind::Codes: plan.code_sets = n; break;
      case Kind::Node: plan.nodes = n; break;
    }
  }
  return plan;
}

void Kernel::make_tests() {
  for (auto& g : groups_) {
    g.when_test = test_of(g.when);
    for (auto& c : g.checks)
      if (!c.waived) c.test = test_of(c.node);
    g.plan = plan_of(g.checks);
    for (auto& p : g.parts) p.amount = amount_of(p.node);
  }
  for (auto& c : general_) c.test = test_of(c.node);
  general_plan_ = plan_of(general_);
}

namespace {

void fall_back(KernelDecision& d) {
  d.outcome = KernelOutcome::Fallback;
  d.group = -1;
  d.failed = 0;
  d.total = 0;
  d.rank = 0;
  d.rank_missing = false;
  d.invalid = -1;
  d.unknown = 0;
}

}  // namespace

void Kernel::decide(KernelRow& row, KernelDecision& d) const {
  if (!valid_on_date_) {
    fall_back(d);
    d.outcome = KernelOutcome::Outside;
    return;
  }
  for (const std::uint32_t f : coded_fields_) row.code[f] = no_kernel_code;
  row.lets_done = 0;
  for (std::uint64_t& more : row.more_lets_done) more = 0;
  if (row.missing) return decide_missing(row, d);
  KernelEval<false> e{*this, row};
  fall_back(d);
  // The first group whose `when` holds and that is valid on the date; one whose `when` holds
  // but that is not valid is passed over, the first such named when no group is chosen.
  const KernelGroup* g = nullptr;
  std::int32_t invalid = -1;
  if (choice_field_) {
    const std::uint32_t c = e.code(static_cast<std::uint32_t>(*choice_field_));
    const std::size_t at = c == kernel_code_other ? choice_.size() - 1 : c;
    if (const std::int32_t chosen = choice_[at]; chosen >= 0) g = &groups_[static_cast<std::size_t>(chosen)];
    else invalid = choice_invalid_[at];
  } else {
    for (const auto& candidate : groups_) {
      bool holds = false;
      if (!e.test(candidate.when_test, holds)) return;  // Fallback
      if (holds && candidate.valid) {
        g = &candidate;
        break;
      }
      if (holds && invalid < 0) invalid = static_cast<std::int32_t>(candidate.index);
    }
  }
  if (!g) {
    if (!e.run(general_plan_, d.failed)) return fall_back(d);
    d.outcome = KernelOutcome::NoGroup;
    d.invalid = invalid;
    return;
  }
  if (!e.run(g->plan, d.failed)) return fall_back(d);
  d.group = static_cast<std::int32_t>(g->index);
  if (d.failed) {
    d.outcome = KernelOutcome::NotEligible;
    return;
  }
  if (!e.eligible(*g, d)) return fall_back(d);
}

// A record with missing values (KernelRow::missing), decided as the generic runtime decides it
// (evaluate.cpp): every condition evaluated from its node, in declaration order (a let found
// missing is named by the first requirement that reads it, as the generic runtime memoises it),
// a requirement that cannot be told failing with the missing field it met first.
void Kernel::decide_missing(KernelRow& row, KernelDecision& d) const {
  row.lets_missing = 0;  // its codes and lets' bits are reset by decide()
  KernelEval<true> e{*this, row};
  fall_back(d);
  const KernelGroup* g = nullptr;
  std::int32_t invalid = -1;
  for (const auto& candidate : groups_) {
    bool holds = false;
    e.miss = false;
    if (!e.truth(candidate.when, holds)) {
      if (!e.miss) return fall_back(d);
      holds = false;  // a condition that cannot be told does not hold
    }
    if (holds && candidate.valid) {
      g = &candidate;
      break;
    }
    if (holds && invalid < 0) invalid = static_cast<std::int32_t>(candidate.index);
  }
  const std::vector<KernelCheck>& checks = g ? g->checks : general_;
  for (std::size_t i = 0; i < checks.size(); ++i) {
    if (checks[i].waived) continue;
    e.miss = false;
    e.first = -1;
    bool holds = false;
    if (e.truth(checks[i].node, holds)) {
      d.failed |= std::uint64_t{!holds} << i;
      continue;
    }
    if (!e.miss) return fall_back(d);
    d.failed |= std::uint64_t{1} << i;
    d.unknown |= std::uint64_t{1} << i;
    d.missing_field[i] = e.first < 0 ? no_missing_field : static_cast<std::uint8_t>(e.first);
  }
  if (!g) {
    d.outcome = KernelOutcome::NoGroup;
    d.invalid = invalid;
    return;
  }
  d.group = static_cast<std::int32_t>(g->index);
  if (d.failed) {
    d.outcome = KernelOutcome::NotEligible;
    return;
  }
  // A quota key or a payer's account missing: the generic runtime's reason to give.
  if (g->key_field && row.lacks(*g->key_field)) return fall_back(d);
  if (g->line)
    for (const CShare& s : g->line->shares)
      if (s.of_field && row.lacks(*s.of_field)) return fall_back(d);
  e.miss = false;
  if (!e.eligible(*g, d)) return fall_back(d);
}

}  // namespace jaring

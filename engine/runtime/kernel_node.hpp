// Internal to the kernel (kernel.cpp compiles, kernel_eval.cpp evaluates): its expression nodes.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "engine/base/date.hpp"
#include "engine/runtime/kernel.hpp"

namespace jaring {

// The largest denominator a fraction's node may have (1.000.000^5, as five percentages multiplied).
inline constexpr int128 kernel_max_den = static_cast<int128>(1'000'000'000'000'000LL) * 1'000'000'000'000'000LL;

inline constexpr std::uint32_t no_kernel_node = std::numeric_limits<std::uint32_t>::max();
inline constexpr std::uint32_t no_kernel_code = std::numeric_limits<std::uint32_t>::max();  // not yet looked up
inline constexpr std::uint32_t kernel_code_other = no_kernel_code - 1;                      // no constant's text

// The static kind of a node's value. Int, Money, Date and Bool are 64-bit integers; Percent
// (a fraction of 1) and Unrounded (sen) are numerators over the node's `den`, fixed when it is
// compiled (a percentage 1.000.000, or its own denominator when that does not divide it; money
// times a percentage the percentage's; a product the product of its factors'; a quotient by a
// constant p/q its dividend's times |p|; operands brought to the least common one), at most
// kernel_max_den; text kinds are views.
enum class KernelType : std::uint8_t { Bool, Int, Money, Date, Percent, Unrounded, Text, Region, Nik };

enum class KernelOp : std::uint8_t {
  Const,        // k (numbers), text
  Field,        // a: a numeric field's slot
  TextField,    // a: a text field's slot
  Let,          // a: the let
  ToQ,          // a: an integer as a fraction (scale 0)
  Rescale,      // a × k: a fraction at a larger scale
  Not,          // a
  And,          // a, b
  Or,           // a, b
  NegI,         // a
  NegQ,         // a
  AddI,         // a, b
  SubI,         // a, b
  MulI,         // a, b
  AddQ,         // a, b
  SubQ,         // a, b
  MulQI,        // a (a fraction) × b (an integer)
  MulQQ,        // a × b, both fractions
  CmpI,         // a `cmp` b
  CmpQ,         // a `cmp` b
  BetweenI,     // a between b and c
  BetweenQ,     // a between b and c
  CmpIK,        // a `cmp` the constant k
  CmpQK,        // a `cmp` the constant k
  BetweenIK,    // a between the constants k and k2
  BetweenQK,    // a between the constants k and k2
  RoundScaled,  // `rounding`(a × k2 / k): an integer times a constant fraction, rounded to money
  TextEqCode,   // field a's code == k (negate: !=)
  TextEq,       // text a == text b (negate: !=)
  TextIn,       // field a's code in set b (negate: not in)
  TextInSet,    // text a (a let's `if`, a table's row) in the texts of set b (negate: not in)
  IntIn,        // a in int set b (negate: not in)
  IntInList,    // a in the values of args b .. b+c, computed per record (negate: not in)
  TextInList,   // text a in the texts of args b .. b+c, computed per record (negate: not in)
  Within,       // text a within text b
  If,           // a ? b : c
  Round,        // a (unrounded, divided by k) to money
  Floor,        // a
  Ceil,         // a
  MinI,         // args a .. a+b
  MaxI,
  MinQ,
  MaxQ,
  TableInt,   // parameter table b keyed by field a's number
  TableText,  // parameter table b keyed by field a's code
  NoValue,    // a parameter without a value on the date, a division by a constant 0: a record that
              // needs it is the generic runtime's (which says why)
  YearsTo,    // years_between(a, the constant date k), b its calendar date (y << 9 | m << 5 | d)
  MonthsTo,   // months_between(a, the constant date k), b as for YearsTo
  Years,      // years_between(a, b)
  Months,     // months_between(a, b)
  DateEdge,   // start_of_year (k 0), end_of_year (1), start_of_month (2) or end_of_month (3) of the date a
  // A quotient by a value of the record, whose denominator is the record's: (a × k) / (b × k2),
  // a a fraction, b a whole number, money or a fraction (k and k2 fold their denominators and
  // any constant factor). Read only through KernelEval::frac, as are the F nodes after it,
  // which compute with such quotients (any operand may be one; each is a numerator and a
  // denominator of the record's), and read by the last three.
  Quotient,
  AddF,  // a + b
  SubF,  // a - b
  MulF,  // a × b
  DivF,  // a / b
  NegF,  // -a
  MinF,  // args a .. a+b
  MaxF,
  IfF,       // a ? b : c
  CmpF,      // a `cmp` b, one of them a quotient (or a Let of one)
  BetweenF,  // a between b and c, likewise
  RoundF,    // a quotient rounded to money as `rounding` says (Round, Floor or Ceil)
};

struct Kernel::Node {
  KernelOp op = KernelOp::Const;
  KernelType type = KernelType::Bool;
  NodeKind cmp = NodeKind::Eq;  // CmpI, CmpQ
  bool negate = false;
  // An amount whose kind is the record's (KernelCompiler::mixed): a min, max or `if` of money
  // and unrounded amounts, held as unrounded here, where the generic runtime keeps the kind of
  // whichever value it takes, and arithmetic on it that keeps money money.
  bool mixed = false;
  // A sum, difference, product by a whole number or negation of such an amount: money in the
  // generic runtime when money was taken, whose arithmetic overflows at 64 bits; the record is
  // handed on when the value is beyond them (whatever the kind, so never wrongly kept).
  bool bound64 = false;
  // A Quotient or an F node, or a Let of one: a pair, read through KernelEval::frac.
  bool quotient = false;
  // MulQI: the operands were written the other way round (b first, the fraction second); a
  // record with missing values reads them in the written order (the first missing one is the
  // one its requirement names).
  bool b_first = false;
  int128 den = 1;                       // fractions: the denominator
  KernelOp rounding = KernelOp::Round;  // RoundScaled, RoundF: Round, Floor or Ceil
  std::uint32_t a = 0, b = 0, c = 0;
  int128 k = 0;
  int128 k2 = 0;  // BetweenIK/QK: the upper bound; RoundScaled: the factor
  std::string text;
};

// months_between (date.cpp) in closed form: the calendar months from `from` to `to`, less one
// when the day of the month is not yet reached (adding the months to a later day of the month
// overshoots `to`, whether or not that day exists in the target month; one month less never does).
inline int kernel_months_to(const Ymd& a, const Ymd& b) {
  const int months = (b.year - a.year) * 12 + (b.month - a.month);
  return months - (months > 0 && a.day > b.day);
}

inline int kernel_months_apart(Day from, Day to) {
  if (to < from) return -kernel_months_apart(to, from);
  return kernel_months_to(ymd_from_day(from), ymd_from_day(to));
}

inline int kernel_years_apart(Day from, Day to) {
  if (to < from) return -kernel_years_apart(to, from);
  return kernel_months_apart(from, to) / 12;
}

// YearsTo and MonthsTo: years_between or months_between from `from` to the constant date `to`,
// whose calendar date is `to_ymd`. Never rises as `from` grows (the compiler relies on it).
inline int kernel_calendar_to(KernelOp op, Day from, Day to, const Ymd& to_ymd) {
  const int months = from <= to ? kernel_months_to(ymd_from_day(from), to_ymd) : -kernel_months_apart(to, from);
  return op == KernelOp::YearsTo ? (from <= to ? months / 12 : -kernel_years_apart(to, from)) : months;
}

}  // namespace jaring

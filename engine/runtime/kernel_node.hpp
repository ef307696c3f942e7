// Internal to the kernel (kernel.cpp compiles, kernel_eval.cpp evaluates): its expression nodes.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "engine/runtime/kernel.hpp"

namespace jaring {

inline constexpr std::uint32_t no_kernel_node = std::numeric_limits<std::uint32_t>::max();
inline constexpr std::uint32_t no_kernel_code = std::numeric_limits<std::uint32_t>::max();  // not yet looked up
inline constexpr std::uint32_t kernel_code_other = no_kernel_code - 1;                      // no constant's text

// The static kind of a node's value. Int, Money, Date and Bool are 64-bit integers; Percent
// (a fraction of 1) and Unrounded (sen) are numerators over 1.000.000^scale, the node's scale
// fixed when it is compiled (a percentage 1, money times a percentage 1, a product of
// percentages the sum of theirs); text kinds are views.
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
  IntIn,        // a in int set b (negate: not in)
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
  YearsTo,    // years_between(a, the constant date k), b its calendar date (y << 9 | m << 5 | d)
  MonthsTo,   // months_between(a, the constant date k), b as for YearsTo
  Years,      // years_between(a, b)
  Months,     // months_between(a, b)
};

struct Kernel::Node {
  KernelOp op = KernelOp::Const;
  KernelType type = KernelType::Bool;
  NodeKind cmp = NodeKind::Eq;  // CmpI, CmpQ
  bool negate = false;
  std::uint8_t scale = 0;               // fractions: the denominator is 1.000.000^scale
  KernelOp rounding = KernelOp::Round;  // RoundScaled: Round, Floor or Ceil
  std::uint32_t a = 0, b = 0, c = 0;
  int128 k = 0;
  int128 k2 = 0;  // BetweenIK/QK: the upper bound; RoundScaled: the factor
  std::string text;
};

}  // namespace jaring

// How deep expressions may be. Parsing, checking, compiling, evaluating, dumping and diffing
// all walk expressions recursively, so these bounds are what keeps any input from exhausting
// the stack: deeper input is refused with a `too-deep` diagnostic before any of them runs.
// The figures leave a wide margin for the deepest walk (evaluation, Debug with sanitizers, on
// a worker thread's 8 MiB stack); README "Expressions" states them for drafters.
#pragma once

#include <cstddef>
#include <cstdint>

namespace jaring {

// Nesting in the source text, bounded by the parser: parentheses, sets and calls each count
// one level; a chain of `not` or unary minus counts a third of a level per operator.
inline constexpr std::size_t max_nesting_depth = 100;

// Depth of one expression: the nodes on its longest path down to a leaf. Every operator, call,
// `not`, minus, `if` and set adds one, so a chain `a + b + c` of N terms is N deep.
inline constexpr std::size_t max_expression_depth = 256;

// Depth of a let or parameter counting the lets and parameters it uses: a name counts one
// more than the definition it refers to, since evaluation descends into that definition.
inline constexpr std::size_t max_value_depth = 1024;

// The most records a test's `others N { ... }` blocks (and so `rank N`) may count.
inline constexpr std::int64_t max_test_records = 1'000'000;

}  // namespace jaring

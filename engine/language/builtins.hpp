// The built-in functions, one table for the checker (name, arity, typing rule), the compiler
// (a call becomes the function's index) and the evaluator (its evaluation). Adding a function
// is adding one entry.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/value.hpp"
#include "engine/language/types.hpp"

namespace jaring {

// The outcome of typing a call: its type, or a message about one argument (or the whole call).
struct BuiltinTyping {
  std::optional<Type> type;
  std::optional<std::size_t> argument;  // the argument the message is about; nothing: the call
  std::string message;                  // a `type-mismatch` when `type` is nothing
};

struct Builtin {
  std::string_view name;
  std::size_t min_args;
  std::size_t max_args;  // any_number: from min_args on
  // The call's type from its arguments' types (none an error type; their count within range).
  BuiltinTyping (*type)(std::string_view name, const std::vector<Type>& args);
  // The call's value from its arguments' values (none missing; typed as the checker allowed);
  // Missing when the result does not fit in 64 bits.
  Value (*eval)(std::span<const Value* const> args);  // the arguments, none missing

  static constexpr std::size_t any_number = std::numeric_limits<std::size_t>::max();
};

struct BuiltinAlias {
  std::string_view english;
  std::string_view indonesian;
};

std::span<const Builtin> builtins();
// Each function's Indonesian name (`bulatkan` for `round`); find_builtin() accepts either.
std::span<const BuiltinAlias> builtin_aliases();
// The index of the function called `name` in builtins(), or nothing.
std::optional<std::size_t> find_builtin(std::string_view name);
// `takes 2 arguments`-style text of a function's arity, for the `arity` diagnostic.
std::string arity_text(const Builtin& b, std::size_t found);

}  // namespace jaring

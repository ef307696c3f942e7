#include "engine/language/builtins.hpp"

#include <fmt/format.h>

#include <array>

#include "engine/base/date.hpp"
#include "engine/base/i18n.hpp"

namespace jaring {

namespace {

BuiltinTyping typed(Type t) { return {t, std::nullopt, {}}; }
BuiltinTyping mismatch(std::optional<std::size_t> argument, std::string message) {
  return {std::nullopt, argument, std::move(message)};
}

// round, floor, ceil: an exact amount to money; a whole number or money stays as it is.
BuiltinTyping type_rounding(std::string_view name, const std::vector<Type>& args) {
  if (moneyish(args[0].base)) return typed({ValueKind::Money});
  if (args[0].base == ValueKind::Int) return typed(args[0]);
  return mismatch(std::nullopt, say("`{}` rounds money, found {}", name, type_name(args[0])));
}

template <std::optional<std::int64_t> (*Rounding)(Rational)>
Value eval_rounding(std::span<const Value* const> args) {
  const Value& v = *args[0];
  if (v.kind == ValueKind::Int || v.kind == ValueKind::Money) return v;
  const auto sen = Rounding(v.q);
  return sen ? Value::money(*sen) : Value::missing();
}

// min, max: arguments of one orderable type.
BuiltinTyping type_extreme(std::string_view name, const std::vector<Type>& args) {
  Type acc = args[0];
  for (std::size_t i = 1; i < args.size(); ++i) {
    auto j = join(acc, args[i]);
    if (!j || !orderable(j->base))
      return mismatch(i, say("`{}` needs arguments of one orderable type, found {} and {}", name, type_name(acc),
                             type_name(args[i])));
    acc = *j;
  }
  return typed(acc);
}

// Mixed money and unrounded amounts keep the exact kind of the winner.
template <int Sign>
Value eval_extreme(std::span<const Value* const> args) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < args.size(); ++i)
    if (order(*args[i], *args[best]) * Sign > 0) best = i;
  return *args[best];
}

// years_between, months_between: two dates to a whole number.
BuiltinTyping type_between_dates(std::string_view name, const std::vector<Type>& args) {
  for (std::size_t i = 0; i < 2; ++i)
    if (args[i].base != ValueKind::Date)
      return mismatch(i, say("`{}` needs dates, found {}", name, type_name(args[i])));
  return typed({ValueKind::Int});
}

template <int (*Count)(Day, Day)>
Value eval_between_dates(std::span<const Value* const> args) {
  return Value::integer(Count(static_cast<Day>(args[0]->i), static_cast<Day>(args[1]->i)));
}

// start_of_year, end_of_year, start_of_month, end_of_month: a date to the first or last day of
// its year or month, for cut-offs such as "age on 1 January of the as-of year".
BuiltinTyping type_date_edge(std::string_view name, const std::vector<Type>& args) {
  if (args[0].base != ValueKind::Date) return mismatch(0, say("`{}` needs a date, found {}", name, type_name(args[0])));
  return typed({ValueKind::Date});
}

template <bool Year, bool End>
Value eval_date_edge(std::span<const Value* const> args) {
  Ymd d = ymd_from_day(static_cast<Day>(args[0]->i));
  if (Year) d.month = End ? 12 : 1;
  d.day = End ? days_in_month(d.year, d.month) : 1;
  return Value::date(day_from_ymd(d));
}

constexpr std::array<Builtin, 11> table = {{
    {"round", 1, 1, type_rounding, eval_rounding<round_half_away>},
    {"floor", 1, 1, type_rounding, eval_rounding<floor_div>},
    {"ceil", 1, 1, type_rounding, eval_rounding<ceil_div>},
    {"min", 2, Builtin::any_number, type_extreme, eval_extreme<-1>},
    {"max", 2, Builtin::any_number, type_extreme, eval_extreme<1>},
    {"years_between", 2, 2, type_between_dates, eval_between_dates<years_between>},
    {"months_between", 2, 2, type_between_dates, eval_between_dates<months_between>},
    {"start_of_year", 1, 1, type_date_edge, eval_date_edge<true, false>},
    {"end_of_year", 1, 1, type_date_edge, eval_date_edge<true, true>},
    {"start_of_month", 1, 1, type_date_edge, eval_date_edge<false, false>},
    {"end_of_month", 1, 1, type_date_edge, eval_date_edge<false, true>},
}};

// Every function also has an Indonesian name, as keywords do; a call written either way is the
// same function (`dump` and the policy hash use the English name).
constexpr std::array<BuiltinAlias, 11> aliases = {{
    {"round", "bulatkan"},
    {"floor", "bulatkan_bawah"},
    {"ceil", "bulatkan_atas"},
    {"min", "terkecil"},
    {"max", "terbesar"},
    {"years_between", "selisih_tahun"},
    {"months_between", "selisih_bulan"},
    {"start_of_year", "awal_tahun"},
    {"end_of_year", "akhir_tahun"},
    {"start_of_month", "awal_bulan"},
    {"end_of_month", "akhir_bulan"},
}};

}  // namespace

std::span<const Builtin> builtins() { return table; }

std::span<const BuiltinAlias> builtin_aliases() { return aliases; }

std::optional<std::size_t> find_builtin(std::string_view name) {
  for (const auto& a : aliases)
    if (a.indonesian == name) name = a.english;
  for (std::size_t i = 0; i < table.size(); ++i)
    if (table[i].name == name) return i;
  return std::nullopt;
}

std::string arity_text(const Builtin& b, std::size_t found) {
  if (b.max_args == Builtin::any_number)
    return say("`{}` takes at least {} arguments, found {}", b.name, b.min_args, found);
  return say("`{}` takes {} argument{}, found {}", b.name, b.min_args, b.min_args == 1 ? "" : "s", found);
}

}  // namespace jaring

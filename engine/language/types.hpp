// The language's types, one vocabulary for the checker, the record schema and record reading:
// their names (English and Indonesian keywords), how messages name them, the runtime ValueKind
// each becomes, and the lattice the checker joins them in.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/i18n.hpp"
#include "engine/base/value.hpp"

namespace jaring {

// The type of an expression that was already reported as wrong: it absorbs, so nothing built
// on it reports again.
inline constexpr ValueKind no_type = ValueKind::Missing;

struct Type {
  ValueKind base = no_type;
  ValueKind elem = no_type;  // for Set; no_type for the empty set `[]`
  bool operator==(const Type&) const = default;
};

struct TypeName {
  ValueKind kind;
  std::string_view english;     // the type name as written, and in messages
  std::string_view indonesian;  // the Indonesian keyword (may be the same)
  std::string_view described;   // what a record reader expected (English, a message id), e.g. "a whole number"
};

// The types a declaration may name (unrounded money has no name: only `round` and friends make
// money of it).
inline constexpr std::array<TypeName, 9> type_table = {{
    {ValueKind::Text, "text", "teks", JARING_MSG("text")},
    {ValueKind::Int, "int", "bilangan", JARING_MSG("a whole number")},
    {ValueKind::Money, "money", "uang", JARING_MSG("an amount of money such as 1000000 or \"Rp 1.000.000,50\"")},
    {ValueKind::Percent, "percent", "persen", JARING_MSG("a percentage written as text such as \"0,24%\"")},
    {ValueKind::Date, "date", "tanggal", JARING_MSG("a date written as text such as \"2024-07-01\"")},
    {ValueKind::Bool, "bool", "logika", JARING_MSG("true or false")},
    {ValueKind::Region, "region", "wilayah", JARING_MSG("a region code written as text such as \"36.72\"")},
    {ValueKind::Nik, "nik", "nik", JARING_MSG("a NIK written as text of 16 digits")},
    {ValueKind::Set, "set", "himpunan", JARING_MSG("a list")},
}};

// `money`, `set of text`, `unrounded money`, `empty set`, `error`: English keywords (dump).
std::string type_keyword(Type t);
// The same for messages, in the message language (`uang`, `himpunan teks`, ...).
std::string type_name(Type t);
// A type name in either language; nothing if unknown.
std::optional<Type> parse_type_name(std::string_view name);
// Every spelling, English first (for "did you mean").
std::vector<std::string> type_names();
// What a record reader expects for a field of kind `k`, in the message language.
std::string described(ValueKind k);

bool numeric(ValueKind k);
bool orderable(ValueKind k);
bool moneyish(ValueKind k);  // money or unrounded money
// The common type of two compatible types (money and unrounded money join to unrounded; text
// and NIK to NIK; the empty set to any set); nothing if they have none.
std::optional<Type> join(Type a, Type b);

}  // namespace jaring

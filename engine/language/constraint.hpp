// Field constraints: what a record field's value may be beyond its type (`between 1 and 5`,
// `in ["aktif", "nonaktif"]`, `within 63.10 level village`, `level village`). The checker
// builds one to validate a declaration; the record schema carries it, and reading a record
// rejects a value outside it (a data error), before any rule sees the value.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/value.hpp"
#include "engine/language/ast.hpp"

namespace jaring {

// The levels of a Kemendagri region code, by how many parts it has.
enum class RegionLevel { Province = 1, Regency = 2, District = 3, Village = 4 };

// `province`/`provinsi`, `regency`/`kabupaten`/`kota`, `district`/`kecamatan`,
// `village`/`desa`/`kelurahan`.
std::optional<RegionLevel> parse_region_level(std::string_view name);
std::vector<std::string> region_level_names();
RegionLevel region_level_of(std::string_view code);
std::string_view region_level_name(RegionLevel level);  // English, for dump
// Indonesian (`provinsi`, `kabupaten`, `kecamatan`, `desa`), for `jaring fmt --keywords id`.
std::string_view region_level_name_id(RegionLevel level);
std::string region_level_said(RegionLevel level);  // in the message language, for messages

struct ValueConstraint {
  ast::ConstraintKind kind = ast::ConstraintKind::Between;
  Value low, high;                   // Between
  std::vector<Value> allowed;        // OneOf, in the order written
  std::vector<std::string> areas;    // Within: region codes
  std::optional<RegionLevel> level;  // Within (optional), Level
};

// A literal (possibly negated) as the value a field of `kind` holds; nothing for any other
// expression. Text becomes a NIK for a nik field.
std::optional<Value> literal_value(const ast::Expr& e, ValueKind kind);

// The constraint of a checked declaration; nothing when a part of it is not a literal or a
// level name is unknown (the checker reports those).
std::optional<ValueConstraint> make_constraint(const ast::FieldConstraint& c, ValueKind kind);

// Why `v` (not Missing) breaks `c`, as a lowercase sentence quoting the value; nothing when it
// holds. E.g. "`9` is not between 1 and 5".
std::optional<std::string> constraint_violation(const ValueConstraint& c, const Value& v);

// The constraint as the language writes it, in English keywords: `between 1 and 5`.
std::string constraint_text(const ValueConstraint& c);

}  // namespace jaring

// The record schema of a checked policy: field types from their names, constant defaults as
// values, and the field that identifies a record.
#include <algorithm>
#include <stdexcept>

#include "engine/base/internal_error.hpp"
#include "engine/language/types.hpp"
#include "engine/runtime/record.hpp"

namespace jaring {

namespace {

// The value kind of a field type name (English or Indonesian); the checker has refused any
// other name and set fields, so either is a bug.
ValueKind kind_of_type(const std::string& n) {
  const auto t = parse_type_name(n);
  if (!t || t->base == ValueKind::Set)
    throw InternalError("make_schema: field type `" + n + "` (the policy was not checked)");
  return t->base;
}

}  // namespace

std::optional<std::size_t> Schema::index_of(std::string_view field) const {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == field) return i;
  return std::nullopt;
}

Schema make_schema(const Policy& policy) {
  Schema schema;
  if (!policy.record) return schema;
  schema.name = policy.record->name.name;
  for (const auto& decl : policy.record->fields) {
    FieldSpec spec;
    spec.name = decl.name.name;
    spec.type = kind_of_type(decl.type.name);
    spec.optional = decl.optional;
    if (decl.default_value) {
      spec.default_value = literal_value(*decl.default_value, spec.type);
      if (!spec.default_value) throw InternalError("make_schema: the default of `" + spec.name + "` is not a literal");
    }
    if (decl.constraint) {
      spec.constraint = make_constraint(*decl.constraint, spec.type);
      if (!spec.constraint) throw InternalError("make_schema: the constraint of `" + spec.name + "` was not checked");
    }
    schema.fields.push_back(std::move(spec));
  }
  for (std::size_t i = 0; i < schema.fields.size() && !schema.id_field; ++i)
    if (schema.fields[i].type == ValueKind::Nik) schema.id_field = i;
  if (!schema.id_field) schema.id_field = schema.index_of("id");
  return schema;
}

bool record_id_less(std::string_view a, std::string_view b) {
  auto digits = [](std::string_view s) { return std::all_of(s.begin(), s.end(), ::isdigit); };
  if (a.size() != b.size() && digits(a) && digits(b)) return a.size() < b.size();
  return a < b;
}

}  // namespace jaring

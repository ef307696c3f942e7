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

// A default written as a literal, possibly negated (`-Rp 1.000`). The checker has matched its
// type to the field's, so only the Text literal needs the field's kind (a NIK default).
Value constant_value(const ast::Expr& e, ValueKind field_kind, const std::string& field) {
  using ast::ExprKind;
  switch (e.kind) {
    case ExprKind::Int: return Value::integer(e.int_value);
    case ExprKind::Money: return Value::money(e.int_value);
    case ExprKind::Percent: return Value::percent_millionths(e.int_value);
    case ExprKind::Date: return Value::date(static_cast<Day>(e.int_value));
    case ExprKind::Bool: return Value::boolean(e.int_value != 0);
    case ExprKind::Region: return Value::region(e.text);
    case ExprKind::Text: return field_kind == ValueKind::Nik ? Value::nik(e.text) : Value::text(e.text);
    case ExprKind::Negate:
      if (e.args.size() == 1) {
        Value v = constant_value(*e.args[0], field_kind, field);
        if (v.kind == ValueKind::Int || v.kind == ValueKind::Money) {
          v.i = -v.i;
          return v;
        }
        if (v.kind == ValueKind::Percent) {
          v.q.num = -v.q.num;
          return v;
        }
      }
      break;
    default: break;
  }
  throw InternalError("make_schema: the default of `" + field + "` is not a literal");
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
    if (decl.default_value) spec.default_value = constant_value(*decl.default_value, spec.type, spec.name);
    schema.fields.push_back(std::move(spec));
  }
  for (std::size_t i = 0; i < schema.fields.size() && !schema.id_field; ++i)
    if (schema.fields[i].type == ValueKind::Nik) schema.id_field = i;
  if (!schema.id_field) schema.id_field = schema.index_of("id");
  return schema;
}

bool record_id_less(const std::string& a, const std::string& b) {
  auto digits = [](const std::string& s) { return std::all_of(s.begin(), s.end(), ::isdigit); };
  if (a.size() != b.size() && digits(a) && digits(b)) return a.size() < b.size();
  return a < b;
}

}  // namespace jaring

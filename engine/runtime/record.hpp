// The record schema (from a policy's `record` declaration), the Record a decision is made
// from, and the Rejection of a record that could not be read (io/record_read.hpp reads them).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/base/value.hpp"
#include "engine/language/constraint.hpp"
#include "engine/language/policy.hpp"

namespace jaring {

struct FieldSpec {
  std::string name;
  ValueKind type = ValueKind::Text;
  bool optional = false;
  std::optional<Value> default_value;         // used when the field is missing or empty
  std::optional<ValueConstraint> constraint;  // a present value outside it rejects the record
};

struct Schema {
  std::string name;
  std::vector<FieldSpec> fields;
  // The field that identifies a record (ties in ranking, reports): the first `nik` field,
  // else a field named `id`; none means the input line number is the id.
  std::optional<std::size_t> id_field;

  std::optional<std::size_t> index_of(std::string_view field) const;
};

// Builds the schema of a checked policy (field types, optionality, constant defaults).
Schema make_schema(const Policy& policy);

struct Record {
  std::vector<Value> values;  // one per schema field, in schema order; Missing if absent
  std::string id;
  std::uint64_t line = 0;  // 1-based line (CSV: the record's first line; JSON: its line)
};

// Record ids ordered as people read them: all-digit ids (line numbers, NIKs) of different
// lengths by length, otherwise by bytes. Used to break ties and to sort samples.
bool record_id_less(std::string_view a, std::string_view b);

struct FieldError {
  std::string field;   // empty for record-level problems (bad JSON, wrong column count)
  std::string reason;  // lowercase sentence, e.g. "`2024-02-30` is not a calendar date"
};

struct Rejection {
  std::uint64_t line = 0;
  std::string id;  // when known
  std::vector<FieldError> errors;
};

using ReadResult = std::variant<Record, Rejection>;

}  // namespace jaring

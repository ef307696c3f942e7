// The record schema (from a policy's `record` declaration) and schema-driven reading of
// records from CSV (RFC 4180), JSON Lines and single JSON objects. Every input record comes
// out either as a Record or as a Rejection that names its line, field and reason.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/policy.hpp"
#include "engine/value.hpp"

namespace jaring {

struct FieldSpec {
  std::string name;
  ValueKind type = ValueKind::Text;
  bool optional = false;
  std::optional<Value> default_value;  // used when the field is missing or empty
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
bool record_id_less(const std::string& a, const std::string& b);

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

// Converts one field's text (CSV cell, or a JSON string) to a value of the field's type.
// Dates `YYYY-MM-DD`; money as an integer number of rupiah or `Rp 1.000.000[,50]`; bool
// `true/false`, `ya/tidak`, `1/0`; region codes `PP.KK[.CC[.VVVV]]`; NIK exactly 16 digits.
// Returns nothing and sets `reason` if the text is malformed.
std::optional<Value> convert_field(const FieldSpec& spec, std::string_view text, std::string& reason);

enum class InputFormat { Csv, JsonLines, Json };

// Streams records from `in`, calling `sink` once per record in input order. Returns the
// number of records read (decided + rejected). Never stops early on bad data: a malformed
// record becomes a Rejection and reading goes on (a CSV file whose header is unusable
// rejects every row with that reason).
std::uint64_t read_records(std::istream& in, InputFormat format, const Schema& schema,
                           const std::function<void(ReadResult&&)>& sink);

// Reads a single JSON object (e.g. `--record '{...}'`).
ReadResult read_json_record(std::string_view json, const Schema& schema);

}  // namespace jaring

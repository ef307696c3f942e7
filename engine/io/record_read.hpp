// Schema-driven reading of records from CSV (RFC 4180), JSON Lines and single JSON objects.
// Every input record comes out either as a Record or as a Rejection that names its line,
// field and reason.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

#include "engine/runtime/record.hpp"

namespace jaring {

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

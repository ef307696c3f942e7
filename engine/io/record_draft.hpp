// Internal to record reading: a record being read (a value or an error per field), how it is
// finished into a Record or a Rejection, and the per-format readers record_read.cpp dispatches to.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/io/record_read.hpp"

namespace jaring::record_read {

using Sink = std::function<void(ReadResult&&)>;

struct Draft {
  std::vector<Value> values;  // Missing where absent or empty
  std::vector<FieldError> record_errors;

  explicit Draft(const Schema& schema) : values(schema.fields.size()) {}

  // The problem with field `i` (empty when the field is fine); sized only once a field has one,
  // so a clean record costs no allocation for it.
  std::string& error(std::size_t i) {
    if (errors_.empty()) errors_.resize(values.size());
    return errors_[i];
  }
  bool fine(std::size_t i) const { return errors_.empty() || errors_[i].empty(); }
  std::string take_error(std::size_t i) { return errors_.empty() ? std::string() : std::move(errors_[i]); }

  // Converts `text` into field `field` (only the id field when options.ids_only).
  void put_text(const Schema& schema, const ReadOptions& options, std::size_t field, std::string_view text);

 private:
  std::vector<std::string> errors_;  // per field, once any has one
};

// Defaults and required fields applied: the Record, or the Rejection with the record-level
// errors followed by every field error in schema order.
ReadResult finish(const Schema& schema, const ReadOptions& options, Draft&& d, std::uint64_t line);

ReadResult reject(std::uint64_t line, std::string reason);

// The schema's field names, for did-you-mean suggestions.
std::vector<std::string> field_names(const Schema& schema);
bool ignored(const ReadOptions& options, std::string_view name);
// Throws InputError when --ignore-field names a field of the record.
void check_ignore_fields(const Schema& schema, const ReadOptions& options);
// "`x` is not a field of record `r` (did you mean `y`?)".
std::string unknown_field_message(const Schema& schema, std::string_view name);

std::string_view trim(std::string_view s);

// The canonical text of an identifying value; empty when it is missing.
std::string id_text(const Value& v);

// A record written as a flat JSON object (the schema's fields, each once, with text, numbers,
// true/false or null), read in one pass without building a document: what nearly every input
// holds. Nothing for anything else (not valid JSON, not an object, a nested value, a key the
// schema does not know, a key given twice): json_record's general reading then says what is
// wrong, so the answer for any text is the same either way.
// The plainest such objects (json_fields.hpp: text without escapes in well-formed UTF-8, whole
// numbers, true, false, null) are read by hand, the others by nlohmann's SAX parser:
// flat_record_sax, which gives the same answer for those too (tests/unit/record_test.cpp and
// fuzz_records compare the two). The fast lane reads JSON Lines with the same hand.
std::optional<ReadResult> flat_record(std::string_view text, const Schema& schema, const ReadOptions& options,
                                      std::uint64_t line);
std::optional<ReadResult> flat_record_sax(std::string_view text, const Schema& schema, const ReadOptions& options,
                                          std::uint64_t line);

// One JSON object's text as a record (flat_record first).
ReadResult json_record(std::string_view text, const Schema& schema, const ReadOptions& options, std::uint64_t line);

using RowSink = std::function<void(RawRow&, const RowLayout&)>;

std::uint64_t read_csv(std::istream& in, const Schema& schema, const RowSink& sink, const ReadOptions& options,
                       InputCounts& counts);
std::uint64_t read_json_lines(std::istream& in, const Schema& schema, const RowSink& sink, const ReadOptions& options,
                              InputCounts& counts);
std::uint64_t read_json_document(std::istream& in, const Schema& schema, const RowSink& sink,
                                 const ReadOptions& options, InputCounts& counts);

// What a CSV column feeds besides a field (RowLayout::field_of_column): nothing (a column read
// past, --ignore-field), or nothing while it stays empty (a column without a name).
inline constexpr std::size_t column_read_past = static_cast<std::size_t>(-1);
inline constexpr std::size_t column_unnamed = column_read_past - 1;

// For the fast lane (fast_population.cpp), single lines, their line end removed, framed exactly
// as read_csv frames them where the line is a row by itself: no quote, or only quotes that
// close on the line (csv_line_closes; a quoted field open at the line's end runs on to the
// next lines in read_csv, which the lane leaves to it). A blank line (skipped and counted);
// the header (throws InputError as read_csv does); a row into `out` (with its rejection when
// it cannot be split into the header's columns).
bool csv_line_closes(std::string_view line, char delimiter);
bool plain_csv_blank(std::string_view line, char delimiter);
RowLayout csv_line_header(std::string_view line, std::uint64_t number, const Schema& schema,
                          const ReadOptions& options);
// frame_csv_line answers whether the line's quotes close on it (and a row of a line whose quote
// does not close is not read_csv's: only csv_line_closes' lines may be framed so).
bool frame_csv_line(std::string_view line, std::uint64_t number, const RowLayout& layout, const ReadOptions& options,
                    RawRow& out);

// For the fast lane, a row whose quoted field runs on past its first line, framed exactly as
// read_csv frames it from that line: `text` begins with the line (number `number`) and holds
// what follows it in the input, to the input's end or far enough that read_csv would have
// stopped before (twice --max-record-bytes and a line end more). The row into `out` (with its
// rejection, as read_csv rejects it: one that does not stay well-formed is its first line
// alone); returns the physical lines it takes, and `bytes` their bytes with their line ends.
std::uint64_t frame_csv_record(std::string_view text, std::uint64_t number, const RowLayout& layout,
                               const ReadOptions& options, std::size_t& bytes, RawRow& out);

// For the fast lane, a JSON Lines line (its line end removed, not blank) framed as
// read_json_lines frames it: its text, or its rejection when it is longer than
// --max-record-bytes (json_read.cpp).
void frame_json_line(std::string_view line, std::uint64_t number, const ReadOptions& options, RawRow& out);
// For the fast lane, an element of a JSON array (its text as read_json_document takes it, not
// blank), framed as read_json_document frames it: its text, or its rejection when it is longer
// than --max-record-bytes.
void frame_json_element(std::string_view text, std::uint64_t number, const ReadOptions& options, RawRow& out);

// The conversion of a CSV row's cells (csv_read.cpp).
ReadResult csv_decode(RawRow&& row, const RowLayout& layout, const Schema& schema, const ReadOptions& options);

// A row the framing decided already.
inline RawRow ready_row(std::uint64_t line, ReadResult&& result) {
  RawRow r;
  r.line = line;
  r.ready = std::move(result);
  return r;
}
// A JSON object's text, converted later by json_record.
inline RawRow json_row(std::uint64_t line, std::string_view text) {
  RawRow r;
  r.line = line;
  r.text = std::string(text);
  return r;
}

}  // namespace jaring::record_read

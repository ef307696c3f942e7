// Schema-driven reading of records from CSV (RFC 4180), JSON Lines and JSON documents (one
// object, or an array of objects). Every input row comes out exactly once, either as a Record
// or as a Rejection that names its line, field and reason; the reader's accounting of the
// input's physical lines (InputCounts) lets a batch prove that nothing was lost.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/runtime/record.hpp"

namespace jaring {

// A notation of dates read besides `YYYY-MM-DD` (`--date-format`): day, month and a year of four
// digits, day first or month first, between `/`, `-` or `.` (a day or month of one digit or two,
// as a spreadsheet writes them: `1/5/1984`). None by default: nothing is guessed.
struct DateFormat {
  char separator = 0;  // 0: `YYYY-MM-DD` only
  bool day_first = true;
  bool operator==(const DateFormat&) const = default;
};
struct DateFormatName {
  std::string_view name;
  DateFormat format;
};
inline constexpr DateFormatName date_formats[] = {{"YYYY-MM-DD", {}},
                                                  {"DD/MM/YYYY", {'/', true}},
                                                  {"DD-MM-YYYY", {'-', true}},
                                                  {"DD.MM.YYYY", {'.', true}},
                                                  {"MM/DD/YYYY", {'/', false}}};
// The format `name` names (as date_formats lists them, in capitals), or nothing.
inline std::optional<DateFormat> date_format_named(std::string_view name) {
  for (const DateFormatName& f : date_formats)
    if (f.name == name) return f.format;
  return std::nullopt;
}
// How a message names `format` (`DD/MM/YYYY`).
std::string_view date_format_name(DateFormat format);
// `t` (trimmed) as `f` writes a date (day, month, year between its separator): its day, or
// nothing; `shaped` is set when `t` is so written but makes no date (`29/02/2023`).
std::optional<Day> date_written_as(std::string_view t, DateFormat f, bool& shaped);

// Converts one field's text (CSV cell, or a JSON string) to a value of the field's type.
// Dates `YYYY-MM-DD`, and in `dates`' notation when it has one; money as an integer number of
// rupiah or `Rp 1.000.000[,50]`; bool `true/false`, `ya/tidak`, `1/0`; region codes
// `PP.KK[.CC[.VVVV]]`; NIK exactly 16 digits. Returns nothing and sets `reason` if the text is
// malformed.
std::optional<Value> convert_field(const FieldSpec& spec, std::string_view text, std::string& reason,
                                   DateFormat dates = {});

enum class InputFormat { Csv, JsonLines, Json };

struct ReadOptions {
  // A field longer than this is rejected (`--max-field-bytes`).
  std::size_t max_field_bytes = std::size_t{64} << 10;
  // A row longer than this is rejected, and a quoted CSV field may not run on past it
  // (`--max-record-bytes`). No more than this is ever held for one row.
  std::size_t max_record_bytes = std::size_t{1} << 20;
  // Header columns and JSON keys the schema does not know but that may be read past.
  std::vector<std::string> ignore_fields;
  // An unknown JSON key throws InputError instead of rejecting its record.
  bool strict_keys = false;
  // Converts only the id field (a scan for duplicated ids): other fields are not checked.
  bool ids_only = false;
  // The byte between a CSV row's cells (`--delimiter`): `,`, or `;` (as a spreadsheet set to
  // Indonesian, whose list separator it is, saves "CSV"), a tab or `|` (csv_delimiters).
  char delimiter = ',';
  // Dates also read in this notation (`--date-format`), as a spreadsheet set to Indonesian
  // writes them (`DD/MM/YYYY`).
  DateFormat date_format{};
};

// The delimiters a CSV file may be read with (ReadOptions::delimiter): the character, the name
// --delimiter takes for it, and how a message shows it.
struct CsvDelimiter {
  char c;
  std::string_view name, shown;
};
inline constexpr CsvDelimiter csv_delimiters[] = {
    {',', "comma", ","}, {';', "semicolon", ";"}, {'\t', "tab", "\\t"}, {'|', "pipe", "|"}};

// The delimiter `text` gives: its name, the character itself, or `\t`.
inline std::optional<char> csv_delimiter_named(std::string_view text) {
  for (const CsvDelimiter& d : csv_delimiters)
    if (text == d.name || text == std::string_view(&d.c, 1) || text == d.shown) return d.c;
  return std::nullopt;
}

// Why `given` names no delimiter, or no date format: the names that do (for a flag's or an
// option's refusal).
std::string not_a_delimiter(std::string_view given);
std::string not_a_date_format(std::string_view given);

// The format of the records file at `path`: `name` when given ("csv", "jsonl" or "json", as
// --input-format), else its extension (.csv; .jsonl or .ndjson; .json); nothing when neither
// tells.
std::optional<InputFormat> records_format(std::string_view path, std::string_view name);

// How a message names a format: "CSV", "JSON Lines", "JSON".
std::string_view format_shown(InputFormat format);

// How the input's physical lines were used. For CSV and JSON Lines every line the input holds
// (counted as the bytes are read: LF, CR or CRLF ends, and a last line without one) is the
// header, blank, the continuation of a row whose quoted field spans lines, or a row.
struct InputCounts {
  bool line_based = true;  // false for a JSON document, whose rows are its array's elements
  std::uint64_t lines = 0;
  std::uint64_t header = 0;
  std::uint64_t blank = 0;
  std::uint64_t continuation = 0;
  std::uint64_t rows = 0;  // each decided or rejected once
  bool holds() const { return !line_based || lines == header + blank + continuation + rows; }
};

// The input cannot be read as records at all, so nothing may be decided: a CSV header with a
// column the schema does not know (unless ignored), a duplicated column or a required column
// missing; with `strict_keys`, a JSON key the schema does not know.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Streams records from `in`, calling `sink` once per row in input order. Returns the number
// of rows (decided + rejected); `counts`, if given, receives the line accounting. A malformed
// row becomes a Rejection and reading goes on; a malformed input throws InputError before the
// first call of `sink`.
std::uint64_t read_records(std::istream& in, InputFormat format, const Schema& schema,
                           const std::function<void(ReadResult&&)>& sink, const ReadOptions& options = {},
                           InputCounts* counts = nullptr);

// A row as the reader framed it, before its fields are converted. Converting (decode_row) is
// most of the cost of reading and may run on any thread, so a batch frames rows on one thread
// and converts them on its workers. A row the framing already decided (too long, unclosed
// quote, wrong field count, a bad JSON Lines line) carries its result in `ready`.
struct RawRow {
  std::uint64_t line = 0;
  std::optional<ReadResult> ready;
  std::string text;                             // JSON: the object's text
  std::vector<std::string> cells;               // CSV: the cells (columns not kept are empty)
  std::vector<bool> cut;                        // CSV: per cell, longer than --max-field-bytes
  std::size_t count = 0;                        // CSV: the number of cells
  std::optional<std::size_t> text_after_quote;  // CSV: the column with text after its closing quote
};

// What converting a RawRow needs besides the schema and options: for CSV, the field each
// header column feeds.
struct RowLayout {
  InputFormat format = InputFormat::Csv;
  std::vector<std::size_t> field_of_column;
};

// As read_records, but each row goes to `sink` framed and unconverted, with the layout to
// convert it by. The sink takes what it keeps by swapping it out of the row; whatever it leaves
// there (an older row) the reader reuses as buffers, so framing allocates nothing per row in
// steady state. InputError is thrown as by read_records, before the first row.
std::uint64_t read_raw_rows(std::istream& in, InputFormat format, const Schema& schema,
                            const std::function<void(RawRow&, const RowLayout&)>& sink, const ReadOptions& options,
                            InputCounts* counts = nullptr);

// The Record or Rejection of a framed row; the same as read_records gives for it. Safe to call
// from several threads at once (with `strict_keys`, an unknown JSON key throws InputError).
ReadResult decode_row(RawRow&& row, const RowLayout& layout, const Schema& schema, const ReadOptions& options);

// The id of a framed CSV row read from its id cell alone, as decode_row would give it, into
// `id` (empty when the row has none); false for a row that must be decoded for it (JSON).
bool csv_row_id(const RawRow& row, const RowLayout& layout, const Schema& schema, const ReadOptions& options,
                std::string& id);

// Reads a single JSON object (e.g. `--record '{...}'`).
ReadResult read_json_record(std::string_view json, const Schema& schema, const ReadOptions& options = {});

}  // namespace jaring

// Schema-driven reading of records: CSV (RFC 4180, streamed through a fixed buffer), JSON
// Lines and single JSON objects. Each input record yields exactly one Record or Rejection.
#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "engine/io/record_read.hpp"
#include "engine/language/types.hpp"

namespace jaring {

namespace {

using nlohmann::json;

constexpr std::size_t no_field = std::numeric_limits<std::size_t>::max();

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// One record being read: a value or an error per schema field, and record-level errors.
struct Draft {
  std::vector<Value> values;        // Missing where absent or empty
  std::vector<std::string> errors;  // per field; empty when the field is fine
  std::vector<FieldError> record_errors;

  explicit Draft(const Schema& schema) : values(schema.fields.size()), errors(schema.fields.size()) {}

  void put_text(const Schema& schema, std::size_t field, std::string_view text) {
    std::string reason;
    if (auto v = convert_field(schema.fields[field], text, reason)) values[field] = std::move(*v);
    else errors[field] = std::move(reason);
  }
};

// The canonical text of an identifying value; empty when it is missing.
std::string id_text(const Value& v) {
  switch (v.kind) {
    case ValueKind::Missing: return {};
    case ValueKind::Text:
    case ValueKind::Region:
    case ValueKind::Nik: return v.s;
    default: return to_display(v);
  }
}

// Applies defaults and required-field checks, then gives the Record, or the Rejection with
// the record-level errors followed by every field error in schema order.
ReadResult finish(const Schema& schema, Draft&& d, std::uint64_t line) {
  std::vector<FieldError> errors = std::move(d.record_errors);
  for (std::size_t i = 0; i < schema.fields.size(); ++i) {
    const FieldSpec& f = schema.fields[i];
    if (!d.errors[i].empty()) {
      errors.push_back({f.name, std::move(d.errors[i])});
    } else if (d.values[i].is_missing() && f.default_value) {
      d.values[i] = *f.default_value;
    } else if (d.values[i].is_missing() && !f.optional) {
      errors.push_back({f.name, fmt::format("required field `{}` is missing", f.name)});
    }
  }
  std::string id;
  if (schema.id_field && d.errors[*schema.id_field].empty()) id = id_text(d.values[*schema.id_field]);
  if (!errors.empty()) return Rejection{line, std::move(id), std::move(errors)};
  if (id.empty()) id = std::to_string(line);
  return Record{std::move(d.values), std::move(id), line};
}

ReadResult reject(std::uint64_t line, std::string reason) {
  return Rejection{line, {}, {FieldError{{}, std::move(reason)}}};
}

// ---- CSV ----------------------------------------------------------------------------------

struct CsvRow {
  std::vector<std::string> cells;               // cells of columns not kept stay empty
  std::size_t count = 0;                        // number of cells in the row
  std::uint64_t line = 0;                       // physical line where the row starts
  bool unterminated = false;                    // the input ended inside a quoted field
  std::optional<std::size_t> text_after_quote;  // text after a closing quote, in this column
  bool blank = false;                           // an empty or all-whitespace unquoted line
};

// Splits a byte stream into RFC 4180 rows. Lenient where spreadsheets are: blanks around a
// quoted field are dropped, and a quote inside an unquoted field is kept as text.
class CsvReader {
 public:
  explicit CsvReader(std::istream& in) : in_(in), buffer_(1 << 16) {
    fill();
    if (end_ >= 3 && buffer_[0] == '\xEF' && buffer_[1] == '\xBB' && buffer_[2] == '\xBF') pos_ = 3;
  }

  // Cells of columns for which `keep` is false are counted but not stored.
  void keep_only(std::vector<bool> keep) { keep_ = std::move(keep); }

  bool next(CsvRow& row) {
    row.count = 0;
    row.line = line_;
    row.unterminated = false;
    row.text_after_quote.reset();
    bool quoted_any = false;
    bool cell_blank = true;
    State state = State::FieldStart;
    start_cell(row);
    for (bool any = false;; any = true) {
      if (state == State::Quoted) take_run(row, "\"");
      if (state == State::Unquoted && !cell_blank) take_run(row, ",\n");
      const int c = get();
      if (c == eof) {
        if (!any) return false;
        row.unterminated = state == State::Quoted;
        break;
      }
      const char ch = static_cast<char>(c);
      if (ch == '\n') ++line_;
      switch (state) {
        case State::FieldStart:
        case State::Unquoted:
          if (ch == '\n') return end_row(row, quoted_any, cell_blank);
          if (ch == ',') {
            start_cell(row);
            state = State::FieldStart;
            cell_blank = true;
          } else if (ch == '"' && cell_blank) {
            cell(row).clear();
            state = State::Quoted;
            quoted_any = true;
          } else {
            append(row, ch);
            cell_blank = cell_blank && is_space(ch);
            state = State::Unquoted;
          }
          break;
        case State::Quoted:
          if (ch == '"') state = State::QuoteInQuoted;
          else append(row, ch);
          break;
        case State::QuoteInQuoted:
          if (ch == '"') {
            append(row, ch);
            state = State::Quoted;
            break;
          }
          state = State::AfterQuote;
          [[fallthrough]];
        case State::AfterQuote:
          if (ch == '\n') return end_row(row, quoted_any, false);
          if (ch == ',') {
            start_cell(row);
            state = State::FieldStart;
            cell_blank = true;
          } else if (!is_space(ch) && !row.text_after_quote) {
            row.text_after_quote = row.count - 1;
          }
          break;
      }
    }
    return end_row(row, quoted_any, cell_blank);
  }

 private:
  enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted, AfterQuote };
  static constexpr int eof = -1;

  void fill() {
    in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    end_ = static_cast<std::size_t>(in_.gcount());
    pos_ = 0;
  }
  int get() {
    if (pos_ == end_) {
      if (!in_) return eof;
      fill();
      if (end_ == 0) return eof;
    }
    return static_cast<unsigned char>(buffer_[pos_++]);
  }
  bool kept(std::size_t column) const { return column >= keep_.size() || keep_[column]; }
  void start_cell(CsvRow& row) {
    if (row.cells.size() <= row.count) row.cells.emplace_back();
    row.cells[row.count++].clear();
  }
  std::string& cell(CsvRow& row) { return row.cells[row.count - 1]; }
  void append(CsvRow& row, char ch) {
    if (kept(row.count - 1)) cell(row) += ch;
  }
  // Appends the buffered bytes before the next of `stops` in one go: a long field costs
  // linear time, not a state-machine step per byte.
  void take_run(CsvRow& row, std::string_view stops) {
    const char* const from = buffer_.data() + pos_;
    const char* const last = buffer_.data() + end_;
    const char* const to = std::find_first_of(from, last, stops.begin(), stops.end());
    line_ += static_cast<std::uint64_t>(std::count(from, to, '\n'));
    if (kept(row.count - 1)) cell(row).append(from, to);
    pos_ += static_cast<std::size_t>(to - from);
  }
  static bool end_row(CsvRow& row, bool quoted_any, bool cell_blank) {
    row.blank = row.count == 1 && !quoted_any && cell_blank;
    return true;
  }

  std::istream& in_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::uint64_t line_ = 1;
  std::vector<bool> keep_;
};

// Which column feeds each field, and the per-field header problems every row inherits.
struct CsvHeader {
  std::vector<std::size_t> field_of_column;  // no_field for columns the schema lacks
  std::vector<std::string> field_errors;     // per schema field
  std::size_t columns = 0;
};

CsvHeader read_header(const Schema& schema, const CsvRow& row) {
  CsvHeader h;
  h.columns = row.count;
  h.field_errors.resize(schema.fields.size());
  std::vector<std::size_t> seen(schema.fields.size(), 0);
  for (std::size_t c = 0; c < row.count; ++c) {
    const auto field = schema.index_of(trim(row.cells[c]));
    h.field_of_column.push_back(field ? *field : no_field);
    if (field) ++seen[*field];
  }
  for (std::size_t i = 0; i < schema.fields.size(); ++i) {
    const FieldSpec& f = schema.fields[i];
    if (seen[i] > 1) h.field_errors[i] = fmt::format("column `{}` appears {} times in the header", f.name, seen[i]);
    else if (seen[i] == 0 && !f.optional && !f.default_value)
      h.field_errors[i] = fmt::format("column `{}` is missing from the header", f.name);
  }
  return h;
}

ReadResult csv_record(const Schema& schema, const CsvHeader& header, CsvRow& row) {
  if (row.unterminated) return reject(row.line, "unterminated quoted field");
  if (row.count != header.columns)
    return reject(row.line, fmt::format("row has {} field{}, the header has {}", row.count, row.count == 1 ? "" : "s",
                                        header.columns));
  Draft d(schema);
  if (row.text_after_quote) {
    const std::size_t field = header.field_of_column[*row.text_after_quote];
    d.record_errors.push_back({field == no_field ? std::string() : schema.fields[field].name,
                               fmt::format("unexpected text after the closing quote of field {} (write a quote "
                                           "inside a quoted field as `\"\"`)",
                                           *row.text_after_quote + 1)});
  }
  for (std::size_t c = 0; c < row.count; ++c)
    if (const std::size_t field = header.field_of_column[c]; field != no_field) d.put_text(schema, field, row.cells[c]);
  for (std::size_t i = 0; i < schema.fields.size(); ++i)
    if (!header.field_errors[i].empty()) d.errors[i] = header.field_errors[i];
  return finish(schema, std::move(d), row.line);
}

std::uint64_t read_csv(std::istream& in, const Schema& schema, const std::function<void(ReadResult&&)>& sink) {
  CsvReader reader(in);
  CsvRow row;
  do {
    if (!reader.next(row)) return 0;
  } while (row.blank);
  const CsvHeader header = read_header(schema, row);
  std::vector<bool> keep;
  for (std::size_t field : header.field_of_column) keep.push_back(field != no_field);
  reader.keep_only(std::move(keep));
  std::uint64_t count = 0;
  while (reader.next(row)) {
    if (row.blank) continue;
    ++count;
    sink(csv_record(schema, header, row));
  }
  return count;
}

// ---- JSON ---------------------------------------------------------------------------------

// A short reason for text that nlohmann refused, without echoing the input.
std::string json_error(std::string_view text) {
  try {
    [[maybe_unused]] const json parsed = json::parse(text);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    std::string detail;
    if (const auto at = what.find(" - "); at != std::string::npos) detail = what.substr(at + 3);
    detail = detail.substr(0, detail.find("; last read"));
    for (char c : detail)
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) detail.clear();
    if (detail.empty()) return fmt::format("malformed JSON at column {}", e.byte);
    return fmt::format("malformed JSON: {} (column {})", detail, e.byte);
  } catch (const json::exception&) {
    return "malformed JSON: a number is too large";
  }
  return "malformed JSON";
}

const char* json_kind(const json& j) {
  if (j.is_boolean()) return "true or false";
  if (j.is_number()) return "a number";
  if (j.is_object()) return "an object";
  if (j.is_array()) return "a list";
  if (j.is_string()) return "text";
  return "null";
}

// A JSON value that is not a string: numbers for int and money, true/false (or 0/1) for bool.
void put_json(const FieldSpec& spec, const json& j, Value& out, std::string& error) {
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  const bool integer = j.is_number_integer();
  const bool fits = integer && (!j.is_number_unsigned() || j.get<std::uint64_t>() <= static_cast<std::uint64_t>(max));
  const std::int64_t n = fits ? j.get<std::int64_t>() : 0;
  if (spec.type == ValueKind::Bool && j.is_boolean()) {
    out = Value::boolean(j.get<bool>());
  } else if (spec.type == ValueKind::Bool && integer && (n == 0 || n == 1) && fits) {
    out = Value::boolean(n == 1);
  } else if (spec.type == ValueKind::Int && integer) {
    if (fits) out = Value::integer(n);
    else error = fmt::format("`{}` is too large for a whole number", j.dump());
  } else if (spec.type == ValueKind::Int && j.is_number_float()) {
    error = fmt::format("`{}` is not a whole number", j.dump());
  } else if (spec.type == ValueKind::Money && j.is_number_float()) {
    error = "money must be written exactly, e.g. \"Rp 1.000,50\"";
  } else if (spec.type == ValueKind::Money && integer) {
    if (fits && n < 0) error = fmt::format("money cannot be negative, found `{}`", n);
    else if (!fits || n > max / 100) error = fmt::format("`{}` is too large for an amount of money", j.dump());
    else out = Value::money(n * 100);
  } else {
    error = fmt::format("expected {}, found {}", described(spec.type), json_kind(j));
  }
}

ReadResult json_record(std::string_view text, const Schema& schema, std::uint64_t line) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return reject(line, json_error(text));
  if (!j.is_object()) return reject(line, fmt::format("not a JSON object (found {})", json_kind(j)));
  Draft d(schema);
  for (std::size_t i = 0; i < schema.fields.size(); ++i) {
    const auto it = j.find(schema.fields[i].name);
    if (it == j.end() || it->is_null()) continue;
    if (it->is_string()) d.put_text(schema, i, it->get_ref<const std::string&>());
    else put_json(schema.fields[i], *it, d.values[i], d.errors[i]);
  }
  return finish(schema, std::move(d), line);
}

std::uint64_t read_json_lines(std::istream& in, const Schema& schema, const std::function<void(ReadResult&&)>& sink) {
  std::uint64_t count = 0;
  std::string text;
  for (std::uint64_t line = 1; std::getline(in, text); ++line) {
    std::string_view view = text;
    if (line == 1 && view.substr(0, 3) == "\xEF\xBB\xBF") view.remove_prefix(3);
    if (trim(view).empty()) continue;
    ++count;
    sink(json_record(view, schema, line));
  }
  return count;
}

}  // namespace

std::uint64_t read_records(std::istream& in, InputFormat format, const Schema& schema,
                           const std::function<void(ReadResult&&)>& sink) {
  switch (format) {
    case InputFormat::Csv: return read_csv(in, schema, sink);
    case InputFormat::JsonLines: return read_json_lines(in, schema, sink);
    case InputFormat::Json: {
      const std::string text(std::istreambuf_iterator<char>(in), {});
      if (trim(text).empty()) return 0;
      sink(json_record(text, schema, 1));
      return 1;
    }
  }
  return 0;
}

ReadResult read_json_record(std::string_view json_text, const Schema& schema) {
  return json_record(json_text, schema, 1);
}

}  // namespace jaring

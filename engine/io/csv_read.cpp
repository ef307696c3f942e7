// CSV records (RFC 4180) read line by line from a LineSource. Lenient where spreadsheets are
// (blanks around a quoted field are dropped, a quote inside an unquoted field is text, empty
// unnamed trailing columns are allowed), strict where data could be lost or guessed: a header
// column the schema does not know stops the read, and a quote that does not close on its line
// may only run on while the row stays well-formed. Otherwise the row is its first line alone
// (rejected) and reading resumes at the next line, so one stray quote costs one row.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>

#include "engine/io/line_source.hpp"
#include "engine/io/record_draft.hpp"

#include "engine/base/i18n.hpp"
#include "engine/base/internal_error.hpp"

namespace jaring::record_read {

namespace {

constexpr std::size_t no_field = column_read_past;
constexpr std::size_t unnamed = column_unnamed;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f'; }
// A blank around a cell: a space, but not the delimiter (a tab, in a file separated by tabs).
bool is_blank(char c, char delimiter) { return c != delimiter && is_space(c); }

struct CsvRow {
  std::vector<std::string> cells;               // cells of columns not kept stay empty
  std::vector<bool> cut;                        // per cell: longer than --max-field-bytes
  std::size_t count = 0;                        // number of cells in the row
  std::uint64_t line = 0;                       // physical line where the row starts
  std::uint64_t lines = 1;                      // physical lines the row spans
  std::uint64_t length = 0;                     // with `too_long`: the first line's length
  bool blank = false;                           // an empty or all-whitespace unquoted line
  bool too_long = false;                        // the first line alone is longer than --max-record-bytes
  std::optional<std::string> problem;           // the row cannot be split into fields
  std::optional<std::size_t> text_after_quote;  // text after a closing quote, in this column
};

std::string fields(std::size_t n) { return n == 1 ? say("{} field", n) : say("{} fields", n); }

// Delimiter `c`'s entry (the comma's for any other).
const CsvDelimiter& delimiter_of(char c) {
  for (const CsvDelimiter& d : csv_delimiters)
    if (d.c == c) return d;
  return csv_delimiters[0];
}

// The splitting of a row's text into cells, line by line, with CsvReader's quoting rules:
// shared by CsvReader (whose quoted fields may run on to later lines) and the fast lane's
// single lines (frame_csv_line). Cells of columns not kept are counted but not stored.
class CsvCells {
 public:
  explicit CsvCells(const ReadOptions& options) : options_(options), delimiter_(options.delimiter) {}

  void keep_only(std::vector<bool> keep) { keep_ = std::move(keep); }
  // Columns read past (a layout's no_field) are not kept.
  void keep_fields(const std::vector<std::size_t>* field_of_column) { fields_ = field_of_column; }

  // A new row: its first cell started.
  void start(CsvRow& row) {
    state_ = State::FieldStart;
    quoted_any_ = false;
    cell_blank_ = true;
    start_cell(row);
  }
  // Whether a quoted field is open at the end of the text scanned so far.
  bool open() const { return state_ == State::Quoted; }
  bool quoted_any() const { return quoted_any_; }
  bool cell_blank() const { return cell_blank_; }
  std::size_t quote_field() const { return quote_field_; }

  void scan(CsvRow& row, std::string_view t) {
    for (std::size_t i = 0; i < t.size();) {
      switch (state_) {
        case State::FieldStart:
        case State::Unquoted: {
          const char ch = t[i];
          if (ch == delimiter_) {
            start_cell(row);
            state_ = State::FieldStart;
            cell_blank_ = true;
            ++i;
          } else if (ch == '"' && cell_blank_) {
            cell(row).clear();
            state_ = State::Quoted;
            quoted_any_ = true;
            quote_field_ = row.count;
            ++i;
          } else if (cell_blank_ && is_blank(ch, delimiter_)) {
            append(row, t.substr(i, 1));
            state_ = State::Unquoted;
            ++i;
          } else {
            const std::size_t stop = std::min(t.find(delimiter_, i), t.size());
            append(row, t.substr(i, stop - i));
            cell_blank_ = false;
            state_ = State::Unquoted;
            i = stop;
          }
          break;
        }
        case State::Quoted: {
          const std::size_t stop = std::min(t.find('"', i), t.size());
          append(row, t.substr(i, stop - i));
          i = stop;
          if (i < t.size()) {
            state_ = State::QuoteInQuoted;
            ++i;
          }
          break;
        }
        case State::QuoteInQuoted:
          if (t[i] == '"') {
            append(row, "\"");
            state_ = State::Quoted;
            ++i;
            break;
          }
          state_ = State::AfterQuote;
          [[fallthrough]];
        case State::AfterQuote: {
          const char ch = t[i++];
          if (ch == delimiter_) {
            start_cell(row);
            state_ = State::FieldStart;
            cell_blank_ = true;
          } else if (!is_blank(ch, delimiter_) && ch != '\r' && ch != '\n' && !row.text_after_quote) {
            row.text_after_quote = row.count - 1;
          }
          break;
        }
      }
    }
  }

  void append(CsvRow& row, std::string_view text) {
    if (!kept(row.count - 1)) return;
    std::string& c = cell(row);
    const std::size_t room = options_.max_field_bytes > c.size() ? options_.max_field_bytes - c.size() : 0;
    if (text.size() > room) row.cut[row.count - 1] = true;
    c.append(text.substr(0, room));
  }

 private:
  enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted, AfterQuote };

  bool kept(std::size_t column) const {
    if (fields_) return column >= fields_->size() || (*fields_)[column] != no_field;
    return column >= keep_.size() || keep_[column];
  }
  static void start_cell(CsvRow& row) {
    if (row.cells.size() <= row.count) {
      row.cells.emplace_back();
      row.cut.push_back(false);
    }
    row.cells[row.count].clear();
    row.cut[row.count] = false;
    ++row.count;
  }
  static std::string& cell(CsvRow& row) { return row.cells[row.count - 1]; }

  const ReadOptions& options_;
  char delimiter_;
  std::vector<bool> keep_;
  const std::vector<std::size_t>* fields_ = nullptr;
  State state_ = State::FieldStart;
  bool quoted_any_ = false;
  bool cell_blank_ = true;
  std::size_t quote_field_ = 0;  // 1-based field where the current quoted field opened
};

// Rows from a LineSource: a stream's (read_csv) or text's in memory (frame_csv_record).
class CsvReader {
 public:
  CsvReader(LineSource& source, const ReadOptions& options) : source_(source), options_(options), cells_(options) {}

  // Cells of columns for which `keep` is false are counted but not stored.
  void keep_only(std::vector<bool> keep) { cells_.keep_only(std::move(keep)); }
  // Columns read past (a layout's no_field) are not kept.
  void keep_fields(const std::vector<std::size_t>* field_of_column) { cells_.keep_fields(field_of_column); }
  // The header's column count: a row whose quoted field runs on to other lines must have it.
  void expect_columns(std::size_t columns) { columns_ = columns; }

  bool next(CsvRow& row) {
    PhysicalLine& first = first_;  // reused: its text keeps its capacity from row to row
    if (!source_.next(first)) return false;
    row.count = 0;
    row.line = first.number;
    row.lines = 1;
    row.blank = false;
    row.too_long = first.cut;
    row.length = first.length;
    row.problem.reset();
    row.text_after_quote.reset();
    if (first.cut) return true;
    cells_.start(row);
    cells_.scan(row, first.text);
    const std::size_t open_field = cells_.quote_field();  // the quoted field that runs on past the line
    std::vector<PhysicalLine> more;                       // lines it ran on to
    std::size_t bytes = first.text.size();
    bool unterminated = false;
    bool over = false;
    while (cells_.open()) {
      PhysicalLine line;
      if (!source_.next(line)) {
        unterminated = true;
        break;
      }
      const std::string end = more.empty() ? first.end : more.back().end;  // a copy: push_back moves lines
      bytes += end.size() + line.text.size();
      const bool too_much = line.cut || bytes > options_.max_record_bytes;
      more.push_back(std::move(line));
      if (too_much) {
        over = true;
        break;
      }
      cells_.append(row, end);
      cells_.scan(row, more.back().text);
    }
    row.lines = 1 + more.size();
    if (unterminated && more.empty()) {
      row.problem = say("the quote that opens field {} is not closed: the input ends inside it", open_field);
    } else if (!more.empty()) {
      std::string why;
      if (unterminated) why = say_text("it is never closed");
      else if (over) why = say("it is not closed within {} bytes (--max-record-bytes)", options_.max_record_bytes);
      else if (columns_ && row.count != columns_)
        why = say("read on to line {}, the row would have {}, the header has {}", more.back().number, fields(row.count),
                  columns_);
      else if (row.text_after_quote)
        why = say("read on to line {}, text follows its closing quote", more.back().number);
      if (!why.empty()) {
        row.problem =
            say("the quote that opens field {} does not close on this line and {}; the row is this line alone and "
                "reading resumes at line {}",
                open_field, why, row.line + 1);
        row.lines = 1;
        source_.unread(std::move(more));
        return true;
      }
    }
    row.blank = row.count == 1 && !cells_.quoted_any() && cells_.cell_blank() && !unterminated;
    return true;
  }

 private:
  LineSource& source_;
  const ReadOptions& options_;
  CsvCells cells_;
  PhysicalLine first_;
  std::size_t columns_ = 0;
};

// Which field each column feeds (no_field: read past; unnamed: must stay empty).
struct CsvHeader {
  std::vector<std::size_t> field_of_column;
  std::size_t columns = 0;
};

CsvHeader read_header(const Schema& schema, const ReadOptions& options, const CsvRow& row) {
  if (row.too_long)
    throw InputError(
        say("line {}: the header is {} bytes long, longer than the limit of {} "
            "(--max-record-bytes)",
            row.line, row.length, options.max_record_bytes));
  if (row.problem) throw InputError(say("line {}: the header cannot be read: {}", row.line, *row.problem));
  // A header of one column whose name, split at another delimiter, holds the record's fields:
  // the file is separated by that, as a spreadsheet set to Indonesian (whose list separator is
  // `;`) saves "CSV", or as a TSV file is. Said as such, with the flag that reads it, not as one
  // unknown column.
  if (row.count == 1) {
    const std::string_view line = row.cells[0];
    for (const CsvDelimiter& other : csv_delimiters) {
      const char separator = other.c;
      if (separator == options.delimiter) continue;
      std::size_t names = 0, fields = 0;
      for (std::size_t at = 0; at <= line.size(); ++names) {
        const std::size_t stop = std::min(line.find(separator, at), line.size());
        if (schema.index_of(trim(line.substr(at, stop - at)))) ++fields;
        at = stop + 1;
      }
      if (names > 1 && fields > 0)
        throw InputError(
            say("line {}: the header is separated by `{}`, not by `{}`: {} of its {} names are fields "
                "of record `{}`. To read the file so, pass --delimiter {} (a spreadsheet set to "
                "Indonesian saves CSV separated by `;`)",
                row.line, other.shown, delimiter_of(options.delimiter).shown, fields, names, schema.name, other.name));
    }
  }
  CsvHeader h;
  h.columns = row.count;
  std::vector<std::string> problems;
  std::vector<std::size_t> seen(schema.fields.size(), 0);
  for (std::size_t c = 0; c < row.count; ++c) {
    const std::string_view name = trim(row.cells[c]);
    const auto field = schema.index_of(name);
    if (field) {
      h.field_of_column.push_back(*field);
      ++seen[*field];
    } else if (name.empty()) {
      h.field_of_column.push_back(unnamed);
    } else {
      h.field_of_column.push_back(no_field);
      if (!ignored(options, name))
        problems.push_back(say("column {}: {}; to read the file without it, pass --ignore-field {}", c + 1,
                               unknown_field_message(schema, name), name));
    }
  }
  for (std::size_t i = 0; i < schema.fields.size(); ++i) {
    const FieldSpec& f = schema.fields[i];
    if (seen[i] > 1) problems.push_back(say("column `{}` appears {} times", f.name, seen[i]));
    else if (seen[i] == 0 && !f.optional && !f.default_value)
      problems.push_back(say("column `{}` is missing, and the policy requires the field", f.name));
  }
  if (!problems.empty()) {
    std::string message = say("line {}: the header does not fit record `{}`:", row.line, schema.name);
    for (const auto& p : problems) message += "\n  - " + p;
    throw InputError(message);
  }
  return h;
}

// The row framed into `out`: rejected already when it could not be split into the header's
// fields, else with its cells, swapped with the buffers `out` held (which the reader reuses).
void csv_row(const ReadOptions& options, std::size_t columns, CsvRow& row, RawRow& out) {
  out.line = row.line;
  out.ready.reset();
  out.text.clear();
  out.count = 0;
  out.text_after_quote.reset();
  if (row.too_long) {
    out.ready = reject(row.line, say("the row is {} bytes long, longer than the limit of {} "
                                     "(--max-record-bytes)",
                                     row.length, options.max_record_bytes));
  } else if (row.problem) {
    out.ready = reject(row.line, *row.problem);
  } else if (row.count != columns) {
    out.ready = reject(row.line, say("row has {}, the header has {}", fields(row.count), columns));
  } else {
    out.count = row.count;
    out.text_after_quote = row.text_after_quote;
    out.cells.swap(row.cells);
    out.cut.swap(row.cut);
  }
}

// A plain line (no quote, its line end removed) split as CsvReader splits it: cells between
// commas as they are; a kept cell longer than --max-field-bytes keeps its first bytes, cut.
void split_plain(std::string_view line, const ReadOptions& options, const std::vector<std::size_t>* field_of_column,
                 CsvRow& row) {
  row.count = 0;
  row.too_long = false;
  row.problem.reset();
  row.text_after_quote.reset();
  std::size_t start = 0;
  for (;;) {
    const std::size_t stop = std::min(line.find(options.delimiter, start), line.size());
    if (row.cells.size() <= row.count) {
      row.cells.emplace_back();
      row.cut.push_back(false);
    }
    const bool kept =
        !field_of_column || row.count >= field_of_column->size() || (*field_of_column)[row.count] != no_field;
    std::string& c = row.cells[row.count];
    c.clear();
    row.cut[row.count] = false;
    if (kept) {
      const std::string_view text = line.substr(start, stop - start);
      c.assign(text.substr(0, options.max_field_bytes));
      row.cut[row.count] = text.size() > options.max_field_bytes;
    }
    ++row.count;
    if (stop == line.size()) break;
    start = stop + 1;
  }
}

// A line split as CsvReader splits it where its quotes close on it (a line with no quote by
// split_plain); false when a quoted field is open at its end (CsvReader would read on).
bool split_line(std::string_view line, const ReadOptions& options, const std::vector<std::size_t>* field_of_column,
                CsvRow& row) {
  if (!std::memchr(line.data(), '"', line.size())) {
    split_plain(line, options, field_of_column, row);
    return true;
  }
  row.count = 0;
  row.too_long = false;
  row.problem.reset();
  row.text_after_quote.reset();
  CsvCells cells(options);
  cells.keep_fields(field_of_column);
  cells.start(row);
  cells.scan(row, line);
  return !cells.open();
}

}  // namespace

bool plain_csv_blank(std::string_view line, char delimiter) {
  for (char c : line)
    if (!is_blank(c, delimiter)) return false;
  return true;
}

bool csv_line_closes(std::string_view line, char delimiter) {
  if (!std::memchr(line.data(), '"', line.size())) return true;
  thread_local ReadOptions nothing_kept = [] {
    ReadOptions o;
    o.max_field_bytes = 0;  // cells counted, none stored
    return o;
  }();
  nothing_kept.delimiter = delimiter;
  thread_local CsvRow row;
  row.count = 0;
  row.text_after_quote.reset();
  CsvCells cells(nothing_kept);
  cells.start(row);
  cells.scan(row, line);
  return !cells.open();
}

RowLayout csv_line_header(std::string_view line, std::uint64_t number, const Schema& schema,
                          const ReadOptions& options) {
  CsvRow row;
  row.line = number;
  split_line(line, options, nullptr, row);
  row.too_long = line.size() > options.max_record_bytes;
  row.length = line.size();
  return RowLayout{InputFormat::Csv, read_header(schema, options, row).field_of_column};
}

bool frame_csv_line(std::string_view line, std::uint64_t number, const RowLayout& layout, const ReadOptions& options,
                    RawRow& out) {
  thread_local CsvRow row;
  row.line = number;
  row.lines = 1;
  row.length = line.size();
  bool closes = true;  // a line too long is a row by itself, quotes or not
  if (line.size() > options.max_record_bytes) {
    row.count = 0;
    row.too_long = true;
    row.problem.reset();
    row.text_after_quote.reset();
  } else if (!split_line(line, options, &layout.field_of_column, row)) {
    closes = false;
  }
  csv_row(options, layout.field_of_column.size(), row, out);
  return closes;
}

std::uint64_t frame_csv_record(std::string_view text, std::uint64_t number, const RowLayout& layout,
                               const ReadOptions& options, std::size_t& bytes, RawRow& out) {
  LineSource lines(text, number, options.max_record_bytes);
  CsvReader reader(lines, options);
  reader.keep_fields(&layout.field_of_column);
  reader.expect_columns(layout.field_of_column.size());
  thread_local CsvRow row;
  if (!reader.next(row)) throw InternalError("frame_csv_record: no line to frame");
  bytes = lines.taken();
  csv_row(options, layout.field_of_column.size(), row, out);
  return row.lines;
}

ReadResult csv_decode(RawRow&& row, const RowLayout& layout, const Schema& schema, const ReadOptions& options) {
  Draft d(schema);
  if (row.text_after_quote) {
    const std::size_t field = layout.field_of_column[*row.text_after_quote];
    d.record_errors.push_back({field < schema.fields.size() ? schema.fields[field].name : std::string(),
                               say("unexpected text after the closing quote of field {} (write a quote "
                                   "inside a quoted field as `\"\"`)",
                                   *row.text_after_quote + 1)});
  }
  for (std::size_t c = 0; c < row.count; ++c) {
    const std::size_t field = layout.field_of_column[c];
    if (field == unnamed) {
      if (!options.ids_only && !trim(row.cells[c]).empty())
        d.record_errors.push_back(
            {{}, say("column {} has no name in the header but holds a value on this row", c + 1)});
    } else if (field != no_field && row.cut[c]) {
      d.error(field) =
          say("the field is longer than the limit of {} bytes (--max-field-bytes)", options.max_field_bytes);
    } else if (field != no_field) {
      d.put_text(schema, options, field, row.cells[c]);
    }
  }
  return finish(schema, options, std::move(d), row.line);
}

std::uint64_t read_csv(std::istream& in, const Schema& schema, const RowSink& sink, const ReadOptions& options,
                       InputCounts& counts) {
  LineSource source(in, options.max_record_bytes);
  CsvReader reader(source, options);
  CsvRow row;
  do {
    if (!reader.next(row)) {
      counts.lines = source.lines();
      return 0;
    }
    if (row.blank) ++counts.blank;
  } while (row.blank);
  const CsvHeader header = read_header(schema, options, row);
  const RowLayout layout{InputFormat::Csv, header.field_of_column};
  counts.header = row.lines;
  std::vector<bool> keep;
  // A scan for ids keeps the id column's cells only (the others are framed and counted).
  for (std::size_t field : header.field_of_column)
    keep.push_back(options.ids_only ? field == schema.id_field : field != no_field);
  reader.keep_only(std::move(keep));
  reader.expect_columns(header.columns);
  std::uint64_t rows = 0;
  RawRow slot;
  while (reader.next(row)) {
    if (row.blank) {
      ++counts.blank;
      continue;
    }
    ++rows;
    counts.continuation += row.lines - 1;
    csv_row(options, header.columns, row, slot);
    sink(slot, layout);
  }
  counts.rows = rows;
  counts.lines = source.lines();
  return rows;
}

}  // namespace jaring::record_read

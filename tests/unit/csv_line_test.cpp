// The fast lane's single CSV lines (record_draft.hpp: csv_line_closes, frame_csv_line,
// csv_line_header; csv_start.hpp: csv_block_form) against read_csv, on random lines of quotes,
// commas, spaces and letters: a line the lane takes for a row by itself is framed as read_csv
// frames it in a file, and a line it does not take is one whose quote read_csv reads on from.
#include <catch2/catch.hpp>

#include <fstream>
#include <random>
#include <sstream>

#include "engine/io/csv_start.hpp"
#include "engine/io/record_draft.hpp"
#include "engine/io/record_read.hpp"
#include "engine/io/row_starts.hpp"
#include "temp_folder.hpp"

using namespace jaring;

namespace {

Schema letters() {
  Schema s;
  s.name = "r";
  for (const char* name : {"a", "b", "c"}) {
    FieldSpec f;
    f.name = name;
    f.type = ValueKind::Text;
    f.optional = true;
    s.fields.push_back(f);
  }
  return s;
}

struct Framed {
  std::size_t count = 0;
  std::vector<std::string> cells;
  std::vector<bool> cut;
  std::optional<std::size_t> text_after_quote;
  std::string rejected;  // the framing's rejection, its reasons joined
  bool operator==(const Framed&) const = default;
};

Framed framed(const RawRow& row) {
  Framed f;
  f.count = row.count;
  f.cells.assign(row.cells.begin(), row.cells.begin() + static_cast<std::ptrdiff_t>(row.count));
  f.cut.assign(row.cut.begin(), row.cut.begin() + static_cast<std::ptrdiff_t>(row.count));
  f.text_after_quote = row.text_after_quote;
  if (row.ready) {
    const auto* r = std::get_if<Rejection>(&*row.ready);
    REQUIRE(r);
    for (const FieldError& e : r->errors) f.rejected += e.reason + ";";
  }
  return f;
}

// read_csv's first row of `header` then `line`, and the physical lines it took.
std::pair<Framed, std::uint64_t> first_row(const std::string& header, const std::string& line,
                                           const ReadOptions& options, RowLayout& layout) {
  std::istringstream in(header + "\n" + line + "\n");
  std::optional<Framed> first;
  InputCounts counts;
  read_raw_rows(
      in, InputFormat::Csv, letters(),
      [&](RawRow& row, const RowLayout& l) {
        if (first) return;
        first = framed(row);
        layout = l;
      },
      options, &counts);
  REQUIRE(first);
  return {*first, counts.continuation};
}

std::string random_line(std::mt19937& rng) {
  static const char alphabet[] = {'a', 'b', '1', ',', ',', '"', '"', ' ', '\t', 'x'};
  const std::size_t size = rng() % 14;
  std::string s;
  for (std::size_t i = 0; i < size; ++i) s += alphabet[rng() % sizeof alphabet];
  return s;
}

}  // namespace

TEST_CASE("csv line: a line whose quotes close is framed as read_csv frames it", "[csv_line]") {
  std::mt19937 rng(20261205);
  std::size_t closing = 0, open = 0, quoted = 0;
  for (int i = 0; i < 30'000; ++i) {
    const std::string line = random_line(rng);
    if (record_read::plain_csv_blank(line, ',')) continue;  // skipped by both, not a row
    ReadOptions options;
    if (i % 3 == 0) options.max_field_bytes = 2;            // cells cut
    const std::string header = i % 2 ? "a,b,c" : "a,,b,c";  // an unnamed column read too
    RowLayout layout;
    const auto [expected, continuation] = first_row(header, line, options, layout);
    INFO("line: [" << line << "] max_field_bytes " << options.max_field_bytes << " header " << header);
    quoted += line.find('"') != std::string::npos;
    if (record_read::csv_line_closes(line, ',')) {
      ++closing;
      CHECK(continuation == 0);
      RawRow row;
      row.cells.assign(9, "stale");  // a reused row's old cells do not show through
      row.cut.assign(9, true);
      CHECK(record_read::frame_csv_line(line, 2, layout, options, row));
      CHECK(framed(row) == expected);
      CHECK(row.line == 2);
    } else {
      ++open;  // read_csv finds the quote open at the line's end (the file ends there)
      CHECK(expected.rejected.find("is not closed: the input ends inside it") != std::string::npos);
      RawRow row;
      CHECK_FALSE(record_read::frame_csv_line(line, 2, layout, options, row));  // and the framing says so
    }
  }
  CHECK(open > 1000);
  CHECK(closing > 10'000);
  CHECK(quoted > open + 5000);  // many lines with quotes close
}

TEST_CASE("csv line: a quoted header reads as the same header written plainly", "[csv_line]") {
  const ReadOptions options;
  const RowLayout plain = record_read::csv_line_header("a,b,c", 1, letters(), options);
  const RowLayout quoted = record_read::csv_line_header("\"a\", \"b\" ,\"c\"", 1, letters(), options);
  CHECK(quoted.field_of_column == plain.field_of_column);
  CHECK(record_read::csv_line_header("\"c\",\"a\",b", 1, letters(), options).field_of_column ==
        std::vector<std::size_t>{2, 0, 1});
  CHECK_THROWS_AS(record_read::csv_line_header("\"a,b\",c", 1, letters(), options), InputError);
}

TEST_CASE("csv line: a block is read by the lane when each of its lines is a row", "[csv_line]") {
  CHECK(csv_block_form("a,b,c\n1,2,3\n", ',') == CsvBlock::Plain);
  CHECK(csv_block_form("a,b,c\r\n1,2,3", ',') == CsvBlock::Plain);
  CHECK(csv_block_form("a,\"b, c\",d\n1,2,3\n", ',') == CsvBlock::Quoted);
  CHECK(csv_block_form("1,2,3\na,b\"c\"\"d,e\n", ',') == CsvBlock::Quoted);         // quotes inside an unquoted cell
  CHECK(csv_block_form("1,2,3\r\n\"a\"\"\",b,\"\"\r\n", ',') == CsvBlock::Quoted);  // an escaped quote, CRLF
  CHECK(csv_block_form("a,\"b\nc\",d\n", ',') == CsvBlock::Unreadable);             // a field runs on
  CHECK(csv_block_form("1,2,3\na,\"b", ',') == CsvBlock::Unreadable);               // open at the block's end
  CHECK(csv_block_form("a,\"b\"\"\n", ',') == CsvBlock::Unreadable);                // `""` escapes: still open
  CHECK(csv_block_form("a,b\rc\n", ',') == CsvBlock::Unreadable);                   // a lone CR
  CHECK(csv_block_form("\"a\",b\r", ',') == CsvBlock::Unreadable);
}

namespace {

// A file of random lines (quotes, commas, spaces, letters; LF or CRLF ends, some blank), after
// the header `a,b,c`: quoted fields open on one line and close on a later one, or never.
std::string random_file(std::mt19937& rng) {
  std::string s = "a,b,c\n";
  const std::size_t lines = 1 + rng() % 60;
  for (std::size_t i = 0; i < lines; ++i) {
    s += rng() % 9 == 0 ? std::string(rng() % 3, ' ') : random_line(rng);
    if (i + 1 < lines || rng() % 2) s += rng() % 3 == 0 ? "\r\n" : "\n";
  }
  return s;
}

}  // namespace

TEST_CASE(
    "csv record: a row whose quoted field runs on is framed as read_csv frames it, and blocks begin where rows "
    "begin",
    "[csv_line][run_ons]") {
  const test::TempFolder folder("jaring-run-ons");
  const std::string path = (folder.path / "records.csv").string();
  std::mt19937 rng(20261206);
  std::size_t ran_on = 0, alone = 0, blocks = 0;
  for (int i = 0; i < 2'000; ++i) {
    const std::string file = random_file(rng);
    ReadOptions options;
    if (i % 4 == 0) options.max_record_bytes = 12;  // run-ons cut short: their first line alone
    if (i % 3 == 0) options.max_field_bytes = 2;
    INFO("file: [" << file << "] max_record_bytes " << options.max_record_bytes);
    // read_csv's rows, by the line each begins on.
    std::istringstream in(file);
    std::vector<std::pair<std::uint64_t, Framed>> rows;
    RowLayout layout;
    InputCounts counts;
    read_raw_rows(
        in, InputFormat::Csv, letters(),
        [&](RawRow& row, const RowLayout& l) {
          rows.emplace_back(row.line, framed(row));
          layout = l;
        },
        options, &counts);
    if (rows.empty()) continue;
    // Where each line begins (LF ends a line; a CR only before one).
    std::vector<std::size_t> line_at = {0};
    for (std::size_t k = 0; k < file.size(); ++k)
      if (file[k] == '\n' && k + 1 < file.size()) line_at.push_back(k + 1);
    std::vector<bool> continues(line_at.size() + 2, false);  // by line number: inside a row begun before
    std::vector<std::uint64_t> alone_at;                     // rows made their first line alone
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const std::uint64_t line = rows[r].first;
      const std::size_t from = line_at[line - 1];
      RawRow out;
      std::size_t bytes = 0;
      const std::uint64_t taken =
          record_read::frame_csv_record(std::string_view(file).substr(from), line, layout, options, bytes, out);
      CHECK(framed(out) == rows[r].second);
      CHECK(out.line == line);
      REQUIRE(taken >= 1);
      // It ends where a line begins (or the file does), and no row begins before it does.
      CHECK((from + bytes == file.size() || from + bytes == line_at[line - 1 + taken]));
      if (r + 1 < rows.size()) CHECK(rows[r + 1].first >= line + taken);
      for (std::uint64_t k = line + 1; k < line + taken; ++k) continues[k] = true;
      ran_on += taken > 1;
      std::string_view first(file.data() + from, (line < line_at.size() ? line_at[line] : file.size()) - from);
      while (!first.empty() && (first.back() == '\n' || first.back() == '\r')) first.remove_suffix(1);
      if (taken == 1 && first.size() <= options.max_record_bytes && !record_read::csv_line_closes(first, ','))
        alone_at.push_back(from);
    }
    alone += alone_at.size();
    // The run-ons found before the lane reads the file in blocks of 1 to 40 bytes.
    { std::ofstream(path, std::ios::binary) << file; }
    const std::size_t block = 1 + rng() % 40;
    const std::uint64_t offset = line_at.size() > 1 ? line_at[1] : file.size();
    const auto found = find_csv_row_starts(path, offset, 2, block, layout, options);
    REQUIRE(found);
    const std::size_t ranges = file.size() > offset ? (file.size() - offset + block - 1) / block : 0;
    REQUIRE(found->block_starts.size() == ranges);
    for (std::size_t k = 0; k < ranges; ++k) {
      // The first line at or after the range's start that no row began before.
      std::uint64_t expected = file.size();
      for (std::size_t n = 2; n <= line_at.size(); ++n)
        if (line_at[n - 1] >= offset + k * block && !continues[n]) {
          expected = line_at[n - 1];
          break;
        }
      CHECK(found->block_starts[k] == expected);
      ++blocks;
    }
    // Every row read_csv made its first line alone, with its rejection.
    CHECK(found->alone_at == alone_at);
    for (const auto& [line, row] : rows)
      if (const RawRow* a = found->alone_row(line_at[line - 1])) CHECK(framed(*a) == row);
  }
  CHECK(ran_on > 500);
  CHECK(alone > 500);
  CHECK(blocks > 10'000);
}

// The fast lane's single CSV lines (record_draft.hpp: csv_line_closes, frame_csv_line,
// csv_line_header; csv_start.hpp: csv_block_form) against read_csv, on random lines of quotes,
// commas, spaces and letters: a line the lane takes for a row by itself is framed as read_csv
// frames it in a file, and a line it does not take is one whose quote read_csv reads on from.
#include <catch2/catch.hpp>

#include <random>
#include <sstream>

#include "engine/io/csv_start.hpp"
#include "engine/io/record_draft.hpp"
#include "engine/io/record_read.hpp"

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
    if (record_read::plain_csv_blank(line)) continue;  // skipped by both, not a row
    ReadOptions options;
    if (i % 3 == 0) options.max_field_bytes = 2;            // cells cut
    const std::string header = i % 2 ? "a,b,c" : "a,,b,c";  // an unnamed column read too
    RowLayout layout;
    const auto [expected, continuation] = first_row(header, line, options, layout);
    INFO("line: [" << line << "] max_field_bytes " << options.max_field_bytes << " header " << header);
    quoted += line.find('"') != std::string::npos;
    if (record_read::csv_line_closes(line)) {
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
  CHECK(csv_block_form("a,b,c\n1,2,3\n") == CsvBlock::Plain);
  CHECK(csv_block_form("a,b,c\r\n1,2,3") == CsvBlock::Plain);
  CHECK(csv_block_form("a,\"b, c\",d\n1,2,3\n") == CsvBlock::Quoted);
  CHECK(csv_block_form("1,2,3\na,b\"c\"\"d,e\n") == CsvBlock::Quoted);         // quotes inside an unquoted cell
  CHECK(csv_block_form("1,2,3\r\n\"a\"\"\",b,\"\"\r\n") == CsvBlock::Quoted);  // an escaped quote, CRLF
  CHECK(csv_block_form("a,\"b\nc\",d\n") == CsvBlock::Unreadable);             // a field runs on
  CHECK(csv_block_form("1,2,3\na,\"b") == CsvBlock::Unreadable);               // open at the block's end
  CHECK(csv_block_form("a,\"b\"\"\n") == CsvBlock::Unreadable);                // `""` escapes: still open
  CHECK(csv_block_form("a,b\rc\n") == CsvBlock::Unreadable);                   // a lone CR
  CHECK(csv_block_form("\"a\",b\r") == CsvBlock::Unreadable);
}

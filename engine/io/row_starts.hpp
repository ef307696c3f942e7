// Where the fast lane's blocks begin, found before it reads them, for files where its guess
// fails. The lane cuts a file into ranges and begins each block after the first LF in its
// range (a JSON array's: at the first `{` after a comma), which may lie inside a row: in CSV,
// a quoted field that runs on past its line (a spreadsheet cell with a line break); in a JSON
// array, a `,{` inside a string or a nested array of objects. One pass over the file, on one
// thread, then frames the rows as the generic reader frames them, and gives each block the
// offset its first row begins at (BlockReader's row_starts):
// - CSV as read_csv (csv_read.cpp: frame_csv_record, the same rules): the lines between quotes
//   by their LFs alone (found 32 bytes at a time), a line with a quote by csv_line_closes, and
//   only a line whose quoted field runs on by read_csv's own reading on. And the rows read_csv
//   makes their first line alone (a run-on that does not stay well-formed, whose rejection
//   depends on lines past a block's end), framed here.
// - A JSON array's elements as read_json_document frames them (json_elements.hpp:
//   next_json_element), each an object.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/io/record_draft.hpp"
#include "engine/io/record_read.hpp"

namespace jaring {

struct RowStarts {
  // Block k's first row (BlockReader's row_starts): the first that begins at or after the
  // range's start, the file's size when none does.
  std::vector<std::uint64_t> block_starts;
  // The rows read_csv makes their first line alone, by the offset where they begin, rejected.
  std::vector<std::uint64_t> alone_at;
  std::vector<RawRow> alone;

  // The row at `offset` read_csv makes its first line alone, or null.
  const RawRow* alone_row(std::uint64_t offset) const;
};

// At most this many CSV rows alone (each kept whole): beyond, the file is the generic reader's.
inline constexpr std::size_t csv_alone_max = 10'000;

// The file at `path` from `offset` (its first row, line `first_line`), in ranges of `block`
// bytes. Nothing when the lane cannot take it so: more than csv_alone_max rows alone,
// or a --max-record-bytes over 16 MiB (the lane's blocks hold no longer line).
std::optional<RowStarts> find_csv_row_starts(const std::string& path, std::uint64_t offset, std::uint64_t first_line,
                                             std::size_t block, const RowLayout& layout, const ReadOptions& options);

// The JSON array at `path` from its first element at `offset` (a `{`), read in a window that
// holds at least `max_element` bytes from each element. Nothing when the lane cannot take it so
// (the generic reader's): an element that is not an object, anything but a comma or `]` after
// one, text after the `]`, no `]`, an element (with the whitespace after it) longer than the
// window, or a `max_element` over 16 MiB.
std::optional<RowStarts> find_json_element_starts(const std::string& path, std::uint64_t offset, std::size_t block,
                                                  std::size_t max_element);

}  // namespace jaring

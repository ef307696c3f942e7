// CSV whose quoted fields run on past their line (a spreadsheet cell with a line break): where
// the fast lane's blocks begin, found before it reads them. The lane cuts a file into ranges
// and begins each block after the first LF in its range, which in such a file may lie inside a
// quoted field. One pass over the file, on one thread, frames the rows as read_csv frames them
// (csv_read.cpp: frame_csv_record, the same rules): the lines between quotes by their LFs alone
// (found 32 bytes at a time), a line with a quote by csv_line_closes, and only a line whose
// quoted field runs on by read_csv's own reading on. It gives each block's first row, and the
// rows read_csv makes their first line alone (a run-on that does not stay well-formed, whose
// rejection depends on lines past a block's end), framed here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/io/record_draft.hpp"
#include "engine/io/record_read.hpp"

namespace jaring {

struct CsvRunOns {
  // Block k's first row (BlockReader's row_starts): the first that begins at or after the
  // range's start, the file's size when none does.
  std::vector<std::uint64_t> block_starts;
  // The rows read_csv makes their first line alone, by the offset where they begin, rejected.
  std::vector<std::uint64_t> alone_at;
  std::vector<RawRow> alone;
  // Rows whose quoted field runs on past their line (kept: read on, or alone).
  std::uint64_t runs_on = 0;

  // The row at `offset` read_csv makes its first line alone, or null.
  const RawRow* alone_row(std::uint64_t offset) const;
};

// At most this many rows alone (each kept whole): beyond, the file is the generic reader's.
inline constexpr std::size_t csv_run_ons_alone_max = 10'000;

// The file at `path` from `offset` (its first row, line `first_line`), in ranges of `block`
// bytes. Nothing when the lane cannot take it so: more than csv_run_ons_alone_max rows alone,
// or a --max-record-bytes over 16 MiB (the lane's blocks hold no longer line).
std::optional<CsvRunOns> find_csv_run_ons(const std::string& path, std::uint64_t offset, std::uint64_t first_line,
                                          std::size_t block, const RowLayout& layout, const ReadOptions& options);

}  // namespace jaring

// The start of a CSV, JSON Lines or JSON array file, for the fast lane (fast_population.cpp): for CSV the
// blank lines and the header, read as read_csv reads them (InputError for a header the schema
// cannot use); where the rows begin; and whether a block of it has one row a line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/io/record_read.hpp"

namespace jaring {

struct LaneStart {
  RowLayout layout;          // JSON Lines: column i is field i (each line's keys are found by name)
  std::uint64_t offset = 0;  // of the first line after the header (JSON Lines: after a byte order mark)
  std::uint64_t lines = 0;   // blank lines and the header (JSON Lines: none)
  std::uint64_t blank = 0;
};

// Nothing when the start is not plain, or no row follows the header.
std::optional<LaneStart> read_plain_csv_start(const std::string& path, const Schema& schema, const ReadOptions& read);
// Nothing for an empty file.
std::optional<LaneStart> read_json_lines_start(const std::string& path, const Schema& schema);
// A JSON array's first element (`lines`: the LFs before it); nothing unless the file begins
// (after a byte order mark and whitespace, no lone CR) with `[` and an object.
std::optional<LaneStart> read_json_array_start(const std::string& path, const Schema& schema);

// Every CR part of a CRLF: the generic readers end a line at a lone CR too, the lane only at LF.
bool crs_in_crlf(std::string_view block);

// How the fast lane may read a block of whole lines: Plain (no quote, every CR part of a
// CRLF); Quoted (quotes too, but each quoted field closes on its line, so that every line is
// still one row: csv_line_closes); or Unreadable (a lone CR, or a quoted field that runs on
// past its line, which only read_csv frames). With `closes_checked` false, a block with a quote
// is Quoted unchecked: the caller frames each such line and learns there whether it closes
// (frame_csv_line), as the lane's optimistic pass does, once instead of twice.
enum class CsvBlock { Plain, Quoted, Unreadable };
CsvBlock csv_block_form(std::string_view block, char delimiter, bool closes_checked = true);

}  // namespace jaring

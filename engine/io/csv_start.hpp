// The start of a plain CSV file, for the fast lane (fast_population.cpp): the blank lines and
// the header, read as read_csv reads them (InputError for a header the schema cannot use),
// and where the rows begin; and whether a block of it is plain (no quote, every CR part of a
// CRLF), so that each line is one row.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/io/record_read.hpp"

namespace jaring {

struct PlainCsvStart {
  RowLayout layout;
  std::uint64_t offset = 0;  // of the first line after the header
  std::uint64_t lines = 0;   // blank lines and the header
  std::uint64_t blank = 0;
};

// Nothing when the start is not plain, or no row follows the header.
std::optional<PlainCsvStart> read_plain_csv_start(const std::string& path, const Schema& schema,
                                                  const ReadOptions& read);

// How the fast lane may read a block of whole lines: Plain (no quote, every CR part of a
// CRLF); Quoted (quotes too, but each quoted field closes on its line, so that every line is
// still one row: csv_line_closes); or Unreadable (a lone CR, or a quoted field that runs on
// past its line, which only read_csv frames).
enum class CsvBlock { Plain, Quoted, Unreadable };
CsvBlock csv_block_form(std::string_view block);

}  // namespace jaring

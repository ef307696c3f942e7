// The flags every command that reads a population shares: --ignore-field, --max-field-bytes,
// --delimiter, --date-format, --max-record-bytes (io/record_read.hpp ReadOptions).
#pragma once

#include <CLI/CLI.hpp>

#include "engine/io/record_read.hpp"

namespace jaring::cli {

// Adds option `name` (--delimiter, --out-delimiter), which takes a delimiter's name (comma,
// semicolon, tab, pipe) or the character itself and sets `delimiter`, which must outlive the
// parse.
CLI::Option* add_delimiter_option(CLI::App* cmd, const std::string& name, char& delimiter, const std::string& help);

// Adds the flags to `cmd`; they fill `options`, which must outlive the parse.
void add_read_flags(CLI::App* cmd, ReadOptions& options);

// A --delimiter other than comma read with input that is not CSV (`path`, read as `format`)
// would be ignored: prints why it is refused and returns 2; else 0.
int refuse_delimiter(const ReadOptions& options, InputFormat format, const std::string& path);

}  // namespace jaring::cli

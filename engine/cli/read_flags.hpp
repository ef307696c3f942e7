// The flags every command that reads a population shares: --ignore-field, --max-field-bytes,
// --delimiter, --max-record-bytes (io/record_read.hpp ReadOptions).
#pragma once

#include <CLI/CLI.hpp>

#include "engine/io/record_read.hpp"

namespace jaring::cli {

// Adds the flags to `cmd`; they fill `options`, which must outlive the parse.
void add_read_flags(CLI::App* cmd, ReadOptions& options);

}  // namespace jaring::cli

// What every command writes goes through engine/base/output_file.hpp: standard output is a
// checked stream, and outputs that would overwrite an input (or each other) are refused.
#pragma once

#include <string>
#include <vector>

#include "engine/base/output_file.hpp"
#include "engine/base/source.hpp"

namespace jaring::cli {

// Makes std::cout write through a checked FdWriter on descriptor 1 (line-buffered on a
// terminal); a failed write throws OutputError out of the output operation.
void install_checked_stdout();

// Writes out standard output and restores std::cout. When standard output failed, now or
// before, prints why (unless `status` is already 74: reported) and returns 74 in place of 0 or
// 1; otherwise returns `status`.
int finish_stdout(int status) noexcept;

// Prints why and returns 2 when the outputs clash with the inputs or each other
// (output_clash); returns 0 when they do not.
int refuse_clashing_outputs(const std::vector<NamedPath>& outputs, const std::vector<NamedPath>& inputs);

// Every file a loaded policy was read from (itself, `use`, `amends`), as inputs.
std::vector<NamedPath> policy_inputs(const SourceMap& sources);

}  // namespace jaring::cli

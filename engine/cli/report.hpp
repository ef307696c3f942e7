// Shared by the subcommands: opening a policy and printing its diagnostics.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/open_policy.hpp"

namespace jaring::cli {

// Opens `path` (load, check, compile: runtime/open_policy.hpp) with the `-I` folders;
// diagnostics are added to `diags` (sorted by the caller).
OpenedPolicy open_for_command(const std::string& path, const std::vector<std::string>& include_dirs, SourceMap& sources,
                              Diagnostics& diags);

// The files named, with every *.policy under a named folder (recursively, sorted).
std::vector<std::string> policy_files(const std::vector<std::string>& paths);

// Prints diagnostics as text (stderr) or as a JSON array (stdout). With `strict`, warnings
// are printed and counted as errors.
void print_diagnostics(const Diagnostics& diags, const SourceMap& sources, const std::string& format, bool strict);

}  // namespace jaring::cli

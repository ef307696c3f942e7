// Shared by the subcommands: loading a policy and printing its diagnostics.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/language/check.hpp"
#include "engine/language/load.hpp"

namespace jaring::cli {

struct Loaded {
  std::optional<Policy> policy;
  bool unreadable = false;  // the file itself could not be read
};

// Loads and checks `path`; diagnostics are added to `diags` (sorted by the caller).
Loaded load_and_check(const std::string& path, SourceMap& sources, Diagnostics& diags,
                      const std::vector<std::string>& include_dirs);

// Prints diagnostics as text (stderr) or as a JSON array (stdout). With `strict`, warnings
// are printed and counted as errors.
void print_diagnostics(const Diagnostics& diags, const SourceMap& sources, const std::string& format, bool strict);

}  // namespace jaring::cli

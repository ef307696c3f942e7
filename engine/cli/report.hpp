// Shared by the subcommands: opening a policy and printing its diagnostics.
#pragma once

#include <cstdint>
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

// Whose records a population run decided: eval's and project's, or one side of a diff's.
enum class Decided { Records, Base, Proposal };

// After a population run: a note on stderr that the generic runtime decided `whose` records,
// many times slower than the fast lane, because of `why` (the lane's reason, io/batch.hpp's
// generic_reason), so that a user can change what stopped it. Nothing when `why` is empty (the
// fast lane decided them), when JARING_RUNTIME=generic chose it, or when there were no records.
void note_generic_runtime(const std::string& why, Decided whose, std::uint64_t records);
// After a run the fast lane took: the records it handed to the generic runtime one at a time
// and it decided (BatchOptions::one_at_a_time), when they are many enough to slow the run.
void note_one_at_a_time(std::uint64_t decided, std::uint64_t first_line, std::uint64_t records);

}  // namespace jaring::cli

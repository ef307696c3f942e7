// Shared by `jaring diff` and `jaring project`: input formats, loading a policy
// for comparison, and the output format choice.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/io/record_read.hpp"
#include "engine/language/check.hpp"
#include "engine/runtime/program.hpp"
#include "engine/runtime/record.hpp"
#include "engine/whatif/diff_report.hpp"

namespace jaring::cli {

// A loaded, checked and compiled policy. `status` is 0 when `program` is set; otherwise 2 (an
// unreadable file) or 1 (policy errors, already printed).
struct CompiledPolicy {
  std::optional<CheckedPolicy> policy;
  std::shared_ptr<const Program> program;
  whatif::PolicyId id;
  int status = 0;
};
CompiledPolicy load_compiled(const std::string& path, const std::vector<std::string>& include_dirs);

// Checks a records file: readable, of a known format (--input-format, else its extension) and
// one that `read`'s --delimiter applies to. Prints why not and returns 2, else 0.
int check_records_file(const std::string& path, const std::string& format_flag, const ReadOptions& read,
                       InputFormat& format);

}  // namespace jaring::cli

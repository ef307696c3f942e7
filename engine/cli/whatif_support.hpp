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

// The records format from --input-format, else from the extension (.csv, .jsonl/.ndjson, .json).
std::optional<InputFormat> records_format(const std::string& path, const std::string& flag);

// A loaded, checked and compiled policy. `status` is 0 when `program` is set; otherwise 2 (an
// unreadable file) or 1 (policy errors, already printed).
struct CompiledPolicy {
  std::optional<CheckedPolicy> policy;
  std::shared_ptr<const Program> program;
  whatif::PolicyId id;
  int status = 0;
};
CompiledPolicy load_compiled(const std::string& path, const std::vector<std::string>& include_dirs);

// Checks a records file: readable and of a known format. Prints why not and returns 2, else 0.
int check_records_file(const std::string& path, const std::string& format_flag, InputFormat& format);

}  // namespace jaring::cli

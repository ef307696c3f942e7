// The one way from a policy file to a Program: load (with its `use` files and `amends` base),
// check, compile. Every command and the server open policies here, so they all see the same
// diagnostics and refuse the same policies.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "engine/base/diagnostic.hpp"
#include "engine/language/check.hpp"
#include "engine/language/load.hpp"
#include "engine/runtime/program.hpp"

namespace jaring {

struct OpenedPolicy {
  bool unreadable = false;                 // the file itself is not a readable file
  std::optional<CheckedPolicy> checked;    // set when it loaded and checked without errors
  std::shared_ptr<const Program> program;  // set with `checked`

  bool ok() const { return program != nullptr; }
};

// Opens the policy at `path`. Diagnostics (errors and warnings) go to `diags`, unsorted.
// A failure inside compile is a bug: it throws InternalError (base/internal_error.hpp).
OpenedPolicy open_policy(const std::filesystem::path& path, SourceMap& sources, Diagnostics& diags,
                         const LoadOptions& options = {});

// The same for text already in memory; `name` is used in diagnostics and to resolve `use`.
OpenedPolicy open_policy_text(const std::string& name, std::string text, SourceMap& sources, Diagnostics& diags,
                              const LoadOptions& options = {});

}  // namespace jaring

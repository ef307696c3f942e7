// Loading a policy file with its `use` imports and `amends` base into one resolved Policy.
// Reports unreadable or missing files, circular `use`/`amends`, duplicate declarations and
// amendments of things that do not exist. Does not type-check (see check.hpp).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <vector>

#include "engine/base/diagnostic.hpp"
#include "engine/language/policy.hpp"

namespace jaring {

struct LoadOptions {
  // Extra folders (-I) searched for `use` paths after the file's own folder and its rules root
  // (the nearest enclosing folder holding `national/`), before JARING_PATH.
  std::vector<std::filesystem::path> search_paths;
  // Last of all, the rule packs of an installed Jaring, `<bin>/../share/jaring/rules` beside
  // the running program (base/install_dirs.hpp), when that folder exists.
  bool installed_rules = true;
  // Where those rule packs are instead, when the running program is not Jaring's own (Python
  // loading the module: python/); used when it is a folder. Empty: beside the running program.
  std::filesystem::path installed_rules_dir;
  // The text of a `use`d or amended file that is held elsewhere, read instead of the file on
  // disk: the language server passes the unsaved text of the documents open in the editor.
  // Called with the file's path as found; nothing means read the disk.
  std::function<std::optional<std::string>(const std::filesystem::path&)> held_text;
};

// Reads and parses `path` and everything it depends on. Nothing is returned when the file
// itself cannot be read or parsed; otherwise the policy is returned even if some later step
// reported errors (check `diags.has_errors()`).
std::optional<Policy> load_policy(const std::filesystem::path& path, SourceMap& sources, Diagnostics& diags,
                                  const LoadOptions& options = {});

// Whether `diags` holds a `use` or `amends` that could not be loaded: checking what did load
// would then report every name the missing file declares as unknown (20 follow-on errors for one
// missing national pack), so callers check only when this is false.
bool dependency_missing(const Diagnostics& diags);

// Same, for text already in memory (`name` is used in diagnostics and to resolve `use`).
std::optional<Policy> load_policy_text(const std::string& name, std::string text, SourceMap& sources,
                                       Diagnostics& diags, const LoadOptions& options = {});

}  // namespace jaring

// The policies a server serves: every `*.policy` under a folder (recursively) that checks
// clean, except files of tests (`*-tests.policy`, `*_tests.policy`), compiled, under an id = its path relative to the
// folder without the extension
// (`regions/cilegon-2024`). A Snapshot is immutable; a request holds a shared_ptr to the
// snapshot it started with, so a reload never changes a request in flight.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/runtime/program.hpp"

namespace jaring::server {

struct ServedPolicy {
  std::string id;
  std::string file;  // the absolute path it was loaded from
  std::shared_ptr<const Program> program;
  std::optional<std::string> region_code;
  std::optional<std::string> region_name;
  std::vector<std::string> basis;
  std::optional<std::string> amends;
};

struct Snapshot {
  std::map<std::string, std::shared_ptr<const ServedPolicy>, std::less<>> policies;
  std::uint64_t generation = 0;  // 1 for the first load, +1 per reload

  // The policy with this id, or nullptr.
  std::shared_ptr<const ServedPolicy> find(std::string_view id) const;
};

// A policy file that did not check (or the folder itself, with an empty id).
struct LoadFailure {
  std::string id;
  std::string file;
  std::string diagnostics;     // as `jaring check` prints them
  bool kept_previous = false;  // the version loaded before keeps serving
};

struct ReloadReport {
  std::uint64_t generation = 0;
  std::vector<std::string> added;
  std::vector<std::string> updated;
  std::vector<std::string> removed;
  std::vector<std::string> unchanged;
  std::vector<std::string> tests_only;  // files of tests (`*-tests.policy`), not served
  std::vector<LoadFailure> failures;
  bool ok() const { return failures.empty(); }
};

class PolicyStore {
 public:
  // `checker`: the `jaring` program that checks each file in a process of its own before it is
  // loaded (ServerOptions::checker); empty: no such check.
  PolicyStore(std::filesystem::path dir, std::vector<std::filesystem::path> include_dirs,
              std::filesystem::path checker);

  // The snapshot to serve now (never null; empty before the first load).
  std::shared_ptr<const Snapshot> current() const;

  // Re-reads the folder and swaps in a new snapshot. A policy that checks replaces its old
  // version; one that no longer checks is not swapped in (the old version keeps serving,
  // and the failure is reported); a file that is gone is no longer served. If the folder
  // cannot be read at all, nothing changes. Concurrent calls are serialized.
  ReloadReport reload();

 private:
  std::filesystem::path dir_;
  std::vector<std::filesystem::path> include_dirs_;
  std::filesystem::path checker_;
  mutable std::mutex current_mutex_;
  std::shared_ptr<const Snapshot> current_;
  std::mutex reload_mutex_;
};

}  // namespace jaring::server

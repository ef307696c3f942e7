// The policies a server serves: every `*.policy` under a folder (recursively) that checks
// clean, except files of tests (`*-tests.policy`, `*_tests.policy`), compiled, under an id = its path relative to the
// folder without the extension
// (`regions/cilegon-2024`). A Snapshot is immutable; a request holds a shared_ptr to the
// snapshot it started with, so a reload never changes a request in flight.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/io/record_lane.hpp"
#include "engine/runtime/program.hpp"

namespace jaring::server {

// A policy's record lanes (io/record_lane.hpp) by date, each made when its date is first asked
// for; the last `kept` dates are kept. A date on which the policy has no kernel keeps a null
// lane. Making a lane costs 0,3-0,7 ms (the shipped regions), some 20 requests' work: at most
// one is made per `interval`, so that a client asking for ever other dates costs no more than
// before lanes (its requests take the generic runtime meanwhile).
class RecordLanes {
 public:
  static constexpr std::size_t kept = 16;
  explicit RecordLanes(std::chrono::steady_clock::duration interval = std::chrono::milliseconds(100))
      : interval_(interval) {}
  // The lane on `as_of`, or null: no kernel on that date, or a lane was made too recently.
  std::shared_ptr<const RecordLane> at(const Program& program, Day as_of);

 private:
  std::chrono::steady_clock::duration interval_;
  std::mutex mutex_;
  std::vector<std::pair<Day, std::shared_ptr<const RecordLane>>> lanes_;  // the newest last
  std::optional<std::chrono::steady_clock::time_point> last_made_;
};

struct ServedPolicy {
  std::string id;
  std::string file;  // the absolute path it was loaded from
  std::shared_ptr<const Program> program;
  std::optional<std::string> region_code;
  std::optional<std::string> region_name;
  std::vector<std::string> basis;
  std::optional<std::string> amends;
  std::shared_ptr<RecordLanes> lanes = std::make_shared<RecordLanes>();
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

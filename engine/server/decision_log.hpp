// The decision log (`--decision-log FILE`): one JSON line per decision, appended, with a
// unique decision id, the time (UTC ISO 8601), the policy (id, file, name, hash), `as_of`,
// the input record (the policy's record fields as given; NIK and names masked unless
// disabled) and the decision itself, so that `jaring eval` can reproduce it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/runtime/decision.hpp"
#include "engine/server/policy_store.hpp"

namespace jaring::server {

// `2024-08-01T10:15:00.123Z`.
std::string utc_iso8601(std::chrono::system_clock::time_point t);

// Request ids: time-based and unique within the process (`<unix ms>-<pid>-<counter>`).
std::string next_request_id();

class DecisionLog {
 public:
  // Opens `path` for appending; throws std::runtime_error if it cannot.
  DecisionLog(std::string path, bool masked);
  ~DecisionLog();
  DecisionLog(const DecisionLog&) = delete;
  DecisionLog& operator=(const DecisionLog&) = delete;

  // Appends one line per decision (ids `<request id>-<index>`); `records` parallels
  // `decisions` and is masked here. Returns false if the write failed (reported on stderr).
  bool write(const ServedPolicy& policy, const std::string& request_id, const std::vector<Decision>& decisions,
             std::vector<nlohmann::json>& records);

  // Reopens the file (after it was rotated away); keeps the old one if that fails.
  void reopen();

  std::uint64_t write_errors() const { return write_errors_; }

 private:
  std::string path_;
  bool masked_;
  std::mutex mutex_;
  std::FILE* file_ = nullptr;
  std::atomic<std::uint64_t> write_errors_{0};
};

}  // namespace jaring::server

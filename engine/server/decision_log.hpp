// The decision log (`--decision-log FILE`): one JSON line per decision, appended, with a
// unique decision id, the time (UTC ISO 8601), the policy (id, file, name, hash), `as_of`,
// the input record (the policy's record fields as given; NIK and names masked unless
// disabled) and the decision itself, so that `jaring eval` can reproduce it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
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

// An append-only log cannot be written to a temporary file and renamed, so every write(2) is
// checked instead: a batch of lines that could not be written completely is counted (metrics),
// reported on stderr when the log starts failing and again when it recovers, and the caller
// marks its response. A write cut off inside a line is followed by a newline, so the lines after
// it stay whole.
class DecisionLog {
 public:
  // Opens `path` for appending (created 0666 minus the umask); throws std::runtime_error if it cannot.
  DecisionLog(std::string path, bool masked);
  ~DecisionLog();
  DecisionLog(const DecisionLog&) = delete;
  DecisionLog& operator=(const DecisionLog&) = delete;

  // Appends one line per decision (ids `<request id>-<index>`); `records` parallels
  // `decisions` and is masked here. `date_format`: the notation the records' dates were also
  // read in (the request's `date_format`), logged when one was given, as a replay needs it.
  // Returns false if the lines were not all written.
  bool write(const ServedPolicy& policy, const std::string& request_id, const std::vector<Decision>& decisions,
             std::vector<nlohmann::json>& records, std::string_view date_format = {});

  // Reopens the file (after it was rotated away); keeps the old one if that fails.
  void reopen();

  std::uint64_t write_errors() const { return write_errors_; }  // failed writes (requests)
  std::uint64_t lines_lost() const { return lines_lost_; }      // decisions not logged
  bool failing() const { return failing_flag_; }                // the last write failed

 private:
  // Writes all of `text` (retrying EINTR and partial writes); the errno of a failure, else 0.
  int append(const std::string& text);

  std::string path_;
  bool masked_;
  std::mutex mutex_;
  int fd_ = -1;
  bool failing_ = false;  // the last write failed
  bool torn_ = false;     // a failed write ended inside a line
  std::uint64_t lost_since_failing_ = 0;
  std::atomic<std::uint64_t> write_errors_{0};
  std::atomic<std::uint64_t> lines_lost_{0};
  std::atomic<bool> failing_flag_{false};
};

}  // namespace jaring::server

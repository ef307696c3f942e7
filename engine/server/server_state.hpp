// What the HTTP handlers share: the options, the policy store, metrics, the decision log,
// and reloading (from SIGHUP or the admin endpoint) with its report on stderr and /metrics.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/server/access_control.hpp"
#include "engine/server/decision_log.hpp"
#include "engine/server/jobs.hpp"
#include "engine/server/metrics.hpp"
#include "engine/server/policy_store.hpp"
#include "engine/server/problem.hpp"
#include "engine/server/server_log.hpp"
#include "engine/server/server_options.hpp"

namespace jaring::server {

// Ready to serve: the first load finished, every policy file of the last load checked, and
// the decision log (if any) is writing.
struct Readiness {
  bool loaded = false;
  std::size_t policies = 0;
  std::uint64_t generation = 0;
  std::vector<LoadFailure> failed;
  bool decision_log = false;  // one is configured
  bool decision_log_writing = true;
  std::uint64_t decision_log_write_errors = 0;
  bool ready() const { return loaded && failed.empty() && decision_log_writing; }
};

nlohmann::json readiness_json(const Readiness& r);

// 503 while the policies are first loaded.
Problem policies_loading();

class ServerState {
 public:
  // Opens the decision and access logs if asked for; throws std::runtime_error if it cannot.
  explicit ServerState(ServerOptions options);

  const ServerOptions& options() const { return options_; }
  PolicyStore& store() { return store_; }
  Metrics& metrics() { return metrics_; }
  DecisionLog* decision_log() { return log_.get(); }

  // Loads the policy folder again (`why`: `start`, `SIGHUP`, `admin API`), reports the
  // outcome on stderr and in the metrics, and returns it. On SIGHUP the token file is read
  // again too (a file that no longer reads keeps the tokens in force).
  ReloadReport reload(const std::string& why);

  // The gauges /metrics shows with the counters.
  Metrics::Gauges gauges() const;

  // What /readyz reports.
  Readiness readiness() const;

  AccessLog* access_log() { return access_log_.get(); }

  // The API's bearer tokens (null: none needed); re-read on reload.
  std::shared_ptr<const std::vector<ApiToken>> tokens() const;
  RateLimiter* rate_limiter() { return rate_limiter_.get(); }
  JobStore& jobs() { return *jobs_; }

 private:
  ServerOptions options_;
  PolicyStore store_;
  Metrics metrics_;
  std::unique_ptr<DecisionLog> log_;
  std::unique_ptr<AccessLog> access_log_;
  std::unique_ptr<RateLimiter> rate_limiter_;
  std::unique_ptr<JobStore> jobs_;
  mutable std::mutex tokens_mutex_;
  std::shared_ptr<const std::vector<ApiToken>> tokens_;
  mutable std::mutex readiness_mutex_;
  bool loaded_ = false;                     // the first load has finished
  std::vector<LoadFailure> last_failures_;  // of the last load
};

// The reload report as JSON: generation, policies served, added, updated, removed,
// unchanged, and `failed` (id, file, kept_previous, diagnostics).
nlohmann::json reload_json(const ReloadReport& report, const Snapshot& snapshot);

}  // namespace jaring::server

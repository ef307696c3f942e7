// What the HTTP handlers share: the options, the policy store, metrics, the decision log,
// and reloading (from SIGHUP or the admin endpoint) with its report on stderr and /metrics.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/server/decision_log.hpp"
#include "engine/server/metrics.hpp"
#include "engine/server/policy_store.hpp"
#include "engine/server/server_options.hpp"

namespace jaring::server {

class ServerState {
 public:
  // Opens the decision log if asked for; throws std::runtime_error if it cannot.
  explicit ServerState(ServerOptions options);

  const ServerOptions& options() const { return options_; }
  PolicyStore& store() { return store_; }
  Metrics& metrics() { return metrics_; }
  DecisionLog* decision_log() { return log_.get(); }

  // Loads the policy folder again (`why`: `start`, `SIGHUP`, `admin API`), reports the
  // outcome on stderr and in the metrics, and returns it.
  ReloadReport reload(const std::string& why);

  // The gauges /metrics shows with the counters.
  Metrics::Gauges gauges() const;

 private:
  ServerOptions options_;
  PolicyStore store_;
  Metrics metrics_;
  std::unique_ptr<DecisionLog> log_;
};

// The reload report as JSON: generation, policies served, added, updated, removed,
// unchanged, and `failed` (id, file, kept_previous, diagnostics).
nlohmann::json reload_json(const ReloadReport& report, const Snapshot& snapshot);

}  // namespace jaring::server

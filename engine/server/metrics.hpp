// Server metrics in the Prometheus text exposition format (version 0.0.4): requests by
// route, method and status; a request latency histogram by route; decisions by policy and
// status; policies loaded; reloads ok/failed and which policies failed their last load.
// Thread-safe; every update takes one short lock.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "engine/runtime/decision.hpp"
#include "engine/server/policy_store.hpp"

namespace jaring::server {

class Metrics {
 public:
  // One finished request; `seconds` < 0 when its start was not seen (a request the HTTP
  // parser refused): it is counted but not timed.
  void observe_request(const std::string& route, const std::string& method, int status, double seconds);
  void count_decisions(const std::string& policy, const std::array<std::uint64_t, 4>& by_status);
  void record_reload(const ReloadReport& report);

  // Decision requests between taking their policy snapshot and their end (RAII).
  class InFlight {
   public:
    explicit InFlight(Metrics& m) : m_(m) { ++m_.in_flight_; }
    ~InFlight() { --m_.in_flight_; }
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;

   private:
    Metrics& m_;
  };

  // Open connections (sessions), for jaring_http_connections_open.
  void connection_opened() { ++connections_; }
  void connection_closed() { --connections_; }

  struct Gauges {
    std::size_t policies_loaded = 0;
    std::uint64_t generation = 0;
    std::uint64_t decision_log_write_errors = 0;
    std::uint64_t decision_log_lines_lost = 0;
  };
  std::string render(const Gauges& gauges) const;

  static constexpr std::array<double, 14> buckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                  0.1,    0.25,  0.5,    1,     2.5,  5,     10};

 private:
  struct Histogram {
    std::array<std::uint64_t, buckets.size()> counts{};  // per bucket (not cumulative)
    std::uint64_t count = 0;
    double sum = 0;
  };
  std::atomic<std::int64_t> in_flight_{0};
  std::atomic<std::int64_t> connections_{0};
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::map<std::pair<std::string, std::string>, std::uint64_t> decisions_;
  std::uint64_t reloads_ok_ = 0;
  std::uint64_t reloads_failed_ = 0;
  std::set<std::string> failed_policies_;
};

// A Prometheus label value with `\`, `"` and newlines escaped.
std::string label_value(const std::string& s);

}  // namespace jaring::server

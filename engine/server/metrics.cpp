#include "engine/server/metrics.hpp"

#include <fmt/format.h>

#include <array>

namespace jaring::server {

std::string label_value(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

void Metrics::observe_request(const std::string& route, const std::string& method, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, method, status}];
  if (seconds < 0) return;
  Histogram& h = latency_[route];
  ++h.count;
  h.sum += seconds;
  for (std::size_t i = 0; i < buckets.size(); ++i)
    if (seconds <= buckets[i]) {
      ++h.counts[i];
      break;
    }
}

void Metrics::count_decisions(const std::string& policy, const std::array<std::uint64_t, 4>& by_status) {
  static_assert(static_cast<std::size_t>(Status::Rejected) + 1 == 4, "a count per Status");
  std::lock_guard lock(mutex_);
  for (std::size_t s = 0; s < by_status.size(); ++s)
    if (by_status[s] > 0) decisions_[{policy, status_name(static_cast<Status>(s))}] += by_status[s];
}

void Metrics::record_reload(const ReloadReport& report) {
  std::lock_guard lock(mutex_);
  ++(report.ok() ? reloads_ok_ : reloads_failed_);
  failed_policies_.clear();
  for (const auto& f : report.failures) failed_policies_.insert(f.id.empty() ? f.file : f.id);
}

std::string Metrics::render(const Gauges& gauges) const {
  std::lock_guard lock(mutex_);
  std::string out;
  out +=
      "# HELP jaring_http_requests_total HTTP requests by route, method and status.\n"
      "# TYPE jaring_http_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    out += fmt::format("jaring_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                       label_value(std::get<0>(key)), label_value(std::get<1>(key)), std::get<2>(key), n);
  out +=
      "# HELP jaring_http_request_duration_seconds Time from the request's headers to its handler's end.\n"
      "# TYPE jaring_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    const std::string r = label_value(route);
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < buckets.size(); ++i) {
      cumulative += h.counts[i];
      out += fmt::format("jaring_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", r, buckets[i],
                         cumulative);
    }
    out += fmt::format("jaring_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", r, h.count);
    out += fmt::format("jaring_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", r, h.sum);
    out += fmt::format("jaring_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", r, h.count);
  }
  out +=
      "# HELP jaring_decisions_total Decisions made, by policy and status.\n"
      "# TYPE jaring_decisions_total counter\n";
  for (const auto& [key, n] : decisions_)
    out += fmt::format("jaring_decisions_total{{policy=\"{}\",status=\"{}\"}} {}\n", label_value(key.first), key.second,
                       n);
  out += fmt::format(
      "# HELP jaring_policies_loaded Policies being served.\n# TYPE jaring_policies_loaded gauge\n"
      "jaring_policies_loaded {}\n"
      "# HELP jaring_policy_generation Number of policy loads swapped in (1 after start).\n"
      "# TYPE jaring_policy_generation gauge\njaring_policy_generation {}\n"
      "# HELP jaring_reloads_total Policy loads (start and reloads) by result; failed = some policy did not check.\n"
      "# TYPE jaring_reloads_total counter\n"
      "jaring_reloads_total{{result=\"ok\"}} {}\njaring_reloads_total{{result=\"failed\"}} {}\n",
      gauges.policies_loaded, gauges.generation, reloads_ok_, reloads_failed_);
  out += fmt::format(
      "# HELP jaring_decision_requests_in_flight Decision requests being read or decided now.\n"
      "# TYPE jaring_decision_requests_in_flight gauge\njaring_decision_requests_in_flight {}\n"
      "# HELP jaring_http_connections_open Connections open now.\n"
      "# TYPE jaring_http_connections_open gauge\njaring_http_connections_open {}\n",
      in_flight_.load(), connections_.load());
  out +=
      "# HELP jaring_policy_load_failed Policies that did not check at the last load (1 each).\n"
      "# TYPE jaring_policy_load_failed gauge\n";
  for (const auto& p : failed_policies_)
    out += fmt::format("jaring_policy_load_failed{{policy=\"{}\"}} 1\n", label_value(p));
  out += fmt::format(
      "# HELP jaring_decision_log_write_errors_total Failed writes to the decision log.\n"
      "# TYPE jaring_decision_log_write_errors_total counter\njaring_decision_log_write_errors_total {}\n"
      "# HELP jaring_decision_log_lines_lost_total Decisions answered but not written to the decision log.\n"
      "# TYPE jaring_decision_log_lines_lost_total counter\njaring_decision_log_lines_lost_total {}\n",
      gauges.decision_log_write_errors, gauges.decision_log_lines_lost);
  return out;
}

}  // namespace jaring::server

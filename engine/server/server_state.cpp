#include "engine/server/server_state.hpp"

#include <fmt/format.h>

#include <iostream>

namespace jaring::server {

namespace {

std::string joined(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

// One paragraph on stderr: what changed, then each failure with its diagnostics.
void report_on_stderr(const ReloadReport& r, const std::string& why, std::size_t served) {
  std::string text = fmt::format("jaring serve: policies loaded ({}): {} served", why, served);
  if (!r.added.empty()) text += "; added " + joined(r.added);
  if (!r.updated.empty()) text += "; updated " + joined(r.updated);
  if (!r.removed.empty()) text += "; removed " + joined(r.removed);
  if (!r.tests_only.empty()) text += "; not served (tests only) " + joined(r.tests_only);
  text += r.failures.empty() ? "\n" : fmt::format("; {} failed\n", r.failures.size());
  for (const auto& f : r.failures) {
    const char* outcome = f.id.empty()      ? "nothing was changed"
                          : f.kept_previous ? "the previous version keeps serving"
                                            : "skipped";
    text += fmt::format("jaring serve: `{}` does not check; {}:\n{}", f.file, outcome, f.diagnostics);
  }
  std::cerr << text << std::flush;
}

}  // namespace

ServerState::ServerState(ServerOptions options)
    : options_(std::move(options)), store_(options_.policies_dir, options_.include_dirs, options_.checker) {
  if (!options_.decision_log.empty())
    log_ = std::make_unique<DecisionLog>(options_.decision_log, !options_.log_unmasked);
  if (!options_.access_log.empty()) access_log_ = std::make_unique<AccessLog>(options_.access_log);
  if (!options_.tokens_file.empty())
    tokens_ = std::make_shared<const std::vector<ApiToken>>(read_tokens(options_.tokens_file));
  jobs_ = std::make_unique<JobStore>(options_.max_jobs, std::chrono::seconds(options_.job_ttl_seconds));
  if (options_.rate_limit > 0)
    rate_limiter_ = std::make_unique<RateLimiter>(
        options_.rate_limit, options_.rate_burst > 0 ? options_.rate_burst : std::max(1.0, options_.rate_limit));
}

std::shared_ptr<const std::vector<ApiToken>> ServerState::tokens() const {
  std::lock_guard lock(tokens_mutex_);
  return tokens_;
}

ReloadReport ServerState::reload(const std::string& why) {
  if (why == "SIGHUP" && !options_.tokens_file.empty()) {
    try {
      auto fresh = std::make_shared<const std::vector<ApiToken>>(read_tokens(options_.tokens_file));
      std::lock_guard lock(tokens_mutex_);
      tokens_ = std::move(fresh);
    } catch (const std::runtime_error& e) {
      log_message(LogLevel::Warn, fmt::format("jaring serve: {}; the tokens read before stay in force\n", e.what()));
    }
  }
  ReloadReport report = store_.reload();
  metrics_.record_reload(report);
  report_on_stderr(report, why, store_.current()->policies.size());
  std::lock_guard lock(readiness_mutex_);
  loaded_ = true;
  // A folder that could not be read changed nothing: its failure stands until a load reads it.
  last_failures_ = report.failures;
  return report;
}

Readiness ServerState::readiness() const {
  Readiness r;
  {
    std::lock_guard lock(readiness_mutex_);
    r.loaded = loaded_;
    r.failed = last_failures_;
  }
  const auto snapshot = store_.current();
  r.policies = snapshot->policies.size();
  r.generation = snapshot->generation;
  r.decision_log = log_ != nullptr;
  if (log_) {
    r.decision_log_writing = !log_->failing();
    r.decision_log_write_errors = log_->write_errors();
  }
  return r;
}

nlohmann::json readiness_json(const Readiness& r) {
  using nlohmann::json;
  json reasons = json::array();
  if (!r.loaded) reasons.push_back("the policies are being loaded");
  for (const auto& f : r.failed)
    reasons.push_back(f.id.empty() ? "the policy folder could not be read"
                                   : "policy `" + f.id + "` does not check (" +
                                         (f.kept_previous ? "its previous version keeps serving" : "not served") + ")");
  if (!r.decision_log_writing) reasons.push_back("the decision log cannot be written");
  json failed = json::array();
  for (const auto& f : r.failed) failed.push_back({{"id", f.id}, {"file", f.file}, {"kept_previous", f.kept_previous}});
  json out = {{"status", r.ready() ? "ready" : "not-ready"},
              {"loaded", r.loaded},
              {"policies", r.policies},
              {"generation", r.generation},
              {"failed", std::move(failed)},
              {"reasons", std::move(reasons)}};
  if (r.decision_log)
    out["decision_log"] = {{"writing", r.decision_log_writing}, {"write_errors", r.decision_log_write_errors}};
  return out;
}

Problem policies_loading() {
  Problem p = problem_for_status(503);
  p.slug = "not-ready";
  p.title = "Not ready";
  p.detail = "the policies are still being loaded; GET /readyz says when the server is ready";
  return p;
}

Metrics::Gauges ServerState::gauges() const {
  const auto snapshot = store_.current();
  return {snapshot->policies.size(), snapshot->generation, log_ ? log_->write_errors() : 0,
          log_ ? log_->lines_lost() : 0};
}

nlohmann::json reload_json(const ReloadReport& report, const Snapshot& snapshot) {
  using nlohmann::json;
  json policies = json::array();
  for (const auto& [id, p] : snapshot.policies) policies.push_back(id);
  json failed = json::array();
  for (const auto& f : report.failures)
    failed.push_back(
        {{"id", f.id}, {"file", f.file}, {"kept_previous", f.kept_previous}, {"diagnostics", f.diagnostics}});
  return json{{"generation", report.generation}, {"policies", std::move(policies)}, {"added", report.added},
              {"updated", report.updated},       {"removed", report.removed},       {"unchanged", report.unchanged},
              {"failed", std::move(failed)}};
}

}  // namespace jaring::server

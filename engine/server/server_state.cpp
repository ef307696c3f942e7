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
    : options_(std::move(options)), store_(options_.policies_dir, options_.include_dirs) {
  if (!options_.decision_log.empty())
    log_ = std::make_unique<DecisionLog>(options_.decision_log, !options_.log_unmasked);
}

ReloadReport ServerState::reload(const std::string& why) {
  ReloadReport report = store_.reload();
  metrics_.record_reload(report);
  report_on_stderr(report, why, store_.current()->policies.size());
  return report;
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

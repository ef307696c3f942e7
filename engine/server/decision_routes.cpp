// POST /v1/policies/{id}/decisions and POST /v1/admin/reload. The connection layer has read
// the body within the limits (and counted a batch's records while reading); the policy snapshot
// is taken when the handler starts, so a request runs on the policies served then, whatever a
// reload does meanwhile.
#include <fmt/format.h>

#include <algorithm>

#include "engine/server/access_control.hpp"
#include "engine/server/decide_request.hpp"
#include "engine/server/routes.hpp"

namespace jaring::server {

namespace {

using nlohmann::json;

// `application/json`, or any `application/...+json`, with or without parameters.
bool is_json_media_type(const std::string& content_type) {
  const std::string media = media_type(content_type);
  const std::string suffix = "+json";
  return media == "application/json" || (media.rfind("application/", 0) == 0 && media.size() > suffix.size() &&
                                         media.compare(media.size() - suffix.size(), suffix.size(), suffix) == 0);
}

Problem unsupported_media_type(const std::string& content_type) {
  Problem p = problem_for_status(415);
  p.detail = content_type.empty() ? "the request has no Content-Type; send application/json"
                                  : "the body must be application/json";
  p.errors.push_back({"", std::nullopt, "", "Content-Type", p.detail});
  return p;
}

}  // namespace

HttpResponse post_decisions(ServerState& state, const HttpRequest& req, const std::string& id) {
  auto found = served_policy(state, req, id);
  if (auto* refused = std::get_if<HttpResponse>(&found)) return std::move(*refused);
  const auto& policy = std::get<std::shared_ptr<const ServedPolicy>>(found);
  const std::string content_type = req.header("Content-Type");
  if (!is_json_media_type(content_type)) return problem_response(unsupported_media_type(content_type));
  auto query = parse_decision_query(req.params);
  if (auto* p = std::get_if<Problem>(&query)) return problem_response(*p);
  const DecisionLimits limits{state.options().max_batch, 64};
  DecisionLog* log = state.decision_log();
  const DecisionQuery& asked = std::get<DecisionQuery>(query);
  DecisionOutcome out = decide_request(*policy, req.body, asked, limits, log != nullptr);
  HttpResponse res;
  res.policy_id = id;
  res.set_header("Jaring-Request-Id", req.request_id);
  res.set_header("Jaring-Policy-Hash", policy->program->hash);
  res.status = out.status;
  if (!out.is_problem) {
    state.metrics().count_decisions(policy->id, out.by_status);
    // A decision in a group with a quota or a budget is eligible, not allocated: the answer says so.
    if (out.unallocated) res.set_header("Jaring-Allocation", "not-applied");
    // The decisions stand; a response whose decisions could not be logged says so.
    const std::string_view dates = asked.date_format == DateFormat{} ? "" : date_format_name(asked.date_format);
    if (log && !log->write(*policy, req.request_id, out.decisions, out.records, dates))
      res.set_header("Jaring-Decision-Log", "not-written");
  }
  res.set_content(std::move(out.body), out.is_problem ? problem_content_type : "application/json");
  return res;
}

HttpResponse post_reload(ServerState& state, const HttpRequest& req) {
  const std::string& token = state.options().admin_token;
  if (token.empty()) {
    Problem p = problem_for_status(404);
    p.detail = "reloading over HTTP is disabled (the server was started without JARING_ADMIN_TOKEN)";
    return problem_response(p);
  }
  const std::string auth = req.header("Authorization");
  const std::string scheme = "Bearer ";
  if (auth.rfind(scheme, 0) != 0 || !same_secret(auth.substr(scheme.size()), token)) {
    HttpResponse res = problem_response(problem_for_status(401));
    res.set_header("WWW-Authenticate", "Bearer realm=\"jaring\"");
    return res;
  }
  const ReloadReport report = state.reload("admin API");
  json body = reload_json(report, *state.store().current());
  if (report.ok()) return json_response(body);
  Problem p{422,
            "reload-failed",
            "Reload failed",
            fmt::format("{} polic{} did not check and {} not swapped in", report.failures.size(),
                        report.failures.size() == 1 ? "y" : "ies", report.failures.size() == 1 ? "was" : "were"),
            {},
            std::move(body)};
  return problem_response(p);
}

}  // namespace jaring::server

// POST /v1/policies/{id}/decisions and POST /v1/admin/reload. Both read their body through a
// ContentReader with the body limit, so that a chunked body is limited as well; the policy
// snapshot is taken before the body is read, so a request runs on the policies served when
// it arrived, whatever a reload does meanwhile.
#include <fmt/format.h>
#include <httplib.h>

#include <algorithm>
#include <cctype>

#include "engine/server/decide_request.hpp"
#include "engine/server/http_connection.hpp"
#include "engine/server/routes.hpp"

namespace jaring::server {

namespace {

using nlohmann::json;

// The whole body, or nothing after sending 413 (too large) or 400 (unreadable).
std::optional<std::string> read_body(const httplib::ContentReader& reader, httplib::Response& res, std::size_t max) {
  std::string body;
  bool too_large = false;
  const bool ok = reader([&](const char* data, std::size_t n) {
    if (body.size() + n > max) {
      too_large = true;
      return false;
    }
    body.append(data, n);
    return true;
  });
  if (ok) return body;
  // What is left of the body on the connection cannot be told from a next request.
  res.set_header("Connection", "close");
  close_after_response();
  const int status = too_large || res.status == 413 ? 413 : current_body_timed_out() ? 408 : 400;
  Problem p = problem_for_status(status);
  if (status == 413) p.detail = fmt::format("the request body is larger than {} bytes", max);
  if (status == 400) p.detail = "the request body could not be read";
  send_problem(res, p);
  return std::nullopt;
}

// `application/json`, or any `application/...+json`, with or without parameters.
bool is_json_media_type(const std::string& content_type) {
  std::string media = content_type.substr(0, content_type.find(';'));
  media.erase(std::remove_if(media.begin(), media.end(), [](unsigned char c) { return std::isspace(c); }), media.end());
  std::transform(media.begin(), media.end(), media.begin(), [](unsigned char c) { return std::tolower(c); });
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

void decisions(ServerState& state, const httplib::Request& req, httplib::Response& res,
               const httplib::ContentReader& reader) {
  const auto snapshot = state.store().current();
  const Metrics::InFlight in_flight(state.metrics());
  const auto body = read_body(reader, res, state.options().max_body);
  if (!body) return;
  const std::string id = req.matches[1];
  const auto policy = snapshot->find(id);
  if (!policy) return send_problem(res, policy_not_found(id));
  const std::string content_type = req.get_header_value("Content-Type");
  if (!is_json_media_type(content_type)) return send_problem(res, unsupported_media_type(content_type));
  auto query = parse_decision_query(req.params);
  if (auto* p = std::get_if<Problem>(&query)) return send_problem(res, *p);
  const DecisionLimits limits{state.options().max_batch, 64};
  DecisionLog* log = state.decision_log();
  DecisionOutcome out = decide_request(*policy, *body, std::get<DecisionQuery>(query), limits, log != nullptr);
  const std::string request_id = next_request_id();
  res.set_header("Jaring-Request-Id", request_id);
  res.set_header("Jaring-Policy-Hash", policy->program->hash);
  res.status = out.status;
  if (!out.is_problem) {
    state.metrics().count_decisions(policy->id, out.decisions);
    // The decisions stand; a response whose decisions could not be logged says so.
    if (log && !log->write(*policy, request_id, out.decisions, out.records))
      res.set_header("Jaring-Decision-Log", "not-written");
  }
  res.set_content(out.body, out.is_problem ? problem_content_type : "application/json");
}

// Constant time in the length of `given`, so the token cannot be guessed byte by byte.
bool same_token(const std::string& given, const std::string& expected) {
  unsigned char diff = given.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < given.size(); ++i)
    diff |= static_cast<unsigned char>(given[i] ^ expected[i % std::max<std::size_t>(expected.size(), 1)]);
  return diff == 0;
}

void admin_reload(ServerState& state, const httplib::Request& req, httplib::Response& res,
                  const httplib::ContentReader& reader) {
  if (!read_body(reader, res, state.options().max_body)) return;
  const std::string& token = state.options().admin_token;
  if (token.empty()) {
    Problem p = problem_for_status(404);
    p.detail = "reloading over HTTP is disabled (the server was started without JARING_ADMIN_TOKEN)";
    return send_problem(res, p);
  }
  const std::string auth = req.get_header_value("Authorization");
  const std::string scheme = "Bearer ";
  if (auth.rfind(scheme, 0) != 0 || !same_token(auth.substr(scheme.size()), token)) {
    res.set_header("WWW-Authenticate", "Bearer realm=\"jaring\"");
    return send_problem(res, problem_for_status(401));
  }
  const ReloadReport report = state.reload("admin API");
  json body = reload_json(report, *state.store().current());
  if (report.ok()) {
    res.status = 200;
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
    return;
  }
  Problem p{422,
            "reload-failed",
            "Reload failed",
            fmt::format("{} polic{} did not check and {} not swapped in", report.failures.size(),
                        report.failures.size() == 1 ? "y" : "ies", report.failures.size() == 1 ? "was" : "were"),
            {},
            std::move(body)};
  send_problem(res, p);
}

}  // namespace

void add_decision_routes(httplib::Server& server, ServerState& state) {
  server.Post(R"(/v1/policies/(.+)/decisions)",
              [&state](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
                decisions(state, req, res, reader);
              });
  server.Post("/v1/admin/reload",
              [&state](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& reader) {
                admin_reload(state, req, res, reader);
              });
}

}  // namespace jaring::server

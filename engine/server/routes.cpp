#include "engine/server/routes.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <optional>
#include <string_view>

#include "engine/server/openapi.hpp"
#include "engine/server/policy_info.hpp"
#include "engine/server/process_metrics.hpp"

namespace jaring::server {

namespace {

using nlohmann::json;

constexpr std::string_view policies_prefix = "/v1/policies/";
constexpr std::string_view decisions_suffix = "/decisions";
constexpr std::string_view populations_suffix = "/populations";
constexpr std::string_view jobs_prefix = "/v1/jobs/";
constexpr std::string_view result_suffix = "/result";

bool is_fixed_get_path(const std::string& path) {
  return path == "/healthz" || path == "/readyz" || path == "/metrics" || path == "/openapi.json" ||
         path == "/v1/policies";
}

// `PREFIX{x}SUFFIX` -> `{x}` (not empty); nothing for other paths.
std::optional<std::string> between(const std::string& path, std::string_view prefix, std::string_view suffix) {
  if (path.size() <= prefix.size() + suffix.size()) return std::nullopt;
  if (path.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  if (path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0) return std::nullopt;
  return path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
}

// `/v1/policies/{id}/decisions` -> `{id}`; nothing for other paths.
std::optional<std::string> decisions_id(const std::string& path) {
  return between(path, policies_prefix, decisions_suffix);
}

std::optional<std::string> populations_id(const std::string& path) {
  return between(path, policies_prefix, populations_suffix);
}

// `/v1/jobs/{job}` or `/v1/jobs/{job}/result` -> `{job}` (no `/` in a job id).
std::optional<std::string> job_id(const std::string& path, bool result) {
  auto id = result ? between(path, jobs_prefix, result_suffix) : between(path, jobs_prefix, "");
  if (!id || id->find('/') != std::string::npos) return std::nullopt;
  return id;
}

std::optional<std::string> policy_id(const std::string& path) {
  if (path.size() <= policies_prefix.size() || path.compare(0, policies_prefix.size(), policies_prefix) != 0)
    return std::nullopt;
  return path.substr(policies_prefix.size());
}

bool is_known_method(const std::string& m) {
  for (const char* known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"})
    if (m == known) return true;
  return false;
}

// 405 with `Allow` for a known path, else 404; OPTIONS on a known path answers 204.
HttpResponse other_method(ServerState& state, const HttpRequest& req) {
  const auto allowed = allowed_methods(*state.store().current(), req.path);
  if (allowed.empty()) return problem_response(problem_for_status(404));
  std::string allow;
  for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
  HttpResponse res;
  res.set_header("Allow", allow);
  if (req.method == "OPTIONS") {
    res.status = 204;
    return res;
  }
  Problem p = problem_for_status(405);
  p.detail = "this resource accepts " + allow;
  send_problem(res, p);
  return res;
}

HttpResponse get_policy(ServerState& state, const HttpRequest& req, const std::string& id) {
  const auto snapshot = state.store().current();
  if (const auto p = snapshot->find(id)) {
    HttpResponse res = json_response(policy_detail(*p));
    res.policy_id = id;
    return res;
  }
  if (!allowed_methods(*snapshot, req.path).empty()) return other_method(state, req);
  return problem_response(policy_not_found(id));
}

HttpResponse get_fixed(ServerState& state, const std::string& path) {
  if (path == "/healthz") {
    const auto snapshot = state.store().current();
    return json_response(
        json{{"status", "ok"}, {"policies", snapshot->policies.size()}, {"generation", snapshot->generation}});
  }
  if (path == "/readyz") {
    const Readiness r = state.readiness();
    return json_response(readiness_json(r), r.ready() ? 200 : 503);
  }
  if (path == "/metrics") {
    HttpResponse res;
    res.set_content(state.metrics().render(state.gauges()) + process_metrics(),
                    "text/plain; version=0.0.4; charset=utf-8");
    return res;
  }
  if (path == "/openapi.json") {
    HttpResponse res;
    res.set_content(std::string(openapi_document()), "application/json");
    return res;
  }
  const auto snapshot = state.store().current();
  json list = json::array();
  for (const auto& [id, p] : snapshot->policies) list.push_back(policy_summary(*p));
  return json_response(json{{"policies", std::move(list)}, {"generation", snapshot->generation}});
}

}  // namespace

namespace {

bool is_api_path(const std::string& path) { return path.rfind("/v1/", 0) == 0 && path != "/v1/admin/reload"; }

// The allowed origin a browser request came from, if it is allowed.
std::optional<std::string> allowed_origin(const ServerState& state, const HttpRequest& req) {
  const std::string origin = req.header("Origin");
  if (origin.empty()) return std::nullopt;
  for (const auto& o : state.options().cors_origins)
    if (o == "*" || o == origin) return origin;
  return std::nullopt;
}

constexpr const char* cors_exposed =
    "X-Request-Id, Jaring-Request-Id, Jaring-Policy-Hash, Jaring-Decision-Log, Retry-After";

// A CORS preflight (OPTIONS with Access-Control-Request-Method): 204 with what may be sent
// for an allowed origin, 403 for another.
HttpResponse preflight(ServerState& state, const HttpRequest& req) {
  const auto origin = allowed_origin(state, req);
  if (!origin) {
    Problem p = problem_for_status(403);
    p.slug = "origin-not-allowed";
    p.title = "Origin not allowed";
    p.detail = "this origin may not call the API from a browser (see --cors-origin)";
    return problem_response(p);
  }
  HttpResponse res;
  res.status = 204;
  res.set_header("Access-Control-Allow-Origin", *origin);
  res.set_header("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS");
  res.set_header("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Request-Id, traceparent");
  res.set_header("Access-Control-Max-Age", "600");
  res.set_header("Vary", "Origin");
  return res;
}

// 401 without a known bearer token, 429 over the client's rate; else nothing (and the
// client's name, when it has a token).
std::optional<HttpResponse> refused(ServerState& state, const HttpRequest& req, std::string& principal) {
  if (const auto tokens = state.tokens()) {
    const std::string auth = req.header("Authorization");
    const std::string scheme = "Bearer ";
    std::optional<std::string> owner;
    if (auth.size() > scheme.size() && iequals(std::string_view(auth).substr(0, scheme.size()), scheme))
      owner = token_owner(*tokens, auth.substr(scheme.size()));
    if (!owner) {
      Problem p = problem_for_status(401);
      p.detail = auth.empty() ? "this API needs `Authorization: Bearer <token>`" : "the bearer token is not valid";
      HttpResponse res = problem_response(p);
      res.set_header("WWW-Authenticate",
                     auth.empty() ? "Bearer realm=\"jaring\"" : "Bearer realm=\"jaring\", error=\"invalid_token\"");
      return res;
    }
    principal = *owner;
  }
  if (RateLimiter* limiter = state.rate_limiter()) {
    if (const auto wait =
            limiter->take(principal.empty() ? req.client : "token:" + principal, std::chrono::steady_clock::now())) {
      Problem p = problem_for_status(429);
      p.detail = fmt::format("more than {} requests a second from this client; retry in {} s",
                             state.options().rate_limit, *wait);
      HttpResponse res = problem_response(p);
      res.set_header("Retry-After", std::to_string(*wait));
      return res;
    }
  }
  return std::nullopt;
}

HttpResponse route(ServerState& state, const HttpRequest& req);

}  // namespace

HttpResponse handle_request(ServerState& state, const HttpRequest& req) {
  if (req.method == "OPTIONS" && req.has_header("Origin") && req.has_header("Access-Control-Request-Method"))
    return preflight(state, req);
  std::string principal;
  std::optional<HttpResponse> refusal;
  if (is_api_path(req.path)) refusal = refused(state, req, principal);
  HttpResponse res = refusal ? std::move(*refusal) : route(state, req);
  res.principal = principal;
  if (const auto origin = allowed_origin(state, req)) {
    res.set_header("Access-Control-Allow-Origin", *origin);
    res.set_header("Access-Control-Expose-Headers", cors_exposed);
    res.set_header("Vary", "Origin");
  }
  return res;
}

namespace {

HttpResponse route(ServerState& state, const HttpRequest& req) {
  if (!is_known_method(req.method)) {
    Problem p = problem_for_status(501);
    p.detail = "the server does not implement the method `" + req.method + "`";
    return problem_response(p);
  }
  if (req.method == "TRACE" || req.method == "CONNECT") return problem_response(problem_for_status(405));
  const bool get = req.method == "GET" || req.method == "HEAD";
  if (get && is_fixed_get_path(req.path)) return get_fixed(state, req.path);
  if (req.method == "POST" && req.path == "/v1/admin/reload") return post_reload(state, req);
  if (req.method == "POST")
    if (const auto id = decisions_id(req.path)) return post_decisions(state, req, *id);
  if (req.method == "POST")
    if (const auto id = populations_id(req.path)) return post_population(state, req, *id);
  if (get)
    for (const bool result : {false, true})
      if (const auto id = job_id(req.path, result)) return get_job(state, *id, result);
  if (get)
    if (const auto id = policy_id(req.path)) return get_policy(state, req, *id);
  return other_method(state, req);
}

}  // namespace

std::string route_of(const std::string& method, const std::string& path) {
  if (is_fixed_get_path(path) || path == "/v1/admin/reload") return path;
  if (method == "POST" && decisions_id(path)) return "/v1/policies/{id}/decisions";
  if (method == "POST" && populations_id(path)) return "/v1/policies/{id}/populations";
  if (job_id(path, true)) return "/v1/jobs/{job}/result";
  if (job_id(path, false)) return "/v1/jobs/{job}";
  if (policy_id(path)) return decisions_id(path) ? "/v1/policies/{id}/decisions" : "/v1/policies/{id}";
  return "other";
}

bool is_decisions_request(const std::string& method, const std::string& path) {
  return method == "POST" && decisions_id(path).has_value();
}

bool is_population_request(const std::string& method, const std::string& path) {
  return method == "POST" && populations_id(path).has_value();
}

std::vector<std::string> allowed_methods(const Snapshot& snapshot, const std::string& path) {
  if (is_fixed_get_path(path)) return {"GET", "HEAD"};
  if (path == "/v1/admin/reload") return {"POST"};
  if (const auto id = policy_id(path); id && snapshot.find(*id)) return {"GET", "HEAD"};
  if (const auto id = decisions_id(path); id && snapshot.find(*id)) return {"POST"};
  if (const auto id = populations_id(path); id && snapshot.find(*id)) return {"POST"};
  if (job_id(path, false) || job_id(path, true)) return {"GET", "HEAD"};
  return {};
}

Problem policy_not_found(const std::string& id) {
  Problem p = problem_for_status(404);
  p.slug = "policy-not-found";
  p.title = "Policy not found";
  p.detail = "no policy is served under this id; GET /v1/policies lists them";
  p.extra = json{{"policy", id}};
  return p;
}

void send_problem(HttpResponse& res, const Problem& problem) {
  res.status = problem.status;
  res.set_content(problem_json(problem), problem_content_type);
}

HttpResponse problem_response(const Problem& problem) {
  HttpResponse res;
  send_problem(res, problem);
  return res;
}

HttpResponse json_response(const json& body, int status) {
  HttpResponse res;
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
  return res;
}

std::string media_type(const std::string& content_type) {
  std::string media = content_type.substr(0, content_type.find(';'));
  media.erase(std::remove_if(media.begin(), media.end(), [](unsigned char c) { return std::isspace(c); }), media.end());
  std::transform(media.begin(), media.end(), media.begin(), [](unsigned char c) { return std::tolower(c); });
  return media;
}

std::variant<std::shared_ptr<const ServedPolicy>, HttpResponse> served_policy(ServerState& state,
                                                                              const HttpRequest& req,
                                                                              const std::string& id) {
  const auto snapshot = req.snapshot ? req.snapshot : state.store().current();
  if (auto policy = snapshot->find(id)) return policy;
  if (state.readiness().loaded) return problem_response(policy_not_found(id));
  HttpResponse res = problem_response(policies_loading());
  res.set_header("Retry-After", "1");
  return res;
}

}  // namespace jaring::server

// The endpoints of the HTTP API (engine/server/openapi.json documents them):
//   GET  /healthz, /readyz, /metrics, /openapi.json, /v1/policies, /v1/policies/{id}
//   POST /v1/policies/{id}/decisions, /v1/policies/{id}/populations, /v1/admin/reload
//   GET  /v1/jobs/{job}, /v1/jobs/{job}/result
// HEAD is GET without the body. Any other method on these paths is 405 (with `Allow`), OPTIONS
// is 204 with `Allow`; TRACE and CONNECT are 405; a method the server does not know is 501; any
// other path is 404. Every error is a problem document (problem.hpp).
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "engine/server/http_message.hpp"
#include "engine/server/problem.hpp"
#include "engine/server/server_state.hpp"

namespace jaring::server {

// Answers one request whose head and body were read in full.
HttpResponse handle_request(ServerState& state, const HttpRequest& req);

// The route template of a request path, for metrics and the access log:
// `/v1/policies/{id}/decisions`, `/v1/policies/{id}`, the fixed paths as they are, anything
// else `other`.
std::string route_of(const std::string& method, const std::string& path);

// The methods `path` accepts given the policies served now; empty for an unknown path.
std::vector<std::string> allowed_methods(const Snapshot& snapshot, const std::string& path);

// Whether `path` with `method` is the decisions endpoint (its body is a batch of records).
bool is_decisions_request(const std::string& method, const std::string& path);
// Whether it is the populations endpoint (its body goes to a job's file).
bool is_population_request(const std::string& method, const std::string& path);

void send_problem(HttpResponse& res, const Problem& problem);
HttpResponse problem_response(const Problem& problem);
HttpResponse json_response(const nlohmann::json& body, int status = 200);

// The media type of a Content-Type: lowercase, without parameters or spaces.
std::string media_type(const std::string& content_type);

// The policy `id` of the snapshot the request started with; else the answer: 503 (with
// Retry-After) while the policies are first loaded, 404 after.
std::variant<std::shared_ptr<const ServedPolicy>, HttpResponse> served_policy(ServerState& state,
                                                                              const HttpRequest& req,
                                                                              const std::string& id);
// 404 for an id no policy is served under.
Problem policy_not_found(const std::string& id);

// The handlers of the two POST endpoints (decision_routes.cpp).
HttpResponse post_decisions(ServerState& state, const HttpRequest& req, const std::string& policy_id);
HttpResponse post_reload(ServerState& state, const HttpRequest& req);

// The population endpoint and its jobs (population_routes.cpp).
HttpResponse post_population(ServerState& state, const HttpRequest& req, const std::string& policy_id);
HttpResponse get_job(ServerState& state, const std::string& job_id, bool result);

}  // namespace jaring::server

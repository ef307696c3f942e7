// The endpoints of the HTTP API (engine/server/openapi.json documents them):
//   GET  /healthz, /metrics, /openapi.json, /v1/policies, /v1/policies/{id}
//   POST /v1/policies/{id}/decisions, /v1/admin/reload
// Any other method on these paths is 405 (with `Allow`); any other path is 404. Every error
// is a problem document (problem.hpp).
#pragma once

#include <string>
#include <vector>

#include "engine/server/problem.hpp"
#include "engine/server/server_state.hpp"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace jaring::server {

void add_routes(httplib::Server& server, ServerState& state);

// The route template of a request path, for metrics: `/v1/policies/{id}/decisions`,
// `/v1/policies/{id}`, the fixed paths as they are, anything else `other`.
std::string route_of(const std::string& method, const std::string& path);

// The methods `path` accepts given the policies served now; empty for an unknown path.
std::vector<std::string> allowed_methods(const Snapshot& snapshot, const std::string& path);

void send_problem(httplib::Response& res, const Problem& problem);
// 404 for an id no policy is served under.
Problem policy_not_found(const std::string& id);

// The handlers of the two POST endpoints (decision_routes.cpp).
void add_decision_routes(httplib::Server& server, ServerState& state);

}  // namespace jaring::server

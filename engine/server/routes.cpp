#include "engine/server/routes.hpp"

#include <httplib.h>

#include <string_view>

#include "engine/server/openapi.hpp"
#include "engine/server/policy_info.hpp"

namespace jaring::server {

namespace {

using nlohmann::json;

constexpr std::string_view policies_prefix = "/v1/policies/";
constexpr std::string_view decisions_suffix = "/decisions";

bool is_fixed_get_path(const std::string& path) {
  return path == "/healthz" || path == "/metrics" || path == "/openapi.json" || path == "/v1/policies";
}

// `/v1/policies/{id}/decisions` -> `{id}`; nothing for other paths.
std::optional<std::string> decisions_id(const std::string& path) {
  if (path.size() <= policies_prefix.size() + decisions_suffix.size()) return std::nullopt;
  if (path.compare(0, policies_prefix.size(), policies_prefix) != 0) return std::nullopt;
  if (path.compare(path.size() - decisions_suffix.size(), decisions_suffix.size(), decisions_suffix) != 0)
    return std::nullopt;
  return path.substr(policies_prefix.size(), path.size() - policies_prefix.size() - decisions_suffix.size());
}

std::optional<std::string> policy_id(const std::string& path) {
  if (path.size() <= policies_prefix.size() || path.compare(0, policies_prefix.size(), policies_prefix) != 0)
    return std::nullopt;
  return path.substr(policies_prefix.size());
}

void send_json(httplib::Response& res, const json& body) {
  res.status = 200;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

// 405 with `Allow` for a known path, else 404; OPTIONS on a known path answers 204.
void other_method(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  const auto allowed = allowed_methods(*state.store().current(), req.path);
  if (allowed.empty()) return send_problem(res, problem_for_status(404));
  std::string allow;
  for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
  res.set_header("Allow", allow);
  if (req.method == "OPTIONS") {
    res.status = 204;
    return;
  }
  Problem p = problem_for_status(405);
  p.detail = "this resource accepts " + allow;
  send_problem(res, p);
}

void get_policy(ServerState& state, const httplib::Request& req, httplib::Response& res) {
  const auto snapshot = state.store().current();
  const std::string id = req.matches[1];
  if (const auto p = snapshot->find(id)) return send_json(res, policy_detail(*p));
  if (!allowed_methods(*snapshot, req.path).empty()) return other_method(state, req, res);
  send_problem(res, policy_not_found(id));
}

void add_read_routes(httplib::Server& server, ServerState& state) {
  server.Get("/healthz", [&state](const httplib::Request&, httplib::Response& res) {
    const auto snapshot = state.store().current();
    send_json(res,
              json{{"status", "ok"}, {"policies", snapshot->policies.size()}, {"generation", snapshot->generation}});
  });
  server.Get("/metrics", [&state](const httplib::Request&, httplib::Response& res) {
    res.set_content(state.metrics().render(state.gauges()), "text/plain; version=0.0.4; charset=utf-8");
  });
  server.Get("/openapi.json", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(openapi_document()), "application/json");
  });
  server.Get("/v1/policies", [&state](const httplib::Request&, httplib::Response& res) {
    const auto snapshot = state.store().current();
    json list = json::array();
    for (const auto& [id, p] : snapshot->policies) list.push_back(policy_summary(*p));
    send_json(res, json{{"policies", std::move(list)}, {"generation", snapshot->generation}});
  });
  server.Get(R"(/v1/policies/(.+))",
             [&state](const httplib::Request& req, httplib::Response& res) { get_policy(state, req, res); });
}

}  // namespace

std::string route_of(const std::string& method, const std::string& path) {
  if (is_fixed_get_path(path) || path == "/v1/admin/reload") return path;
  if (method == "POST" && decisions_id(path)) return "/v1/policies/{id}/decisions";
  if (policy_id(path)) return decisions_id(path) ? "/v1/policies/{id}/decisions" : "/v1/policies/{id}";
  return "other";
}

std::vector<std::string> allowed_methods(const Snapshot& snapshot, const std::string& path) {
  if (is_fixed_get_path(path)) return {"GET", "HEAD"};
  if (path == "/v1/admin/reload") return {"POST"};
  if (const auto id = policy_id(path); id && snapshot.find(*id)) return {"GET", "HEAD"};
  if (const auto id = decisions_id(path); id && snapshot.find(*id)) return {"POST"};
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

void send_problem(httplib::Response& res, const Problem& problem) {
  res.status = problem.status;
  res.set_content(problem_json(problem), problem_content_type);
}

void add_routes(httplib::Server& server, ServerState& state) {
  add_read_routes(server, state);
  add_decision_routes(server, state);
  // Last: whatever the routes above did not take.
  auto other = [&state](const httplib::Request& req, httplib::Response& res) { other_method(state, req, res); };
  server.Get(".*", other);
  server.Post(".*", other);
  server.Put(".*", other);
  server.Patch(".*", other);
  server.Delete(".*", other);
  server.Options(".*", other);
}

}  // namespace jaring::server

#include "engine/server/problem.hpp"

namespace jaring::server {

namespace {

using nlohmann::json;

struct StatusInfo {
  int status;
  const char* slug;
  const char* title;
  const char* detail;
};

// Problems produced outside our handlers (by the HTTP parser or routing) by status code.
constexpr StatusInfo status_table[] = {
    {400, "bad-request", "Bad request", "the request could not be parsed as HTTP"},
    {401, "unauthorized", "Unauthorized", "a valid bearer token is required"},
    {403, "forbidden", "Forbidden", "this request is not allowed"},
    {404, "not-found", "Not found", "there is no such resource"},
    {405, "method-not-allowed", "Method not allowed", "this resource does not accept this method"},
    {408, "request-timeout", "Request timeout", "the request was not received in time"},
    {411, "length-required", "Length required", "the request needs a Content-Length"},
    {413, "body-too-large", "Request body too large", "the request body is larger than the server accepts"},
    {414, "uri-too-long", "URI too long", "the request target is longer than the server accepts"},
    {415, "unsupported-media-type", "Unsupported media type", "the request body must be application/json"},
    {416, "range-not-satisfiable", "Range not satisfiable", "ranges are not supported here"},
    {417, "expectation-failed", "Expectation failed", "the Expect header cannot be met"},
    {422, "unprocessable", "Unprocessable content", "the request could not be processed"},
    {429, "too-many-requests", "Too many requests", "this client sent more requests than it may; retry later"},
    {431, "headers-too-large", "Request header fields too large", "the request headers are too large"},
    {500, "internal-error", "Internal server error", "the server failed to handle the request"},
    {501, "not-implemented", "Not implemented", "the server does not implement this method"},
    {503, "unavailable", "Service unavailable", "the server is shutting down"},
};

json error_json(const ProblemError& e) {
  json out = json::object();
  if (!e.pointer.empty() || e.index || !e.field.empty()) out["pointer"] = e.pointer;
  if (e.index) out["index"] = *e.index;
  if (!e.field.empty()) out["field"] = e.field;
  if (!e.parameter.empty()) out["parameter"] = e.parameter;
  out["detail"] = e.detail;
  return out;
}

}  // namespace

std::string problem_type(const std::string& slug) { return "https://jaring.example/problems/" + slug; }

Problem problem_for_status(int status) {
  for (const auto& s : status_table)
    if (s.status == status) return Problem{status, s.slug, s.title, s.detail, {}, json::object()};
  const bool client = status >= 400 && status < 500;
  return Problem{status,
                 client ? "bad-request" : "internal-error",
                 client ? "Bad request" : "Internal server error",
                 "the request failed",
                 {},
                 json::object()};
}

std::string problem_json(const Problem& p) {
  json out = p.extra.is_object() ? p.extra : json::object();
  out["type"] = problem_type(p.slug);
  out["title"] = p.title;
  out["status"] = p.status;
  out["detail"] = p.detail;
  if (!p.errors.empty()) {
    json errors = json::array();
    for (const auto& e : p.errors) errors.push_back(error_json(e));
    out["errors"] = std::move(errors);
  }
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace jaring::server

// An HTTP request and response as the API's handlers see them, without the transport: the
// connection layer (http_session) parses requests into HttpRequest and writes HttpResponse;
// the routes (routes.cpp) turn one into the other.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/base/text_escape.hpp"

namespace jaring::server {

struct Snapshot;
struct Job;

struct HttpRequest {
  std::string method;                                        // as sent (`GET`, `POST`, ...)
  std::string target;                                        // as sent: path and query
  std::string path;                                          // the target's path, percent-decoded
  std::multimap<std::string, std::string> params;            // the query, percent-decoded
  std::vector<std::pair<std::string, std::string>> headers;  // as sent, in order
  std::string body;
  std::string client;      // the peer's address
  std::string request_id;  // ours, unique in the process (the client's X-Request-Id is echoed apart)
  // The policies served when the request's head arrived (null: take the current ones).
  std::shared_ptr<const Snapshot> snapshot;
  // A population request's job, its body received into the job's input file (body is empty).
  std::shared_ptr<Job> job;

  // The first header of this name (case-insensitive), or empty.
  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Type/Length
  std::string content_type;
  std::string body;
  std::string file;                  // set: the body is this file's content (body is empty)
  std::shared_ptr<const void> hold;  // what `file` needs alive while it is sent
  bool close = false;                // the connection closes after this response
  std::string policy_id;             // for the access log: the policy a request was about, if any
  std::string principal;             // for the access log: the client named by its bearer token, if any

  void set_header(std::string name, std::string value);
  void set_content(std::string text, std::string type) {
    body = std::move(text);
    content_type = std::move(type);
  }
};

// Percent-decoding of a path or a query component (engine/base/text_escape.hpp).
using jaring::percent_decode;

// Splits a request target into its decoded path and query parameters.
void split_target(std::string_view target, std::string& path, std::multimap<std::string, std::string>& params);

bool iequals(std::string_view a, std::string_view b);

}  // namespace jaring::server

// Errors as JSON problem details (RFC 9457): `type`, `title`, `status`, `detail`, and, for
// input that failed field by field, `errors` with one entry per problem. The `type` is a
// stable URI per kind of problem; clients branch on it, not on `title` or `detail`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace jaring::server {

// One problem with one part of the input: a record field, a query parameter or a header.
struct ProblemError {
  std::string pointer;                // JSON Pointer into the body (`/3/nik`), empty if none
  std::optional<std::int64_t> index;  // the record's position in a batch
  std::string field;                  // record field, empty for record-level problems
  std::string parameter;              // query parameter or header, when that was the problem
  std::string detail;                 // lowercase sentence
};

struct Problem {
  int status = 500;
  std::string slug;  // e.g. `record-invalid`; the type URI ends with it
  std::string title;
  std::string detail;
  std::vector<ProblemError> errors;
  nlohmann::json extra = nlohmann::json::object();  // extension members (e.g. a reload report)
};

// The problem's JSON text (application/problem+json). Text from the request is escaped
// safely: invalid UTF-8 is replaced, never thrown on.
std::string problem_json(const Problem& p);

// The `type` URI of a problem slug.
std::string problem_type(const std::string& slug);

// A problem for a status code with no more specific description (404 from routing, 400 from
// the HTTP parser, 413 from the body limit, ...).
Problem problem_for_status(int status);

// Content type of problem responses.
inline constexpr const char* problem_content_type = "application/problem+json";

}  // namespace jaring::server

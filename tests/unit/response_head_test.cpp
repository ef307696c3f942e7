// The head `jaring serve` writes for a string body equals, byte for byte, what Beast's
// serializer writes for the same calls on an http::response (which it replaced).
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>
#include <sstream>

#include "engine/server/response_head.hpp"

namespace jaring::test {

namespace http = boost::beast::http;

namespace {

struct Case {
  unsigned status;
  std::vector<std::pair<std::string, std::string>> headers;
  bool keep_alive;
  std::string body;
  bool head_request;
};

// The calls http_session.cpp's fill_head makes, on either kind of head.
template <typename Out>
void fill(Out& out, const Case& c) {
  out.version(11);
  out.result(c.status);
  out.set(http::field::content_type, "application/json");
  for (const auto& [name, value] : c.headers) out.set(name, value);
  out.set("X-Request-Id", "1796280562820-29486-2");
  out.keep_alive(c.keep_alive);
  if (c.keep_alive) out.set(http::field::keep_alive, "timeout=5");
}

std::string by_beast(const Case& c) {
  http::response<http::string_body> res;
  fill(res, c);
  res.body() = c.body;
  res.prepare_payload();
  if (c.head_request && c.status != 204) {
    res.body().clear();
    res.content_length(c.body.size());
  }
  std::ostringstream out;
  out << res;
  return out.str();
}

std::string by_hand(const Case& c) {
  server::ResponseHead head;
  fill(head, c);
  std::string out;
  head.write(c.body.size(), out);
  return out + (c.head_request && c.status != 204 ? "" : c.body);
}

}  // namespace

TEST_CASE("a response head is written as Beast writes it", "[server]") {
  const std::vector<Case> cases{
      {200, {{"Jaring-Policy-Hash", "sha256:8be3"}, {"Jaring-Allocation", "not-applied"}}, true, "{\"a\":1}", false},
      {200, {}, false, "{}", false},
      {404, {{"Content-Language", "id"}}, true, "{\"title\":\"Not Found\"}", false},
      {429, {{"Retry-After", "1"}}, false, "{}", false},
      {503, {}, true, "", false},
      {204, {}, true, "", false},
      {200, {{"ETag", "\"x\""}}, true, "a body for HEAD", true},
      // A handler's header named like one set later: the later one replaces it, at the end.
      {200, {{"x-request-id", "mine"}, {"Cache-Control", "no-store"}}, true, "{}", false},
      {599, {}, true, "{}", false},  // a code Beast has no reason for
  };
  for (const Case& c : cases) {
    INFO("status " << c.status);
    CHECK(by_hand(c) == by_beast(c));
  }
}

}  // namespace jaring::test

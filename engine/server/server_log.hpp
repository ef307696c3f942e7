// The server's messages on stderr, by level (`--log-level error|warn|info|debug`), and the
// access log (`--access-log FILE|-`): one JSON line per request with the time, request ids,
// method, route, status, bytes in and out, latency, policy, client and W3C trace id.
#pragma once

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace jaring::server {

enum class LogLevel { Error = 0, Warn = 1, Info = 2, Debug = 3 };

// `error`, `warn`, `info` or `debug`; nothing for anything else.
std::optional<LogLevel> parse_log_level(std::string_view text);

// Writes `message` (one or more whole lines) on stderr when `level` is enabled.
void log_message(LogLevel level, std::string_view message);
void set_log_level(LogLevel level);
bool log_enabled(LogLevel level);

struct AccessEntry {
  std::string request_id;
  std::string client_request_id;  // X-Request-Id as the client sent it, if any
  std::string trace_id;           // from a valid `traceparent`, if any
  std::string method;
  std::string route;
  int status = 0;
  std::uint64_t bytes_in = 0;   // the request body
  std::uint64_t bytes_out = 0;  // the response body
  double seconds = 0;           // from the end of the request head to the response written
  std::string policy;
  std::string client;
  std::string principal;  // the client's name from its bearer token
};

class AccessLog {
 public:
  // Opens `path` for appending (`-`: stderr); throws std::runtime_error if it cannot.
  explicit AccessLog(const std::string& path);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void write(const AccessEntry& e);
  void reopen();  // after rotation (SIGHUP)

 private:
  std::string path_;
  std::mutex mutex_;
  int fd_ = -1;
  bool owned_ = false;
  bool failing_ = false;          // the last write failed
  std::uint64_t lines_lost_ = 0;  // lines not written, in all
};

// The JSON line of an entry (without the newline).
std::string access_json(const AccessEntry& e);

// The trace id of a valid W3C `traceparent` (`00-<32 hex>-<16 hex>-<2 hex>`, ids not all
// zero), else empty.
std::string trace_id_of(std::string_view traceparent);

// Whether a client's X-Request-Id is usable as given: 1 to 128 of `A-Za-z0-9._:-`.
bool valid_request_id(std::string_view id);

}  // namespace jaring::server
